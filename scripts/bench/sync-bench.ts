// Offline-layer benchmark (issue 5). `benchSync()` returns rows for
// scripts/bench.ts; `node scripts/bench/sync-bench.ts` runs it alone.
//   1. outbox append vs a bare idb put (fake-indexeddb), empty and 10,000 pending;
//   2. draining 2,000 queued job+log batches from the outbox through Zero, vs
//      2,000 bare `zam.batch` custom mutators fired without awaiting, vs 2,000
//      direct PostgreSQL transactions (the floor). One run each, ratios printed.
import {fileURLToPath} from 'node:url';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import type {Batch} from '../../src/contract/batch.ts';
import {benchOutboxAppend} from './outbox-bench.ts';
import {IdbOutboxStore} from '../../src/sync/outbox/idb-outbox-store.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {Zero} from '@rocicorp/zero';
import {bareMutators} from './bare-job-mutator.ts';
import {printRows, type BenchRow} from './stats.ts';
import {startStack, type Stack} from '../lib/stack.ts';

/**
 * Bare Zero with thousands of unconfirmed mutations re-runs the whole pending
 * queue on every server update (quadratic); the run is capped so `npm run
 * bench` always ends, and the cap is reported as a bound.
 */
const BARE_LIMIT_MS = 90_000;

export interface SyncBenchOptions {
  /** Batches per drain run. Default 2,000. */
  readonly batches?: number | undefined;
  /** Appends per outbox row. Default 2,000. */
  readonly appends?: number | undefined;
  /** Progress lines (stderr by default). */
  readonly log?: ((line: string) => void) | undefined;
  /** Skip the outbox append micro-benchmark. */
  readonly drainOnly?: boolean | undefined;
}

export async function benchSync(options: SyncBenchOptions = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const log = options.log ?? ((line: string) => console.error(`[bench-sync] ${line}`));
  const appendRows = options.drainOnly ? [] : await benchOutboxAppend({iterations: options.appends ?? 2_000});
  log('outbox append done');
  for (const r of appendRows) {
    rows.push({
      name: `outbox append, ${r.pending.toLocaleString('en')} pending (fake-indexeddb; target ≤ 1.2× bare put)`,
      value:
        `${r.ratioThroughput.toFixed(2)}× throughput, ${r.ratioP50.toFixed(2)}× p50 · append ${r.append.opsPerSec}/s p50 ${r.append.p50Ms} ms p95 ${r.append.p95Ms} ms` +
        ` vs bare put ${r.barePut.opsPerSec}/s p50 ${r.barePut.p50Ms} ms (bare put + the by_batch index ${r.indexRatioP50.toFixed(2)}× p50; + a unique one, the old layout, ${r.uniqueIndexRatioP50.toFixed(2)}×)`,
    });
  }
  rows.push(...(await benchDrain(options.batches ?? 2_000, log)));
  return rows;
}

