import type {Batch} from '../../contract/batch.ts';
import {DeadLetterNotFoundError} from '../../errors/dead-letter-not-found-error.ts';
import {DuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {EditedBatchIdError} from '../../errors/edited-batch-id-error.ts';
import {OutboxClosedError} from '../../errors/outbox-closed-error.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import {ChangeEmitter} from './change-emitter.ts';
import type {OutboxChangeListener} from './outbox-change.ts';
import {
  applyAttempt,
  newPendingRecord,
  toDeadLetter,
  type DeadLetterRecord,
  type OutboxAttempt,
  type OutboxRecord,
} from './outbox-record.ts';
import type {OutboxStore, RetryOptions} from './outbox-store.ts';

/**
 * The outbox in memory: for Node scripts that accept losing pending writes on
 * exit, and for tests. Same behaviour as `IdbOutboxStore` (same spec). Share one
 * instance between replayers to simulate tabs of one device.
 *
 * `#records` is a Map keyed by seq whose insertion order IS seq order: appends
 * get increasing seqs, and the rare out-of-order insert (`retry` at its original
 * seq) rebuilds the map.
 */
export class MemoryOutboxStore implements OutboxStore {
  #records = new Map<number, OutboxRecord>();
  readonly #seqById = new Map<string, number>();
  readonly #deadLetters = new Map<string, DeadLetterRecord>();
  readonly #emitter = new ChangeEmitter(undefined);
  readonly #now: () => number;
  #nextSeq = 1;
  #closed = false;

  constructor(options: {now?: () => number} = {}) {
    this.#now = options.now ?? Date.now;
  }

  async append(batch: Batch): Promise<OutboxRecord> {
    this.#open();
    if (this.#seqById.has(batch.id)) throw new DuplicateBatchError(batch.id);
    const record = this.#insert(batch, this.#nextSeq++);
    this.#emitter.emit({kind: 'append', batchId: batch.id, seq: record.seq});
    return record;
  }

  async peek(limit: number, afterSeq?: number): Promise<readonly OutboxRecord[]> {
    this.#open();
    const out: OutboxRecord[] = [];
    if (limit <= 0) return out;
    for (const record of this.#records.values()) {
      if (afterSeq !== undefined && record.seq <= afterSeq) continue;
      out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }

  async get(batchId: string): Promise<OutboxRecord | undefined> {
    this.#open();
    const seq = this.#seqById.get(batchId);
    return seq === undefined ? undefined : this.#records.get(seq);
  }

  async remove(batchIds: readonly string[]): Promise<number> {
    this.#open();
    const removed: string[] = [];
    for (const batchId of batchIds) {
      const seq = this.#seqById.get(batchId);
      if (seq === undefined) continue;
      this.#records.delete(seq);
      this.#seqById.delete(batchId);
      removed.push(batchId);
    }
    for (const batchId of removed) this.#emitter.emit({kind: 'remove', batchId});
    return removed.length;
  }

  async markAttempt(batchIds: readonly string[], attempt: OutboxAttempt): Promise<void> {
    this.#open();
    const touched: string[] = [];
    for (const batchId of batchIds) {
      const seq = this.#seqById.get(batchId);
      const record = seq === undefined ? undefined : this.#records.get(seq);
      if (seq === undefined || record === undefined) continue;
      this.#records.set(seq, applyAttempt(record, attempt));
      touched.push(batchId);
    }
    if (touched.length > 0) this.#emitter.emit({kind: 'attempt', batchIds: touched});
  }

  async count(): Promise<number> {
    this.#open();
    return this.#records.size;
  }

  async oldest(): Promise<OutboxRecord | undefined> {
    this.#open();
    return this.#records.values().next().value;
  }

  async moveToDeadLetters(batchId: string, rejection: BatchRejection): Promise<DeadLetterRecord | undefined> {
    this.#open();
    const record = await this.get(batchId);
    if (record === undefined) return undefined;
    const dead = toDeadLetter(record, rejection, this.#now());
    this.#records.delete(record.seq);
    this.#seqById.delete(batchId);
    this.#deadLetters.set(batchId, dead);
    this.#emitter.emit({kind: 'dead-letter', batchId});
    return dead;
  }

  async listDeadLetters(): Promise<readonly DeadLetterRecord[]> {
    this.#open();
    return [...this.#deadLetters.values()].sort((a, b) => a.seq - b.seq);
  }

  async getDeadLetter(batchId: string): Promise<DeadLetterRecord | undefined> {
    this.#open();
    return this.#deadLetters.get(batchId);
  }

  async countDeadLetters(): Promise<number> {
    this.#open();
    return this.#deadLetters.size;
  }

  async discard(batchId: string): Promise<void> {
    this.#open();
    if (!this.#deadLetters.delete(batchId)) throw new DeadLetterNotFoundError(batchId);
    this.#emitter.emit({kind: 'discard', batchId});
  }

  async retry(batchId: string, options: RetryOptions = {}): Promise<OutboxRecord> {
    this.#open();
    const dead = this.#deadLetters.get(batchId);
    if (dead === undefined) throw new DeadLetterNotFoundError(batchId);
    const batch = options.batch ?? dead.batch;
    if (options.batch !== undefined && options.batch.id === batchId) throw new EditedBatchIdError(batchId);
    if (this.#seqById.has(batch.id)) throw new DuplicateBatchError(batch.id);
    const original = options.position === 'original';
    const record = this.#insert(batch, original ? dead.seq : this.#nextSeq++);
    if (original) this.#records = new Map([...this.#records].sort(([a], [b]) => a - b));
    this.#deadLetters.delete(batchId);
    this.#emitter.emit({kind: 'retry', batchId, newBatchId: batch.id, seq: record.seq});
    return record;
  }

  subscribe(listener: OutboxChangeListener): () => void {
    return this.#emitter.subscribe(listener);
  }

  close(): void {
    this.#closed = true;
    this.#emitter.close();
  }

  #insert(batch: Batch, seq: number): OutboxRecord {
    const record: OutboxRecord = {...newPendingRecord(batch, this.#now()), seq};
    this.#records.set(seq, record);
    this.#seqById.set(batch.id, seq);
    return record;
  }

  #open(): void {
    if (this.#closed) throw new OutboxClosedError('closed');
  }
}
