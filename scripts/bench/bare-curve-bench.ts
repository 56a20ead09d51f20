// Bare Zero as a curve (issue 14, "The remaining ratios"): N bare job+log
// custom mutators fired without awaiting — while connected, and queued while
// offline then released at reconnect — with the outbox's drain of N queued
// job+log batches beside each point. Zero re-runs every pending mutation on
// each server update, so its time grows faster than N; the outbox hands Zero
// a window at a time and groups batches per push.
//   npm run bench -- curve            # or: node --conditions=zam-source scripts/bench/bare-curve-bench.ts
import {fileURLToPath} from 'node:url';
import {Zero} from '@rocicorp/zero';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import type {Batch} from '../../src/contract/batch.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import {IdbOutboxStore} from '../../src/sync/outbox/idb-outbox-store.ts';
import {createZamClient} from '../../src/zero/zam-client.ts';
import {startTcpProxy} from '../../tests/support/tcp-proxy.ts';
import {startStack, type Stack} from '../lib/stack.ts';
import {bareMutators} from './bare-job-mutator.ts';
import {printRows, type BenchRow} from './stats.ts';

export interface BareCurveOptions {
  /** The points of the curve. Default 250, 500, 1,000, 2,000. */
  readonly counts?: readonly number[] | undefined;
  /** Longest wait for one bare point; past it the point is reported as a bound. Default 60 s. */
  readonly limitMs?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

interface BareZero {
  mutate(request: unknown): {server: Promise<{type: string}>};
  close(): Promise<void>;
  connection: {state: {current: {name: string}}};
}

/** One stack; per point: bare connected, bare offline-released, outbox drain — each on a fresh client. */
export async function benchBareCurve(options: BareCurveOptions = {}): Promise<BenchRow[]> {
  if (typeof indexedDB === 'undefined') {
    const fakeIndexedDBAuto = 'fake-indexeddb/auto';
    await import(fakeIndexedDBAuto);
  }
  const counts = options.counts ?? [250, 500, 1_000, 2_000];
  const limitMs = options.limitMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(`[bench-curve] ${line}`));
  const stack = await startStack({extraMutators: [bareMutators]});
  const sql = postgres(stack.databaseUrl, {max: 1, onnotice: () => {}});
  const rows: BenchRow[] = [];
  try {
    const userID = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, created_at, updated_at) values (${userID}, ${`curve-${userID.slice(0, 8)}@example.com`}, 'Bench', 'technician', now(), now())`;
    const clientRow = crypto.randomUUID();
    await sql`insert into clients (id, name, created_at, updated_at) values (${clientRow}, 'Curve bench', now(), now())`;
    const fire = (bare: BareZero, n: number, label: string) =>
      Array.from({length: n}, (_, i) => {
        const now = Date.now();
        const jobId = crypto.randomUUID();
        return bare.mutate(
          bareMutators.bench.jobWithLog({
            job: {id: jobId, client_id: clientRow, title: `${label} ${i}`, created_at: now, updated_at: now},
            log: {id: crypto.randomUUID(), user_id: userID, action: 'created', loggable_type: 'Job', loggable_id: jobId, client_id: clientRow, job_id: jobId, metadata: {}, created_at: now, updated_at: now},
          } as never),
        ).server;
      });

    for (const n of counts) {
      // 1. Connected: fired once the client is connected.
      const connected = await bareClient(stack, stack.cacheURL, userID);
      await waitFor(() => connected.connection.state.current.name === 'connected', 30_000);
      let started = performance.now();
      const connectedMs = await within(Promise.all(fire(connected, n, `bare connected ${n}`)), limitMs, started);
      await connected.close();
      log(`${n}: bare connected ${describe(connectedMs, limitMs)}`);

      // 2. Offline, released at reconnect: queued while zero-cache is unreachable (a held loopback connection), then let through.
      const proxy = await startTcpProxy(stack.cacheURL);
      proxy.setOnline(false);
      const offline = await bareClient(stack, proxy.url, userID);
      const queued = fire(offline, n, `bare offline ${n}`);
      proxy.setOnline(true);
      started = performance.now();
      const releasedMs = await within(Promise.all(queued), limitMs, started);
      await offline.close();
      await proxy.close();
      log(`${n}: bare offline-released ${describe(releasedMs, limitMs)}`);

      // 3. The outbox: n job+log batches queued (as after a day offline), then the client starts and drains them.
      const drainMs = await drainOutbox(stack, userID, outboxBatches(n, clientRow));
      log(`${n}: outbox drain ${Math.round(drainMs)} ms`);

      rows.push({
        name: `${n.toLocaleString('en')} job+log writes: bare Zero connected · bare Zero offline→released · outbox drain`,
        value: `${describe(connectedMs, limitMs)} · ${describe(releasedMs, limitMs)} · ${seconds(drainMs)}` + ratioNote(drainMs, connectedMs, releasedMs, limitMs),
      });
    }
    return rows;
  } finally {
    await sql.end();
    await stack.stop();
  }
}

async function bareClient(stack: Stack, cacheURL: string, userID: string): Promise<BareZero> {
  return new Zero({
    cacheURL,
    userID,
    auth: await stack.auth.issue(userID, {tokenVersion: 0}),
    schema,
    mutators: bareMutators,
    kvStore: 'mem',
    logLevel: 'error',
    storageKey: `bench-curve-${crypto.randomUUID()}`,
  } as never) as unknown as BareZero;
}

function outboxBatches(n: number, clientRow: string): Batch[] {
  const out: Batch[] = [];
  const writer = createWritePipeline<void>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => void out.push(b)});
  for (let i = 0; i < n; i++) writer.create('jobs', {client_id: clientRow, title: `outbox curve ${n} ${i}`});
  return out;
}

/** Time from the client's start to an empty outbox, with `batches` already queued in it. */
async function drainOutbox(stack: Stack, userID: string, batches: readonly Batch[]): Promise<number> {
  const name = `bench-curve-${crypto.randomUUID()}`;
  const store = await IdbOutboxStore.open({name, channel: null});
  for (const batch of batches) await store.append(batch);
  store.close();
  const started = performance.now();
  const zam = createZamClient({
    cacheURL: stack.cacheURL,
    userID,
    auth: await stack.auth.issue(userID, {tokenVersion: 0}),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync: {outbox: {name}},
  });
  await zam.sync.ready;
  await zam.sync.flush({timeoutMs: 300_000});
  const ms = performance.now() - started;
  await zam.close();
  return ms;
}

/** ms from `started` until `promise` settles, or NaN past `limitMs`. */
async function within(promise: Promise<unknown>, limitMs: number, started: number): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
  try {
    const result = await Promise.race([promise.then(() => 'done' as const), timeout]);
    return result === 'done' ? performance.now() - started : Number.NaN;
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > timeoutMs) throw new Error(`not connected within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const describe = (ms: number, limitMs: number) => (Number.isNaN(ms) ? `> ${seconds(limitMs)} (not done)` : seconds(ms));

function ratioNote(drainMs: number, connectedMs: number, releasedMs: number, limitMs: number): string {
  const vs = (bareMs: number) => (Number.isNaN(bareMs) ? `< ${(drainMs / limitMs).toFixed(2)}×` : `${(drainMs / bareMs).toFixed(2)}×`);
  return ` (drain / bare: ${vs(connectedMs)} connected, ${vs(releasedMs)} released)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const counts = process.argv.find((a) => a.startsWith('--counts='))?.slice(9).split(',').map(Number);
  printRows('curve', await benchBareCurve({counts}));
  process.exit(0);
}
