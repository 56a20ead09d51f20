import 'fake-indexeddb/auto';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../../generated/loggable.ts';
import {MODELS} from '../../../generated/models.ts';
import {schema} from '../../../generated/schema.ts';
import {startStack, type Stack} from '../../../scripts/lib/stack.ts';
import {BATCH_FORMAT_VERSION, type Batch} from '../../../src/contract/batch.ts';
import type {JSONValue} from '../../../src/contract/model-config.ts';
import {createWritePipeline} from '../../../src/pipeline/write-pipeline.ts';
import type {BatchWrite} from '../../../src/sync/batch-write.ts';
import {createZamClient, type ZamClient} from '../../../src/zero/zam-client.ts';
import {startTcpProxy, type TcpProxy} from '../tcp-proxy.ts';
import {ApiProcess} from './api-process.ts';
import {ChaosHistory} from './chaos-history.ts';
import {checkHistory, type Anomaly} from './check-history.ts';
import {SeededRandom} from './seeded-random.ts';

/**
 * What the scheduler can inject: `cut` (a device's link down), `slow` (a
 * device's link slow and throttled), `crash` (a device loses all in-memory
 * state and reopens from IndexedDB), `expire` (a device's token expires and
 * its connection drops: needs-auth, the refresh hook, resume), `switch` (a
 * device moves to the other zero-cache app on the same PostgreSQL),
 * `api-kill` (the API server process `kill -9` and restarted), `zero-kill`
 * (zero-cache `kill -9` and restarted on its replica), `pg-restart`
 * (PostgreSQL restarted).
 */
export type FaultKind = 'cut' | 'slow' | 'crash' | 'expire' | 'switch' | 'api-kill' | 'zero-kill' | 'pg-restart';

/** Every fault kind, in the order `--faults` lists them. */
export const FAULT_KINDS: readonly FaultKind[] = ['cut', 'slow', 'crash', 'expire', 'switch', 'api-kill', 'zero-kill', 'pg-restart'];

export interface ChaosOptions {
  readonly devices: number;
  /** Batches each device makes. */
  readonly batches: number;
  readonly seed: number;
  /** Which faults the scheduler injects (default: all). */
  readonly faults?: readonly FaultKind[] | undefined;
  /** Mean pause between two faults, ms (default 1,500). */
  readonly faultEveryMs?: number | undefined;
  /** Mean pause between two writes of a device, ms (default 40). */
  readonly paceMs?: number | undefined;
  /**
   * Planted server bugs, for the test that shows the checker catches them:
   * `no-idempotency` (a replayed batch is applied again), `lost-update`
   * (a job's priority change is dropped while the rest of the update is
   * written and the batch claimed).
   */
  readonly plant?: readonly ('no-idempotency' | 'lost-update')[] | undefined;
  readonly log?: ((line: string) => void) | undefined;
  /** What PostgreSQL and the zero-cache apps print (warnings and errors), e.g. to a file for a post-mortem. */
  readonly stackLog?: ((line: string) => void) | undefined;
}

export interface ChaosResult {
  readonly history: ChaosHistory;
  readonly anomalies: readonly Anomaly[];
  readonly batches: number;
  readonly applied: number;
  readonly deadLetters: number;
  readonly faults: Record<string, number>;
  /**
   * zero-cache processes the harness restarted as an orchestrator's liveness
   * check would: one that exited, or lives on with a failed worker (Zero's own
   * failure mode, not this library's; see `ZeroCacheHandle.failedWorker`).
   */
  readonly supervisorRestarts: readonly string[];
  readonly durationMs: number;
}

type JobRow = {id: string; client_id: string; title: string; status: string; priority: number; discarded_at?: number | null};

/**
 * One simulated device: its own Zero client (in-memory store, so a crash
 * loses what Zero held), its own outbox in (fake) IndexedDB, its own link to
 * zero-cache through a switchable proxy. A crash drops every in-memory
 * state and reopens from IndexedDB.
 */
class Device {
  client: ZamClient | undefined;
  readonly jobs = new Map<string, JobRow & {tasks: number}>();
  #opening: Promise<void> | undefined;
  /** Times the sync status went to needs-auth, and the refresh hook was called. */
  needsAuth = 0;
  refreshed = 0;