async function benchDrain(count: number, log: (line: string) => void): Promise<BenchRow[]> {
  if (typeof indexedDB === 'undefined') {
    const fakeIndexedDBAuto = 'fake-indexeddb/auto';
    await import(fakeIndexedDBAuto);
  }
  const stack = await startStack({extraMutators: [bareMutators]});
  const sql = postgres(stack.databaseUrl, {max: 2, onnotice: () => {}});
  try {
    const userID = await insertUser(sql);
    const clientRow = crypto.randomUUID();
    await sql`insert into clients (id, name, created_at, updated_at) values (${clientRow}, 'Bench', now(), now())`;
    const makeBatches = (label: string) => {
      const out: Batch[] = [];
      const writer = createWritePipeline<void>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => void out.push(b)});
      for (let i = 0; i < count; i++) writer.create('jobs', {client_id: clientRow, title: `${label} ${i}`});
      return out;
    };

    // 1. Outbox drain: 2,000 batches already queued (as after a day offline), then the client starts.
    const outboxName = `bench-drain-${crypto.randomUUID()}`;
    const store = await IdbOutboxStore.open({name: outboxName, channel: null});
    for (const batch of makeBatches('outbox')) await store.append(batch);
    store.close();
    log(`${count} batches queued`);
    const started = performance.now();
    const zam = await client(stack, userID, {outbox: {name: outboxName}});
    await zam.sync.flush({timeoutMs: 300_000});
    const outboxMs = performance.now() - started;
    const stats = zam.sync.replayerStats;
    log(`outbox drained in ${Math.round(outboxMs)} ms`);
    await zam.close();

    // 2. Bare Zero: the same job + log as ONE bare custom mutator (no guard, no
    //    idempotency record, no outbox), 2,000 fired without awaiting.
    const bare = new Zero({cacheURL: stack.cacheURL, userID, auth: await stack.auth.issue(userID, {tokenVersion: 0}), schema, mutators: bareMutators, kvStore: 'mem', logLevel: 'error', storageKey: 'bench-sync-bare'} as never) as unknown as {
      mutate(request: unknown): {server: Promise<{type: string}>};
      close(): Promise<void>;
      connection: {state: {current: {name: string}}};
    };
    // Fired once connected (as the ARCHITECTURE measurement): queued before the
    // first connect, Zero re-runs the whole pending queue on every server update.
    for (let waited = 0; bare.connection.state.current.name !== 'connected' && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const bareStarted = performance.now();
    const bareResults = Array.from({length: count}, (_, i) => {
      const now = Date.now();
      const jobId = crypto.randomUUID();
      return bare.mutate(
        bareMutators.bench.jobWithLog({
          job: {id: jobId, client_id: clientRow, title: `bare ${i}`, created_at: now, updated_at: now},
          log: {id: crypto.randomUUID(), user_id: userID, action: 'created', loggable_type: 'Job', loggable_id: jobId, client_id: clientRow, job_id: jobId, metadata: {}, created_at: now, updated_at: now},
        } as never),
      ).server;
    });
    const bareDone = await withTimeout(Promise.all(bareResults), BARE_LIMIT_MS);
    const bareMs = bareDone ? performance.now() - bareStarted : Number.NaN;
    log(`bare Zero done in ${Math.round(bareMs)} ms`);
    await bare.close();

    // 3. Direct PostgreSQL: one transaction per job + log.
    const directStarted = performance.now();
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      await sql.begin(async (tx) => {
        await tx`insert into jobs (id, client_id, title, status, priority, created_at, updated_at) values (${id}, ${clientRow}, ${'direct ' + i}, 'open', 2, now(), now())`;
        await tx`insert into activity_logs (id, user_id, action, loggable_type, loggable_id, job_id, client_id, metadata, created_at, updated_at)
          values (${crypto.randomUUID()}, ${userID}, 'created', 'Job', ${id}, ${id}, ${clientRow}, '{}'::jsonb, now(), now())`;
      });
    }
    const directMs = performance.now() - directStarted;

    const [{n}] = (await sql`select count(*)::int as n from jobs where title like 'outbox %'`) as unknown as [{n: number}];
    const rate = (ms: number) => `${Math.round((count / ms) * 1000)}/s (${(ms / 1000).toFixed(1)} s)`;
    return [
      {name: `drain ${count} queued job+log batches from the outbox`, value: `${rate(outboxMs)}; ${n} rows; ${stats?.groupSends ?? 0} group sends`},
      {
        name: `${count} bare job+log custom mutators, fired without awaiting`,
        value: Number.isNaN(bareMs) ? `did not finish in ${BARE_LIMIT_MS / 1000} s (< ${Math.round((count / BARE_LIMIT_MS) * 1000)}/s)` : rate(bareMs),
      },
      {name: `${count} direct PostgreSQL transactions (floor)`, value: rate(directMs)},
      {
        name: 'outbox drain vs bare Zero (time ratio, < 1 is faster)',
        value: Number.isNaN(bareMs) ? `< ${(outboxMs / BARE_LIMIT_MS).toFixed(2)}×` : `${(outboxMs / bareMs).toFixed(2)}×`,
      },
      {name: 'outbox drain vs direct PostgreSQL (time ratio)', value: `${(outboxMs / directMs).toFixed(2)}×`},
    ];
  } finally {
    await sql.end();
    await stack.stop();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function client(stack: Stack, userID: string, sync: NonNullable<Parameters<typeof createZamClient>[0]['sync']>): Promise<ZamClient> {
  const zam = createZamClient({
    cacheURL: stack.cacheURL,
    userID,
    auth: await stack.auth.issue(userID, {tokenVersion: 0}),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync,
  });
  await zam.sync.ready;
  return zam;
}

async function insertUser(sql: postgres.Sql): Promise<string> {
  const id = crypto.randomUUID();
  await sql`insert into users (id, email, name, role, created_at, updated_at) values (${id}, ${'bench-' + id.slice(0, 8) + '@example.com'}, 'Bench', 'technician', now(), now())`;
  return id;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const batches = Number(process.argv.find((a) => a.startsWith('--batches='))?.slice(10) ?? 2_000);
  printRows('sync', await benchSync({batches, drainOnly: process.argv.includes('--drain-only')}));
  process.exit(0);
}
