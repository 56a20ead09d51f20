import {openDB, unwrap, type IDBPDatabase} from 'idb';
import type {Batch} from '../../contract/batch.ts';
import {DeadLetterNotFoundError} from '../../errors/dead-letter-not-found-error.ts';
import {DuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {EditedBatchIdError} from '../../errors/edited-batch-id-error.ts';
import {OutboxClosedError} from '../../errors/outbox-closed-error.ts';
import {OutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';
import {OutboxVersionError} from '../../errors/outbox-version-error.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import {ChangeEmitter} from './change-emitter.ts';
import {decodeDeadLetterRecord, decodeOutboxRecord} from './decode-outbox-record.ts';
import type {OutboxChange, OutboxChangeListener} from './outbox-change.ts';
import {broadcastOutboxChannel, type OutboxChangeChannel} from './outbox-change-channel.ts';
import {
  applyAttempt,
  newPendingRecord,
  toDeadLetter,
  type DeadLetterRecord,
  type OutboxAttempt,
  type OutboxRecord,
} from './outbox-record.ts';
import {OUTBOX_DB_VERSION, upgradeOutboxDB, type OutboxDB} from './outbox-schema.ts';
import type {OutboxStore, RetryOptions} from './outbox-store.ts';
import {errorMessage, errorName, storageError} from './storage-error.ts';

/**
 * Every transaction that changes the outbox or its dead letters commits with
 * `strict` durability: Chromium (since 121) defaults to `relaxed`, which
 * resolves before the data reaches the disk, so a write that resolved could be
 * lost to a power cut. I1 promises the batch is on disk when `append` resolves.
 */
const STRICT: IDBTransactionOptions = {durability: 'strict'};

interface QueuedAppend {
  readonly record: Omit<OutboxRecord, 'seq'>;
  readonly resolve: (record: OutboxRecord) => void;
  readonly reject: (error: unknown) => void;
}

export interface IdbOutboxStoreOptions {
  /** IndexedDB database name; one per app and user, e.g. `zam-outbox:<userID>`. */
  readonly name: string;
  /**
   * Cross-tab change notifications. Default: a BroadcastChannel named after
   * the database when the environment has one; `null` for none.
   */
  readonly channel?: OutboxChangeChannel | null | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * The outbox over IndexedDB (via `idb`).
 *
 * Invariants:
 * - every mutating method is ONE transaction and resolves after `tx.done`
 *   (committed), so a caller that awaited `append` survives a reload 1 ms later;
 * - nothing awaits anything but IndexedDB requests inside a transaction (an
 *   await on the network would let the transaction auto-commit half done);
 * - `append` is one `add` on the key generator plus one entry in the
 *   non-unique `by_batch` index: its cost does not depend on how many batches
 *   are pending (no scans, no lookups);
 * - a duplicate batch id is caught from `#pending`, the ids this connection
 *   knows to be pending: read once at open (so a crash or reload forgets
 *   nothing), kept by its own commits and by the other tabs' change
 *   notifications. A unique index would catch it too, but costs a lookup on
 *   every append (1.2× a bare put in fake-indexeddb). Two tabs appending the
 *   same id before either hears of the other is the one case it misses: both
 *   copies are stored, in seq order, and the server's idempotency
 *   (`zam.applied_batches`) applies the batch once — the second copy is
 *   answered "already applied" (or `batch_id_conflict` with other content),
 *   and every by-id method acts on the lowest seq first;
 * - every change commits with `durability: 'strict'` (see `STRICT`); appends
 *   made in the same tick share ONE transaction (one disk flush), each still
 *   resolving only after that commit;
 * - a storage failure rejects with a named error (`storageError`): a full
 *   disk, a database that cannot open or is blocked, a corrupt record.
 */
export class IdbOutboxStore implements OutboxStore {
  readonly #db: IDBPDatabase<OutboxDB>;
  readonly #emitter: ChangeEmitter;
  readonly #now: () => number;
  #closed: OutboxClosedError | undefined;
  #appends: QueuedAppend[] = [];
  /** Batch ids pending in the outbox (or queued to be), as far as this connection knows. */
  readonly #pending: Set<string>;

  private constructor(db: IDBPDatabase<OutboxDB>, emitter: ChangeEmitter, now: () => number, pending: Set<string>) {
    this.#db = db;
    this.#emitter = emitter;
    this.#now = now;
    this.#pending = pending;
    // Local emits come through here too; tracking them twice is harmless.
    emitter.subscribe((change) => this.#track(change));
  }

  #track(change: OutboxChange): void {
    switch (change.kind) {
      case 'append':
        this.#pending.add(change.batchId);
        break;
      case 'retry':
        this.#pending.add(change.newBatchId);
        break;
      case 'remove':
      case 'dead-letter':
        this.#pending.delete(change.batchId);
        break;
    }
  }

  /**
   * Opens (creating or upgrading) the database. Rejects with
   * `OutboxVersionError` when a newer release already upgraded it past what
   * this code knows. When a newer release in another tab needs to upgrade, this
   * connection closes itself instead of blocking it; later calls then reject
   * with `OutboxClosedError('version-change')`.
   */
  static async open(options: IdbOutboxStoreOptions): Promise<IdbOutboxStore> {
    let store: IdbOutboxStore | undefined;
    let db: IDBPDatabase<OutboxDB>;
    let onBlocked: (error: OutboxUnavailableError) => void = () => {};
    const blocked = new Promise<never>((_resolve, reject) => {
      onBlocked = reject;
    });
    let opening: Promise<IDBPDatabase<OutboxDB>> | undefined;
    try {
      opening = openDB<OutboxDB>(options.name, OUTBOX_DB_VERSION, {
        upgrade(database, oldVersion, newVersion, tx) {
          // A failed upgrade rejects the open (handled below); idb's copy on `done` is not needed.
          tx.done.catch(() => {});
          upgradeOutboxDB(database, oldVersion, newVersion ?? OUTBOX_DB_VERSION, tx);
        },
        blocked(currentVersion) {
          onBlocked(
            new OutboxUnavailableError('blocked', `another tab holds version ${currentVersion} open; this app needs ${OUTBOX_DB_VERSION}`),
          );
        },
        blocking() {
          if (store !== undefined) store.#shutDown(new OutboxClosedError('version-change'));
        },
        terminated() {
          if (store !== undefined) store.#shutDown(new OutboxClosedError('terminated'));
        },
      });
      db = await Promise.race([opening, blocked]);
    } catch (error) {
      // A blocked open may still succeed once the other tab goes: release it then.
      opening?.then((late) => late.close()).catch(() => {});
      if (error instanceof OutboxUnavailableError) throw error;
      if (errorName(error) === 'VersionError') {
        throw new OutboxVersionError('database', Number.NaN, OUTBOX_DB_VERSION, {cause: error});
      }
      throw new OutboxUnavailableError('cannot-open', `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`, {cause: error});
    }
    // Listening before the read, so an append another tab commits meanwhile is not missed.
    const channel = options.channel === undefined ? broadcastOutboxChannel(options.name) : (options.channel ?? undefined);
    const pending = new Set<string>();
    store = new IdbOutboxStore(db, new ChangeEmitter(channel), options.now ?? Date.now, pending);
    try {
      // Once per open (the engine reads every pending record at start anyway).
      for (const row of await db.getAll('outbox')) {
        const batchId = (row as {batchId?: unknown} | undefined)?.batchId;
        if (typeof batchId === 'string') pending.add(batchId);
      }
    } catch (error) {
      store.close();
      throw new OutboxUnavailableError('cannot-open', `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`, {cause: error});
    }
    return store;
  }

  append(batch: Batch): Promise<OutboxRecord> {
    try {
      this.#open();
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#pending.has(batch.id)) return Promise.reject(new DuplicateBatchError(batch.id));
    // Taken at once, so a second append of the id in the same tick is refused too.
    this.#pending.add(batch.id);
    const record = newPendingRecord(batch, this.#now());
    return new Promise<OutboxRecord>((resolve, reject) => {
      this.#appends.push({record, resolve, reject});
      // The first append of a tick schedules the commit of all of them.
      if (this.#appends.length === 1) queueMicrotask(() => this.#commitAppends());
    });
  }

  /**
   * Writes the appends queued in this tick in ONE strict transaction; each
   * resolves after its commit. The hot path, so on the raw IndexedDB API: idb
   * would wrap every request in a promise with its own listeners, and the
   * seqs are only needed once the transaction has committed.
   */
  #commitAppends(): void {
    const queued = this.#appends;
    this.#appends = [];
    const fail = (error: unknown) => {
      // One transaction: nothing of it was written, none of them is pending.
      for (const q of queued) {
        this.#pending.delete(q.record.batchId);
        q.reject(storageError(error, q.record.batchId));
      }
    };
    let tx: IDBTransaction;
    let requests: IDBRequest<IDBValidKey>[];
    try {
      tx = unwrap(this.#open()).transaction('outbox', 'readwrite', STRICT);
      const outbox = tx.objectStore('outbox');
      requests = queued.map((q) => outbox.add(q.record));
    } catch (error) {
      fail(error);
      return;
    }
    tx.oncomplete = () => {
      // Settle every promise before telling anyone: the batches are on disk,
      // and nothing a listener or channel does may leave a create() hanging.
      const records = queued.map((q, i) => {
        const record: OutboxRecord = {...q.record, seq: requests[i]!.result as number};
        q.resolve(record);
        return record;
      });
      for (const record of records) this.#emitter.emit({kind: 'append', batchId: record.batchId, seq: record.seq});
    };
    // A full disk aborts the transaction at commit: its requests only say
    // AbortError, the transaction says why. (A failed request aborts it too.)
    tx.onabort = () => fail(tx.error ?? new DOMException('The outbox transaction was aborted', 'AbortError'));
  }

  async peek(limit: number, afterSeq?: number): Promise<readonly OutboxRecord[]> {
    const db = this.#open();
    if (limit <= 0) return [];
    const range = afterSeq === undefined ? undefined : IDBKeyRange.lowerBound(afterSeq, true);
    const rows = await db.getAll('outbox', range, limit);
    return rows.map(decodeOutboxRecord);
  }

  async get(batchId: string): Promise<OutboxRecord | undefined> {
    const row = await this.#open().getFromIndex('outbox', 'by_batch', batchId);
    return row === undefined ? undefined : decodeOutboxRecord(row);
  }

  async remove(batchIds: readonly string[]): Promise<number> {
    try {
      if (batchIds.length === 0) return 0;
      const tx = this.#open().transaction('outbox', 'readwrite', STRICT);
      const byBatch = tx.store.index('by_batch');
      const removed: string[] = [];
      for (const batchId of batchIds) {
        // The oldest copy only: two tabs that appended one id before either heard of the other keep both,
        // and the second copy must still reach the server (applied once, or refused if its content differs).
        const seq = await byBatch.getKey(batchId);
        if (seq === undefined) continue;
        await tx.store.delete(seq);
        removed.push(batchId);
      }
      await tx.done;
      // One change per id: the cross-tab message format stays what older tabs read.
      for (const batchId of removed) this.#emitter.emit({kind: 'remove', batchId});
      return removed.length;
    } catch (error) {
      throw storageError(error);
    }
  }

  async markAttempt(batchIds: readonly string[], attempt: OutboxAttempt): Promise<void> {
    try {
      if (batchIds.length === 0) return;
      const tx = this.#open().transaction('outbox', 'readwrite', STRICT);
      const byBatch = tx.store.index('by_batch');
      const touched: string[] = [];
      for (const batchId of batchIds) {
        const row = await byBatch.get(batchId);
        if (row === undefined) continue;
        await tx.store.put(applyAttempt(decodeOutboxRecord(row), attempt));
        touched.push(batchId);
      }
      await tx.done;
      if (touched.length > 0) this.#emitter.emit({kind: 'attempt', batchIds: touched});
    } catch (error) {
      throw storageError(error);
    }
  }

  async count(): Promise<number> {
    return await this.#open().count('outbox');
  }

  async oldest(): Promise<OutboxRecord | undefined> {
    const [row] = await this.#open().getAll('outbox', undefined, 1);
    return row === undefined ? undefined : decodeOutboxRecord(row);
  }

  async moveToDeadLetters(batchId: string, rejection: BatchRejection): Promise<DeadLetterRecord | undefined> {
    try {
      const tx = this.#open().transaction(['outbox', 'dead_letters'], 'readwrite', STRICT);
      const outbox = tx.objectStore('outbox');
      const row = await outbox.index('by_batch').get(batchId);
      if (row === undefined) {
        await tx.done;
        return undefined;
      }
      const record = decodeOutboxRecord(row);
      const dead = toDeadLetter(record, rejection, this.#now());
      await Promise.all([outbox.delete(record.seq), tx.objectStore('dead_letters').put(dead), tx.done]);
      this.#emitter.emit({kind: 'dead-letter', batchId});
      return dead;
    } catch (error) {
      throw storageError(error);
    }
  }

  async listDeadLetters(): Promise<readonly DeadLetterRecord[]> {
    const rows = await this.#open().getAllFromIndex('dead_letters', 'by_seq');
    return rows.map(decodeDeadLetterRecord);
  }

  async getDeadLetter(batchId: string): Promise<DeadLetterRecord | undefined> {
    const row = await this.#open().get('dead_letters', batchId);
    return row === undefined ? undefined : decodeDeadLetterRecord(row);
  }

  async countDeadLetters(): Promise<number> {
    return await this.#open().count('dead_letters');
  }

  async discard(batchId: string): Promise<void> {
    try {
      const tx = this.#open().transaction('dead_letters', 'readwrite', STRICT);
      const key = await tx.store.getKey(batchId);
      if (key !== undefined) await tx.store.delete(key);
      await tx.done;
      if (key === undefined) throw new DeadLetterNotFoundError(batchId);
      this.#emitter.emit({kind: 'discard', batchId});
    } catch (error) {
      throw storageError(error);
    }
  }

  async retry(batchId: string, options: RetryOptions = {}): Promise<OutboxRecord> {
    if (options.batch !== undefined && options.batch.id === batchId) throw new EditedBatchIdError(batchId);
    const tx = this.#open().transaction(['outbox', 'dead_letters'], 'readwrite', STRICT);
    const deadLetters = tx.objectStore('dead_letters');
    const outbox = tx.objectStore('outbox');
    const row = await deadLetters.get(batchId);
    if (row === undefined) {
      await tx.done;
      throw new DeadLetterNotFoundError(batchId);
    }
    const dead = decodeDeadLetterRecord(row);
    const batch = options.batch ?? dead.batch;
    if (this.#pending.has(batch.id)) {
      await tx.done;
      throw new DuplicateBatchError(batch.id);
    }
    const unsequenced = newPendingRecord(batch, this.#now());
    // `original`: an explicit key below the generator's current value is
    // allowed and does not move the generator, so later appends keep counting up.
    const toWrite = options.position === 'original' ? {...unsequenced, seq: dead.seq} : unsequenced;
    this.#pending.add(batch.id);
    let seq: number;
    try {
      [seq] = await Promise.all([outbox.add(toWrite as OutboxRecord), deadLetters.delete(batchId), tx.done]);
    } catch (error) {
      this.#pending.delete(batch.id);
      throw storageError(tx.error ?? error, batch.id);
    }
    this.#emitter.emit({kind: 'retry', batchId, newBatchId: batch.id, seq});
    return {...unsequenced, seq};
  }

  subscribe(listener: OutboxChangeListener): () => void {
    return this.#emitter.subscribe(listener);
  }

  close(): void {
    this.#shutDown(new OutboxClosedError('closed'));
  }

  #shutDown(reason: OutboxClosedError): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    this.#emitter.close();
    this.#db.close();
  }

  #open(): IDBPDatabase<OutboxDB> {
    if (this.#closed !== undefined) throw this.#closed;
    return this.#db;
  }
}