  readonly index: number;
  readonly userID: string;
  readonly token: () => Promise<string>;
  readonly proxy: TcpProxy;
  readonly history: ChaosHistory;

  constructor(index: number, userID: string, token: () => Promise<string>, proxy: TcpProxy, history: ChaosHistory) {
    this.index = index;
    this.userID = userID;
    this.token = token;
    this.proxy = proxy;
    this.history = history;
  }

  get outboxName(): string {
    return `chaos-${this.userID}`;
  }

  async open(): Promise<void> {
    const client = createZamClient({
      cacheURL: this.proxy.url,
      userID: this.userID,
      auth: await this.token(),
      schema,
      models: MODELS,
      activityLog: ACTIVITY_LOG,
      kvStore: 'mem',
      // Zero's state per cache app, as a browser keeps it per origin: Zero's named memory stores outlive a
      // closed client (a reopen finds its client group, as IndexedDB would), and a client group is known
      // to the app that made it only — elsewhere it is `ClientNotFound`, and Zero reloads.
      storageKey: `cache-${this.proxy.target}`,
      sync: {
        outbox: {name: this.outboxName},
        // The app's refresh hook: a new sign-in.
        getAuth: () => {
          this.refreshed++;
          return this.token();
        },
      },
    });
    let last: string | undefined;
    client.sync.subscribeStatus((status) => {
      if (status.state === 'needs-auth' && last !== 'needs-auth') this.needsAuth++;
      last = status.state;
    });
    await client.sync.ready;
    this.client = client;
  }

  /** Whether Zero is connected to zero-cache (the link, the cache and the token all good). */
  get connected(): boolean {
    return this.client?.zero.connection.state.current.name === 'connected';
  }

  /** What the device looks like now, for an anomaly that says it did not recover: link, cache, Zero, sync. */
  diagnosis(caches: readonly string[]): string {
    const client = this.client;
    const cache = caches.indexOf(this.proxy.target);
    const zero = client?.zero.connection.state.current;
    const status = client?.sync.status;
    return [
      `link ${this.proxy.online ? 'up' : 'down'} to cache ${cache < 0 ? this.proxy.target : cache === 0 ? 'A' : 'B'}`,
      client === undefined ? 'no client (reopening)' : `Zero ${zero?.name ?? '?'}${zero !== undefined && 'reason' in zero && zero.reason !== undefined ? ` (${String(zero.reason)})` : ''}`,
      status === undefined ? '' : `sync ${status.state}, ${status.pending} pending, replayer ${status.replayer}${status.lastError === null ? '' : `, last error: ${status.lastError}`}`,
    ]
      .filter(Boolean)
      .join('; ');
  }

  /** Waits while the device is reopening after a crash. */
  async ready(): Promise<ZamClient> {
    await this.#opening;
    return this.client!;
  }

