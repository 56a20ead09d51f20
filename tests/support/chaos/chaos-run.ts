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

export type FaultKind = 'cut' | 'crash' | 'api-kill';

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
  /** A planted server bug, for the test that shows the checker catches it. */
  readonly plant?: 'no-idempotency' | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface ChaosResult {
  readonly history: ChaosHistory;
  readonly anomalies: readonly Anomaly[];
  readonly batches: number;
  readonly applied: number;
  readonly deadLetters: number;
  readonly faults: Record<string, number>;
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
      sync: {outbox: {name: this.outboxName}, getAuth: () => this.token()},
    });
    await client.sync.ready;
    this.client = client;
  }

  /** Waits while the device is reopening after a crash. */
  async ready(): Promise<ZamClient> {
    await this.#opening;
    return this.client!;
  }

  async crash(): Promise<void> {
    const crashed = this.client;
    this.client = undefined;
    this.#opening = (async () => {
      // Not a graceful shutdown: nothing is flushed; the outbox is all that survives.
      await crashed?.close().catch(() => {});
      await this.open();
    })();
    await this.#opening;
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A chaos run on the real stack: PostgreSQL, zero-cache, and the API server
 * in a process of its own. Devices write at random while the seeded fault
 * scheduler cuts their links, crashes them, and kills the API server with
 * SIGKILL mid-push; then everything heals, every device drains, and the
 * checker compares PostgreSQL with the history. Every process is stopped by
 * PID at the end, and checked to be gone.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const faults = options.faults ?? ['cut', 'crash', 'api-kill'];
  const jwtSecret = `chaos-${options.seed}-${crypto.randomUUID()}`;
  const history = new ChaosHistory();
  let stack: Stack | undefined;
  let api: ApiProcess | undefined;
  let sql: postgres.Sql | undefined;
  const proxies: TcpProxy[] = [];
  const devices: Device[] = [];
  let result: ChaosResult;
  let left: number[];
  try {
    stack = await startStack({jwtSecret});
    sql = postgres(stack.databaseUrl, {max: 2, onnotice: () => {}});
    // The in-process API server gives way to one in its own process, on the same port zero-cache calls.
    await stack.stopApi();
    api = new ApiProcess({
      databaseUrl: stack.databaseUrl,
      jwtSecret,
      port: Number(new URL(stack.apiURL).port),
    });
    await api.start();
    if (options.plant === 'no-idempotency') await plantNoIdempotency(sql);

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
    const faultLoop = (async () => {
      while (writing) {
        await sleep(scheduler.int(every / 2, every * 1.5));
        if (!writing) break;
        const kind = scheduler.pick(faults);
        const device = scheduler.pick(devices);
        const atMs = Date.now() - started;
        if (kind === 'cut') {
          history.faults.push({atMs, kind, device: device.index});
          device.proxy.setOnline(false);
          await sleep(scheduler.int(200, 3_000));
          device.proxy.setOnline(true);
        } else if (kind === 'crash') {
          history.faults.push({atMs, kind, device: device.index});
          await device.crash();
        } else {
          history.faults.push({atMs, kind});
          await api!.kill9();
          await sleep(scheduler.int(200, 2_000));
          await api!.start();
        }
      }
    })();

    await Promise.all(
      devices.map(async (device) => {
        const random = new SeededRandom(options.seed * 1_000 + device.index + 1);
        for (let i = 0; i < options.batches; i++) {
          await device.act(random, clientRow);
          // Paced like a person (or a busy form), so faults land while devices write.
          await sleep(random.int(0, 2 * (options.paceMs ?? 40)));
        }
      }),
    );
    writing = false;
    await faultLoop;

    // Heal: every link up, the API server running; each device drains its outbox.
    for (const proxy of proxies) proxy.setOnline(true);
    if (!api.running) await api.start();
    for (const device of devices) {
      const client = await device.ready();
      await client.sync.flush({timeoutMs: 300_000});
      for (const dead of await client.sync.listDeadLetters()) {
        history.deadLetters.push({device: device.index, batchId: dead.batchId, reason: `${dead.rejection.code}: ${dead.rejection.message}`});
      }
    }
    const anomalies = await checkHistory(
      sql,
      history,
      devices.map((d) => d.userID),
    );
    const [appliedCount] = await sql`select count(*)::int as n from zam.applied_batches where batch_id = any(${history.batches.map((b) => b.batchId)}::uuid[])`;
    result = {
      history,
      anomalies,
      batches: history.batches.length,
      applied: Number(appliedCount?.n ?? 0),
      deadLetters: history.deadLetters.length,
      faults: history.faultCounts(),
      durationMs: Date.now() - started,
    };
  } finally {
    for (const device of devices) await device.client?.close().catch(() => {});
    for (const proxy of proxies) await proxy.close().catch(() => {});
    await api?.kill9();
    await sql?.end();
    const pids = [...(stack?.pids() ?? []), ...(api?.pids ?? [])];
    await stack?.stop();
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
