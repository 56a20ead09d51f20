import type {RowValue} from '../contract/batch.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {WriteIntent} from '../contract/write-intent.ts';

/**
 * What the server said about a write's batch. `applied`: committed now;
 * `already-applied`: a replay of a batch it had committed before (exactly
 * once, I3); `unchanged`: nothing differed, so nothing was sent (`batchId`
 * null). Rejections reject `server` instead.
 */
export type ServerOutcome =
  | {readonly status: 'applied' | 'already-applied'; readonly batchId: string}
  | {readonly status: 'unchanged'; readonly batchId: null};

/**
 * The two moments of a write. `client` resolves when the batch is applied
 * locally (and durable in the outbox, I1) with the values actually written
 * (the pipeline adds ids, timestamps, defaults); `server` resolves when the
 * API server committed the batch and rejects when it was rejected (I5).
 */
export type WriteResult<T> = {
  readonly client: Promise<T>;
  readonly server: Promise<ServerOutcome>;
};

/** The writes a model makes; each is one batch (the row plus its activity log) unless collected by `batch()`. */
export interface RowWrites {
  /** Insert; `client` resolves with the full row as written. */
  create(config: ModelConfig, attrs: RowValue, intent?: WriteIntent): WriteResult<RowValue>;
  /** Update only `changes`; `client` resolves with the columns written (changes + e.g. `updated_at`). */
  update(config: ModelConfig, id: string | number, changes: RowValue, before: RowValue, intent?: WriteIntent): WriteResult<RowValue>;
  /** Delete the row; its `deleted` log carries a snapshot of `before`. */
  destroy(config: ModelConfig, id: string | number, before: RowValue, intent?: WriteIntent): WriteResult<void>;
  /** Soft delete (`discard` gem): sets the discard column; `client` resolves with the columns written. */
  discard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue>;
  /** Undo a soft delete; `client` resolves with the columns written. */
  undiscard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue>;
  /**
   * An activity log of a record the same batch does not write (a list's
   * `reordered` log on its parent, next to the items' position updates); only
   * meaningful inside a batch with those writes.
   */
  log(config: ModelConfig, id: string | number, entry: {readonly action: string; readonly metadata: RowValue}): WriteResult<void>;
}

/**
 * Writes collected into ONE batch (a transaction). Each write's `client`
 * resolves at once with the values it will write (nothing is stored or sent
 * yet, as inside a Rails transaction); `commit` sends them all as one batch —
 * one Zero mutation, one PostgreSQL transaction — and every write's `server`
 * settles with that batch. `rollback` drops them: their `server` promises
 * reject with the reason.
 */
export interface BatchedWrites extends RowWrites {
  /** How many writes were collected. */
  readonly size: number;
  /** Sends every collected write as ONE batch. */
  commit(): WriteResult<void>;
  /** Drops the collected writes; their `server` promises reject with `reason`. */
  rollback(reason: unknown): void;
  /**
   * Gives the activity log of the latest collected write of `loggable` the id
   * `logId` (a caller that wrote the log row itself, in the seed design's
   * `mutateBatch` call shape; null keeps the log's own id); false when no
   * collected write logs that record.
   */
  adoptLogId?(loggable: {readonly table: string; readonly id: string}, logId: string | null): boolean;
}

/**
 * The write side of models, implemented over the write pipeline and
 * `mutateBatch` (`createModelBatchWriter`). Models call it only after client
 * validations passed. `before` holds the row's previous values of the touched
 * columns (activity-log diffs, and the lock version the write is based on).
 */
export interface ModelWriter extends RowWrites {
  /** Opens a batch: writes made through the result are sent together by its `commit`. */
  batch(): BatchedWrites;
}