  /** `toCache`: reopen against another zero-cache (the `switch` fault). */
  async crash(toCache?: string): Promise<void> {
    const crashed = this.client;
    this.client = undefined;
    this.#opening = (async () => {
      // Not a graceful shutdown: nothing is flushed; the outbox is all that survives.
      await crashed?.close().catch(() => {});
      if (toCache !== undefined) this.proxy.setTarget(toCache);
      await this.open();
    })();
    await this.#opening;
  }

  /**
   * The sign-in expires: Zero is handed a token that expired already (as if
   * it ran out while the device was offline), and the link drops so the
   * next connection presents it. Resolves once the device went through
   * needs-auth, its refresh hook signed in again, and it is connected.
   */
  async expireToken(expired: string, timeoutMs: number): Promise<boolean> {
    const client = await this.ready();
    const before = this.refreshed;
    await client.zero.connection.connect({auth: expired});
    this.proxy.setOnline(false);
    this.proxy.setOnline(true);
    return await waitFor(() => this.refreshed > before && this.connected, timeoutMs);
  }

  /** Makes one batch; returns once it is in the outbox (write-ahead), with its ack recorded when it comes. */
  async act(random: SeededRandom, clientRow: string): Promise<void> {
    const client = await this.ready();
    const pipeline = createWritePipeline<Batch>({models: MODELS, activityLog: ACTIVITY_LOG, send: (batch) => batch});
    const live = [...this.jobs.values()].filter((j) => j.discarded_at == null);
    const roll = random.next();
    let kind: string;
    let batch: Batch | null;
    if (live.length === 0 || roll < 0.35) {
      kind = 'create';
      const title = `Chaos ${this.index}-${random.int(0, 1e6)}`;
      const priority = random.int(0, 5);
      const created = pipeline.create('jobs', {client_id: clientRow, title, priority});
      batch = created.write;
      this.jobs.set(created.id, {id: created.id, client_id: clientRow, title, status: 'open', priority, tasks: 0});
    } else if (roll < 0.5) {
      // A multi-record write: a job and its first task in ONE batch.
      kind = 'job+task';
      const title = `Chaos ${this.index}-${random.int(0, 1e6)} with task`;
      const job = pipeline.create('jobs', {client_id: clientRow, title});
      const task = pipeline.create('tasks', {job_id: job.id, title: 'First step'});
      batch = {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [...job.write.ops, ...task.write.ops]};
      this.jobs.set(job.id, {id: job.id, client_id: clientRow, title, status: 'open', priority: 2, tasks: 1});
    } else if (roll < 0.8) {
      kind = 'update';
      const job = random.pick(live);
      const changes: Record<string, JSONValue> = random.next() < 0.5 ? {title: `${job.title} ·`} : {priority: random.int(0, 5)};
      batch = pipeline.update('jobs', row(job), changes);
      Object.assign(job, changes);
    } else if (roll < 0.9) {
      kind = 'discard';
      const job = random.pick(live);
      batch = pipeline.discard('jobs', row(job));
      job.discarded_at = Date.now();
    } else {
      const job = random.pick(live.filter((j) => j.tasks === 0));
      if (job === undefined) return this.act(random, clientRow);
      kind = 'destroy';
      batch = pipeline.destroy('jobs', row(job));
      this.jobs.delete(job.id);
    }
    if (batch === null) return;
    this.history.made(this.index, kind, batch);
    const write: BatchWrite = client.mutateBatch(batch);
    write.server.then(
      (outcome) => this.history.acks.push({device: this.index, batchId: batch.id, outcome: outcome.status}),
      () => {
        // Rejected (a dead letter, checked at the end) or cut short by a crash (replayed from the outbox).
      },
    );
    await write.client.catch(() => {});
  }
}

