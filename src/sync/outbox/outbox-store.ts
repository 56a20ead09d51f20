import type {Batch} from '../../contract/batch.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import type {OutboxChangeListener} from './outbox-change.ts';
import type {DeadLetterRecord, OutboxAttempt, OutboxRecord} from './outbox-record.ts';

/** Where `retry` puts a dead letter back. See `OutboxStore.retry`. */
export type RetryPosition = 'tail' | 'original';

export interface RetryOptions {
  /** An edited replacement. It MUST carry a new id (`EditedBatchIdError` otherwise). */
  readonly batch?: Batch | undefined;
  /** Default `tail`. */
  readonly position?: RetryPosition | undefined;
}

/**
 * The durable queue of batches not yet confirmed by the server, plus the
 * dead-letter store. Implemented over IndexedDB (`IdbOutboxStore`) and in
 * memory (`MemoryOutboxStore`); both pass `describeOutboxStore`.
 *
 * Every method that changes data resolves only after the change is committed,
 * and notifies `subscribe` listeners after that. No method waits on the
 * network. Appending costs the same with 0 or 10,000 pending batches.
 */
export interface OutboxStore {
  /**
   * Write-ahead: resolves once the batch is durable (the IndexedDB transaction
   * committed), with the record and its device sequence. Rejects with
   * `DuplicateBatchError` when the id is already pending.
   */
  append(batch: Batch): Promise<OutboxRecord>;
  /** Up to `limit` pending records, oldest (lowest seq) first, only those with `seq > afterSeq` when given. */
  peek(limit: number, afterSeq?: number): Promise<readonly OutboxRecord[]>;
  get(batchId: string): Promise<OutboxRecord | undefined>;
  /**
   * Drops confirmed batches in ONE transaction (a replayed group's 50 cost one
   * strict commit, not 50). Resolves with how many were still there (another
   * tab may have removed some); ids not present are skipped.
   */
  remove(batchIds: readonly string[]): Promise<number>;
  /** Records a send attempt for several batches in one transaction; ids not present are skipped. */
  markAttempt(batchIds: readonly string[], attempt: OutboxAttempt): Promise<void>;
  count(): Promise<number>;
  oldest(): Promise<OutboxRecord | undefined>;

  /**
   * Atomically (one transaction over both stores) removes the batch from the
   * outbox and stores it as a dead letter with the server's rejection.
   * Resolves undefined when the batch is no longer pending.
   */
  moveToDeadLetters(batchId: string, rejection: BatchRejection): Promise<DeadLetterRecord | undefined>;
  /** Dead letters in the order their batches were made. */
  listDeadLetters(): Promise<readonly DeadLetterRecord[]>;
  getDeadLetter(batchId: string): Promise<DeadLetterRecord | undefined>;
  countDeadLetters(): Promise<number>;
  /** Forgets a dead letter for good. `DeadLetterNotFoundError` when it is not there. */
  discard(batchId: string): Promise<void>;
  /**
   * Moves a dead letter back into the outbox, atomically (one transaction).
   *
   * Ids: an unedited retry keeps the batch id. That is safe because a rejected
   * batch was rolled back entirely, including the server's record of its id,
   * so the server has never recorded it; and if it somehow had, the very same
   * content would be reported "already applied", which is correct. An EDITED
   * batch must carry a new id (`EditedBatchIdError` otherwise): under the old
   * id, an edit could be dropped as "already applied".
   *
   * Position: `tail` (default) queues it after everything pending, as a new
   * write made now: right with `onRejection: 'continue'`, where the later
   * batches have already been applied. `original` puts it back at its old seq,
   * which is the head of the queue with `onRejection: 'halt'` (nothing after it
   * was sent), so creation order is kept.
   */
  retry(batchId: string, options?: RetryOptions): Promise<OutboxRecord>;

  /** Committed changes from this tab and, when the store has a channel, from other tabs. */
  subscribe(listener: OutboxChangeListener): () => void;
  /** Releases the database and channel. Later calls reject with `OutboxClosedError`. */
  close(): void;
}
