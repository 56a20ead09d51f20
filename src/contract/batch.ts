import type {JSONValue} from './model-config.ts';

/**
 * A Batch is the unit of writing: an ordered list of row operations with a
 * client-generated id. It travels as the arguments of ONE Zero custom mutation
 * (`zam.batch`), runs optimistically on the client and in ONE PostgreSQL
 * transaction on the server, and is recorded by id so a replay is a no-op.
 *
 * Batches are persisted (outbox, dead letters) and sent over the wire, so this
 * is a versioned contract: bump BATCH_FORMAT_VERSION on any change of shape.
 */
export const BATCH_FORMAT_VERSION = 1 as const;

export type RowValue = Readonly<Record<string, JSONValue>>;

export type InsertOp = {readonly op: 'insert'; readonly table: string; readonly value: RowValue};
/** Inserts the row, or overwrites the given columns when the primary key exists. */
export type UpsertOp = {readonly op: 'upsert'; readonly table: string; readonly value: RowValue};
/** `value` holds the primary key plus ONLY the changed columns. */
export type UpdateOp = {readonly op: 'update'; readonly table: string; readonly value: RowValue};
/** `id` holds the primary-key column(s). */
export type DeleteOp = {readonly op: 'delete'; readonly table: string; readonly id: RowValue};
/**
 * An activity-log row for a loggable parent. Its reference columns
 * (`client_id`, `job_id`) are NOT sent: they are resolved inside the same
 * transaction from the parent's associations, and the acting user is set by the
 * server from the token.
 */
export type LogOp = {
  readonly op: 'log';
  readonly table: string;
  /** The log row without user and reference columns. */
  readonly value: RowValue;
  /** The loggable parent: its table and primary key value. */
  readonly loggable: {readonly table: string; readonly id: string};
};

export type BatchOp = InsertOp | UpsertOp | UpdateOp | DeleteOp | LogOp;

export interface Batch {
  readonly v: typeof BATCH_FORMAT_VERSION;
  /** Client-generated UUID; the server's idempotency key. */
  readonly id: string;
  readonly ops: readonly BatchOp[];
  /** Epoch ms when the batch was made on the device (not used for ordering). */
  readonly createdAt: number;
}
