import type {RowValue} from '../contract/batch.ts';
import type {ModelConfig} from '../contract/model-config.ts';

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

/**
 * The write side of models, implemented by the lead over the mutator pipeline
 * and `mutateBatch` (one batch per call: the row plus its activity log).
 * Models call it only after client validations passed. `before` holds the
 * row's previous values of the touched columns (activity-log diffs).
 */
export interface ModelWriter {
  /** Insert; `client` resolves with the full row as written. */
  create(config: ModelConfig, attrs: RowValue): WriteResult<RowValue>;
  /** Update only `changes`; `client` resolves with the columns written (changes + e.g. `updated_at`). */
  update(config: ModelConfig, id: string | number, changes: RowValue, before: RowValue): WriteResult<RowValue>;
  destroy(config: ModelConfig, id: string | number, before: RowValue): WriteResult<void>;
  /** Soft delete (`discard` gem): sets the discard column; `client` resolves with the columns written. */
  discard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue>;
  undiscard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue>;
}