function row(job: JobRow): JobRow {
  const {id, client_id, title, status, priority} = job;
  return {id, client_id, title, status, priority};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 50 ms until it holds (true) or `timeoutMs` passes (false): waiting for a state, never for a time. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** How often each kind is drawn after the first round, relative to the others. */
const FAULT_WEIGHTS: Readonly<Record<FaultKind, number>> = {cut: 4, slow: 3, crash: 3, expire: 2, switch: 2, 'api-kill': 2, 'zero-kill': 1, 'pg-restart': 1};

/** How long a fault may take to heal before the run reports it as an anomaly (`recovery`). */
const RECOVERY_MS = 90_000;

/** How long each device may take to drain after the heal. */
const DRAIN_MS = 300_000;

/** How long one write may take to reach the device's outbox (a device reopening after a crash included). */
const WRITE_MS = 60_000;

/** Whether `promise` settles within `ms` (rejections pass through). */
async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The processes of the runs under way, for `killChaosProcesses`. */
const RUNNING = new Set<() => number[]>();

/**
 * The backstop for a run cut short by its test's timeout (its own `finally`
 * never comes): SIGKILLs whatever its stack and API server still run, and
 * returns those PIDs. For an `afterAll`.
 */
export function killChaosProcesses(): number[] {
  const killed: number[] = [];
  for (const pids of RUNNING) {
    for (const pid of pids().filter(isAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // Gone meanwhile.
      }
    }
  }
  RUNNING.clear();
  return killed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A chaos run on the real stack: PostgreSQL, zero-cache (two apps when
 * `switch` is on), and the API server in a process of its own. Devices
 * write at random while the seeded fault scheduler injects the faults of
 * `FaultKind`, one at a time, each waiting for real readiness (a port
 * served, a connection up) before the next; then everything heals, every
 * device drains, and the checker compares PostgreSQL with the history.
 * Every process is stopped by PID at the end, and checked to be gone.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const faults = options.faults ?? FAULT_KINDS;
  const jwtSecret = `chaos-${options.seed}-${crypto.randomUUID()}`;
  const history = new ChaosHistory();
  const recoveries: Anomaly[] = [];
  let stack: Stack | undefined;
  let api: ApiProcess | undefined;
  let sql: postgres.Sql | undefined;
  const proxies: TcpProxy[] = [];
  const devices: Device[] = [];
  let result: ChaosResult;
  let left: number[];
  const livePids = () => [...(stack?.pids() ?? []), ...(api?.pids ?? [])];
  RUNNING.add(livePids);
  try {
    stack = await startStack({jwtSecret, log: options.stackLog});
    const running = stack;
    sql = postgres(stack.databaseUrl, {max: 2, onnotice: () => {}});
    // The in-process API server gives way to one in its own process, on the same port zero-cache calls.
    await stack.stopApi();
    api = new ApiProcess({
      databaseUrl: stack.databaseUrl,
      jwtSecret,
      port: Number(new URL(stack.apiURL).port),
    });
    await api.start();
    const plants = options.plant ?? [];
    if (plants.includes('no-idempotency')) await plantNoIdempotency(sql);
    if (plants.includes('lost-update')) await plantLostUpdate(sql);
    // The second zero-cache app: same PostgreSQL, same API server, its own ZERO_APP_ID, replica and port.
    const caches = [stack.cacheURL];
    if (faults.includes('switch')) caches.push((await stack.startZeroCacheApp('zam_chaos_b')).url);

    const [clientRowRecord] = await sql`insert into clients (id, name, created_at, updated_at) values (gen_random_uuid(), 'Chaos client', now(), now()) returning id`;
    const clientRow = String(clientRowRecord!.id);
    for (let i = 0; i < options.devices; i++) {
      const [user] = await sql`insert into users (id, email, name, role, active, created_at, updated_at)
        values (gen_random_uuid(), ${`chaos-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`}, ${`Device ${i}`}, 'dispatcher', true, now(), now()) returning id`;
      const userID = String(user!.id);
      const proxy = await startTcpProxy(stack.cacheURL);
      proxies.push(proxy);
      const auth = stack.auth;
      const device = new Device(i, userID, () => auth.issue(userID, {tokenVersion: 0}), proxy, history);
      await device.open();
      devices.push(device);
    }
    log(`chaos: ${options.devices} devices × ${options.batches} batches, seed ${options.seed}, faults ${faults.join(', ')}`);

    let writing = true;
    const scheduler = new SeededRandom(options.seed);
    const every = options.faultEveryMs ?? 1_500;
    const recovered = (kind: FaultKind, ok: boolean, what: string) => {
      if (!ok) recoveries.push({kind: 'recovery', detail: `${kind}: ${what} within ${RECOVERY_MS / 1000} s`});
    };
    const didNotRecover = (kind: FaultKind, device: Device, what: string) => (ok: boolean) => {
      recovered(kind, ok, `${what} [${device.diagnosis(caches)}]`);
    };
    const inject = async (kind: FaultKind, device: Device) => {
      const atMs = Date.now() - started;
      switch (kind) {
        case 'cut':
          history.faults.push({atMs, kind, device: device.index});
          device.proxy.setOnline(false);
          await sleep(scheduler.int(200, 3_000));
          device.proxy.setOnline(true);
          break;
        case 'slow': {
          // 50–600 ms each way, 16–256 KiB/s, for 1–4 s.
          history.faults.push({atMs, kind, device: device.index});
          device.proxy.setSlow(scheduler.int(50, 600), scheduler.int(16, 256) * 1024);
          await sleep(scheduler.int(1_000, 4_000));
          device.proxy.setSlow(0);
          break;
        }
        case 'crash':
          history.faults.push({atMs, kind, device: device.index});
          await device.crash();
          break;
        case 'expire': {
          history.faults.push({atMs, kind, device: device.index});
          const expired = await running.auth.issue(device.userID, {tokenVersion: 0, expiresIn: '-1s'});
          didNotRecover(kind, device, `device ${device.index} did not sign in again and reconnect`)(await device.expireToken(expired, RECOVERY_MS));
          break;
        }
        case 'switch': {
          // To the other cache app, mid-replay. It knows nothing of this device's client group: a live Zero
          // client moved there is answered `ClientNotFound` and Zero reloads (a browser tab would), so the
          // device reloads — a Zero client of that app, the outbox reopened from IndexedDB — and exactly-once
          // rests on the batch ids in zam.applied_batches alone.
          const to = caches.find((url) => url !== device.proxy.target) ?? caches[0]!;
          history.faults.push({atMs, kind, device: device.index});
          await device.crash(to);
          didNotRecover(kind, device, `device ${device.index} did not connect to ${to}`)(await waitFor(() => device.connected, RECOVERY_MS));
          break;
        }
        case 'api-kill':
          history.faults.push({atMs, kind});
          await api!.kill9();
          await sleep(scheduler.int(200, 2_000));
          await api!.start(); // resolves once it listens
          break;
        case 'zero-kill':
          history.faults.push({atMs, kind});
          await running.killZeroCache();
          await sleep(scheduler.int(200, 2_000));
          await running.startZeroCache(); // resolves once it serves HTTP
          break;
        case 'pg-restart':
          history.faults.push({atMs, kind});
          await running.restartPostgres(); // resolves once it accepts connections
          break;
      }
    };
    // Every kind once first (in a seeded order), so even a short run covers them all; then at random,
    // the heavy ones rarer (a zero-cache restart takes seconds on a loaded machine).
    // The orchestrator: after each fault, a zero-cache that died or lost a worker is restarted.
    const supervisorRestarts: string[] = [];
    const supervise = async () => {
      for (const what of [...(await running.startZeroCache()), ...(await running.restartFailedZeroCacheApps())]) {
        supervisorRestarts.push(what);
        log(`chaos: supervisor restarted ${what}`);
      }
    };
    const firstRound = scheduler.shuffle(faults);
    const faultLoop = (async () => {
      while (writing) {
        await sleep(scheduler.int(every / 2, every * 1.5));
        if (!writing) break;
        const kind = firstRound.shift() ?? scheduler.pickWeighted(faults, (k) => FAULT_WEIGHTS[k]);
        const device = scheduler.pick(devices);
        const at = Date.now();
        await inject(kind, device);
        await supervise();
        log(`chaos: fault ${kind}${kind === 'cut' || kind === 'slow' || kind === 'crash' || kind === 'expire' || kind === 'switch' ? ` (device ${device.index})` : ''} took ${Date.now() - at} ms`);
      }
    })();

    let done = 0;
    const progress = setInterval(() => log(`chaos: ${done} / ${options.devices * options.batches} batches made, faults ${JSON.stringify(history.faultCounts())}, ${Math.round((Date.now() - started) / 1000)} s`), 30_000);
    try {
      await Promise.all(
        devices.map(async (device) => {
          const random = new SeededRandom(options.seed * 1_000 + device.index + 1);
          for (let i = 0; i < options.batches; i++) {
            // Bounded like the drain: a write whose write-ahead append never settles is an anomaly
            // (create() would hang in the app too), not a run that hangs until the test's timeout.
            const settled = await withTimeout(device.act(random, clientRow), WRITE_MS);
            if (!settled) {
              recoveries.push({kind: 'recovery', detail: `device ${device.index}: write ${i + 1} was not in the outbox within ${WRITE_MS / 1000} s`});
              return;
            }
            done++;
            // Paced like a person (or a busy form), so faults land while devices write.
            await sleep(random.int(0, 2 * (options.paceMs ?? 40)));
          }
        }),
      );
    } finally {
      writing = false;
      clearInterval(progress);
      await faultLoop;
    }

    // Heal: every link up and fast, every server running; each device drains its outbox.
    for (const proxy of proxies) {
      proxy.setOnline(true);
      proxy.setSlow(0);
    }
    if (!api.running) await api.start();
    await supervise();
    log(`chaos: healed after ${Math.round((Date.now() - started) / 1000)} s; draining`);
    // All at once, as real devices would (and so the bound is DRAIN_MS for the run, not per device).
    const drains = devices.map(async (device) => {
      // Bounded: a device that cannot drain (or reopen) is an anomaly, not a run that never ends.
      const drained = await withTimeout(
        (async () => {
          const client = await device.ready();
          await client.sync.flush({timeoutMs: DRAIN_MS});
          for (const dead of await client.sync.listDeadLetters()) {
            history.deadLetters.push({device: device.index, batchId: dead.batchId, reason: `${dead.rejection.code}: ${dead.rejection.message}`});
          }
        })(),
        DRAIN_MS + 10_000,
      ).then(
        (ok) => (ok ? undefined : 'did not reopen and drain'),
        (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
      );
      if (drained !== undefined) recoveries.push({kind: 'recovery', detail: `device ${device.index}: ${drained} within ${DRAIN_MS / 1000} s after the heal [${device.diagnosis(caches)}]`});
    });
    await Promise.all(drains);
    const anomalies = await checkHistory(
      sql,
      history,
      devices.map((d) => d.userID),
      clientRow,
    );
    const expired = history.faults.filter((f) => f.kind === 'expire').length;
    const needsAuth = devices.reduce((n, d) => n + d.needsAuth, 0);
    if (needsAuth < expired) recoveries.push({kind: 'recovery', detail: `${expired} tokens expired, but devices went to needs-auth only ${needsAuth} times`});
    const [appliedCount] = await sql`select count(*)::int as n from zam.applied_batches where batch_id = any(${history.batches.map((b) => b.batchId)}::uuid[])`;
    const crashes = api.crashes.map((detail): Anomaly => ({kind: 'process-crash', detail: `API server ${detail}`}));
    result = {
      history,
      anomalies: [...anomalies, ...recoveries, ...crashes],
      batches: history.batches.length,
      applied: Number(appliedCount?.n ?? 0),
      deadLetters: history.deadLetters.length,
      faults: history.faultCounts(),
      supervisorRestarts,
      durationMs: Date.now() - started,
    };
  } finally {
    for (const device of devices) await device.client?.close().catch(() => {});
    for (const proxy of proxies) await proxy.close().catch(() => {});
    await api?.kill9();
    await sql?.end();
    const pids = livePids();
    await stack?.stop();
    RUNNING.delete(livePids);
    await sleep(200);
    left = pids.filter(isAlive);
  }
  const processesLeft = left.map((pid): Anomaly => ({kind: 'process-left', detail: `process ${pid} still running after the stack stopped`}));
  return {...result, anomalies: [...result.anomalies, ...processesLeft]};
}

/**
 * The planted bug: the server's idempotency switched off. A trigger removes an
 * earlier claim of the same batch id before the server's claim (`INSERT …
 * ON CONFLICT DO NOTHING`) runs, so the claim always succeeds and a replayed
 * batch is applied again — as if the push handler ran a copy of the server
 * mutator without the check.
 */
async function plantNoIdempotency(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    CREATE OR REPLACE FUNCTION zam.planted_forget_claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM zam.applied_batches WHERE batch_id = NEW.batch_id; RETURN NEW; END $$;
    CREATE TRIGGER planted_forget_claim BEFORE INSERT ON zam.applied_batches FOR EACH ROW EXECUTE FUNCTION zam.planted_forget_claim();
  `);
}

/**
 * A planted lost update: a job's priority change is silently dropped while
 * the rest of the update (lock version, timestamps) is written, its log
 * derived and its batch claimed — every history check passes; only the
 * replay of the applied batches (the final-state check) tells.
 */
async function plantLostUpdate(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    CREATE OR REPLACE FUNCTION zam.planted_lose_priority() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.priority := OLD.priority; RETURN NEW; END $$;
    CREATE TRIGGER planted_lose_priority BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION zam.planted_lose_priority();
  `);
}
