import {openDB, type IDBPDatabase} from 'idb';
import {IdbOutboxStore} from '../../src/sync/outbox/idb-outbox-store.ts';
import {OUTBOX_RECORD_VERSION, type OutboxRecord} from '../../src/sync/outbox/outbox-record.ts';
import {testBatch} from '../../src/sync/testing/test-batch.ts';
import {percentile} from './stats.ts';

export interface LatencyStats {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export interface OutboxBenchRow {
  /** Batches already pending when the measurement started. */
  readonly pending: number;
  readonly append: LatencyStats;
  /** A bare `idb` put of the same record into a plain auto-increment store, one transaction each (default durability). */
  readonly barePut: LatencyStats;
  /**
   * The same bare put with `durability: 'strict'`, as the outbox commits: in Chromium the default is
   * relaxed (resolved before the OS has it on disk), so append vs this one is the library's own cost,
   * and this one vs `barePut` is the price of "on disk". (fake-indexeddb ignores the hint.)
   */
  readonly barePutStrict: LatencyStats;
  /** The same bare put into a store with the outbox's (non-unique) batch-id index: the share of the cost that is the index. */
  readonly barePutIndex: LatencyStats;
  /** The same with a UNIQUE batch-id index (the layout before schema version 3), for comparison. */
  readonly barePutUniqueIndex: LatencyStats;
  /** append p50 / bare p50 (target ≤ 1.2). */
  readonly ratioP50: number;
  /** append p50 / strict bare p50, and strict bare p50 / bare p50. */
  readonly strictRatioP50: number;
  readonly durabilityCostP50: number;
  /** bare throughput / append throughput (target ≤ 1.2). */
  readonly ratioThroughput: number;
  /** bare+index p50 / bare p50 and bare+unique index p50 / bare p50. */
  readonly indexRatioP50: number;
  readonly uniqueIndexRatioP50: number;
}

export interface OutboxBenchOptions {
  /** Appends measured per row. Default 2,000. */
  readonly iterations?: number | undefined;
  /** Pending counts to measure at. Default [0, 10_000]. */
  readonly pendingLevels?: readonly number[] | undefined;
  readonly warmup?: number | undefined;
}

/**
 * Micro-benchmark of `IdbOutboxStore.append` against a bare idb put of the
 * same record, with an empty outbox and with many pending batches. Uses
 * fake-indexeddb when there is no real IndexedDB (Node). The point is that
 * append cost does not grow with the number pending (no scans, no re-applying
 * pending writes), and stays close to the raw cost of one IDB transaction.
 */
export async function benchOutboxAppend(options: OutboxBenchOptions = {}): Promise<OutboxBenchRow[]> {
  if (typeof indexedDB === 'undefined') {
    // Installs every IDB global (idb checks them with instanceof). A variable
    // specifier: the side-effect module ships no type declarations.
    const fakeIndexedDBAuto = 'fake-indexeddb/auto';
    await import(fakeIndexedDBAuto);
  }
  const iterations = options.iterations ?? 2_000;
  const warmup = options.warmup ?? 200;
  const rows: OutboxBenchRow[] = [];
  for (const pending of options.pendingLevels ?? [0, 10_000]) {
    const tag = `${Date.now()}-${Math.random().toString(36).slice(2)}`;

    const outboxName = `bench-outbox-${tag}`;
    const bareName = `bench-bare-${tag}`;
    const indexedName = `bench-indexed-${tag}`;
    const uniqueName = `bench-unique-${tag}`;
    const store = await IdbOutboxStore.open({name: outboxName, channel: null});
    await prefill(outboxName, 'outbox', pending);
    const setup = await openDB(bareName, 1, {
      upgrade(db) {
        db.createObjectStore('bare', {keyPath: 'seq', autoIncrement: true});
      },
    });
    setup.close();
    await prefill(bareName, 'bare', pending);
    const setupIndexed = await openDB(indexedName, 1, {
      upgrade(db) {
        db.createObjectStore('bare', {keyPath: 'seq', autoIncrement: true}).createIndex('by_batch', 'batchId', {unique: false});
      },
    });
    setupIndexed.close();
    await prefill(indexedName, 'bare', pending);
    const setupUnique = await openDB(uniqueName, 1, {
      upgrade(db) {
        db.createObjectStore('bare', {keyPath: 'seq', autoIncrement: true}).createIndex('by_batch', 'batchId', {unique: true});
      },
    });
    setupUnique.close();
    await prefill(uniqueName, 'bare', pending);
    const strictName = `bench-strict-${tag}`;
    const setupStrict = await openDB(strictName, 1, {
      upgrade(db) {
        db.createObjectStore('bare', {keyPath: 'seq', autoIncrement: true});
      },
    });
    setupStrict.close();
    await prefill(strictName, 'bare', pending);
    const strictDb = await openDB(strictName, 1);
    const bareDb = await openDB(bareName, 1);
    const indexedDb = await openDB(indexedName, 1);
    const uniqueDb = await openDB(uniqueName, 1);

    // Interleaved, so machine noise (2 shared cores) hits all three alike.
    const appendTimes: number[] = [];
    const bareTimes: number[] = [];
    const indexedTimes: number[] = [];
    const uniqueTimes: number[] = [];
    const strictTimes: number[] = [];
    // The order rotates so that no contender always runs right after the others' garbage.
    for (let i = 0; i < warmup + iterations; i++) {
      const runs = [
        async () => appendTimes.push(await time(() => store.append(testBatch(`append-${i}`, i)))),
        async () => bareTimes.push(await time(() => put(bareDb, record(`bare-${i}`, i)))),
        async () => indexedTimes.push(await time(() => put(indexedDb, record(`indexed-${i}`, i)))),
        async () => uniqueTimes.push(await time(() => put(uniqueDb, record(`unique-${i}`, i)))),
        async () => strictTimes.push(await time(() => put(strictDb, record(`strict-${i}`, i), 'strict'))),
      ];
      for (let k = 0; k < runs.length; k++) await runs[(i + k) % runs.length]?.();
    }
    store.close();
    bareDb.close();
    indexedDb.close();
    uniqueDb.close();
    strictDb.close();

    const append = stats(appendTimes.slice(warmup));
    const barePut = stats(bareTimes.slice(warmup));
    const barePutIndex = stats(indexedTimes.slice(warmup));
    const barePutUniqueIndex = stats(uniqueTimes.slice(warmup));
    const barePutStrict = stats(strictTimes.slice(warmup));
    rows.push({
      pending,
      append,
      barePut,
      barePutStrict,
      barePutIndex,
      barePutUniqueIndex,
      ratioP50: round(append.p50Ms / barePut.p50Ms),
      strictRatioP50: round(append.p50Ms / barePutStrict.p50Ms),
      durabilityCostP50: round(barePutStrict.p50Ms / barePut.p50Ms),
      ratioThroughput: round(barePut.opsPerSec / append.opsPerSec),
      indexRatioP50: round(barePutIndex.p50Ms / barePut.p50Ms),
      uniqueIndexRatioP50: round(barePutUniqueIndex.p50Ms / barePut.p50Ms),
    });
  }
  return rows;
}

function record(batchId: string, i: number): Omit<OutboxRecord, 'seq'> {
  return {
    version: OUTBOX_RECORD_VERSION,
    batchId,
    batch: testBatch(batchId, i),
    createdAt: i,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
}

/** Fills a store with `count` pending records in one transaction (setup, not measured). */
async function prefill(dbName: string, storeName: string, count: number): Promise<void> {
  if (count === 0) return;
  const db = await openDB(dbName);
  const tx = db.transaction(storeName, 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) writes.push(tx.objectStore(storeName).add(record(`pending-${i}`, i)));
  await Promise.all([...writes, tx.done]);
  db.close();
}

async function time(op: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await op();
  return performance.now() - start;
}

async function put(db: IDBPDatabase, value: unknown, durability: IDBTransactionDurability = 'default'): Promise<void> {
  const tx = db.transaction('bare', 'readwrite', {durability});
  await Promise.all([tx.store.put(value), tx.done]);
}

function stats(times: readonly number[]): LatencyStats {
  const total = times.reduce((sum, t) => sum + t, 0);
  return {opsPerSec: Math.round((times.length / total) * 1000), p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95))};
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
