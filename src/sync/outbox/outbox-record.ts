import type {Batch} from '../../contract/batch.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';

/**
 * Persisted record formats of the outbox. These are versioned contracts: a tab
 * running older code may read records written by newer code (and the reverse),
 * so bump the version on any change of shape and teach `decode*` the old ones.
 */
export const OUTBOX_RECORD_VERSION = 1 as const;

export type OutboxStatus = 'pending' | 'sending';

/** One pending batch. Ordered by `seq` (this device's auto-increment), never by clock time. */
export interface OutboxRecord {
  readonly version: typeof OUTBOX_RECORD_VERSION;
  /** Device sequence from the store's key generator: the replay order. */
  readonly seq: number;
  readonly batchId: string;
  readonly batch: Batch;
  /** Epoch ms when the batch entered the outbox (display only: the age of the oldest pending write). */
  readonly createdAt: number;
  /** How many times a send was started. */
  readonly attempts: number;
  /** Epoch ms before which the replayer will not resend (diagnostic; the replayer keeps its own timer). */
  readonly nextAttemptAt: number | null;
  readonly lastError: string | null;
  /**
   * `sending` means a send was started and no outcome was recorded. After a
   * crash such a batch MAY be applied already; it is resent anyway and the
   * server's idempotency turns the duplicate into "already applied".
   */
  readonly status: OutboxStatus;
}

/** A batch the server rejected for good, kept until the user retries or discards it (I5). */
export interface DeadLetterRecord {
  readonly version: typeof OUTBOX_RECORD_VERSION;
  readonly batchId: string;
  readonly batch: Batch;
  /** The outbox seq it had: lists dead letters in the order they were made. */
  readonly seq: number;
  readonly createdAt: number;
  readonly attempts: number;
  readonly rejection: BatchRejection;
  /** Epoch ms when it was moved here. */
  readonly deadAt: number;
}

/** What the replayer records around a send attempt. */
export interface OutboxAttempt {
  /** `sending` increments `attempts`. */
  readonly status: OutboxStatus;
  readonly lastError?: string | null | undefined;
  readonly nextAttemptAt?: number | null | undefined;
}

export function applyAttempt(record: OutboxRecord, attempt: OutboxAttempt): OutboxRecord {
  return {
    ...record,
    status: attempt.status,
    attempts: attempt.status === 'sending' ? record.attempts + 1 : record.attempts,
    lastError: attempt.lastError === undefined ? record.lastError : attempt.lastError,
    nextAttemptAt: attempt.nextAttemptAt === undefined ? record.nextAttemptAt : attempt.nextAttemptAt,
  };
}

/** A freshly queued batch, before the store gives it its `seq`. */
export type UnsequencedRecord = Omit<OutboxRecord, 'seq'>;

/** The record a batch enters the outbox with (append, or a dead letter sent back by retry). */
export function newPendingRecord(batch: Batch, now: number): UnsequencedRecord {
  return {
    version: OUTBOX_RECORD_VERSION,
    batchId: batch.id,
    batch,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
}

/** What a rejected outbox record becomes in the dead-letter store. */
export function toDeadLetter(record: OutboxRecord, rejection: BatchRejection, now: number): DeadLetterRecord {
  return {
    version: OUTBOX_RECORD_VERSION,
    batchId: record.batchId,
    batch: record.batch,
    seq: record.seq,
    createdAt: record.createdAt,
    attempts: record.attempts,
    rejection,
    deadAt: now,
  };
}
