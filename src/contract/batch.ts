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
export const BATCH_FORMAT_VERSION = 2 as const;

/**
 * Every version a server accepts and an outbox may still hold. 2 added
 * `UpdateOp.expected`; a version-1 batch is a version-2 batch without it, so
 * batches written by older clients (still in someone's outbox) apply as before.
 */
export type BatchFormatVersion = 1 | typeof BATCH_FORMAT_VERSION;

/** A row as the wire and the outbox carry it: column name → JSON value (timestamps as epoch milliseconds). */
export type RowValue = Readonly<Record<string, JSONValue>>;

/** Insert one row (`value` holds every column the write sets, the primary key included). */
export type InsertOp = {readonly op: 'insert'; readonly table: string; readonly value: RowValue};
/** Inserts the row, or overwrites the given columns when the primary key exists. */
export type UpsertOp = {readonly op: 'upsert'; readonly table: string; readonly value: RowValue};
/**
 * `value` holds the primary key plus ONLY the changed columns. `expected`
 * holds the values the update was based on, checked by the server against the
 * row before writing — for optimistic locking, `{lock_version: n}` (Rails'
 * `lock_version`); a mismatch is rejected as `stale_object`.
 */
export type UpdateOp = {
  readonly op: 'update';
  readonly table: string;
  readonly value: RowValue;
  readonly expected?: RowValue | undefined;
};
/** `id` holds the primary-key column(s). */
export type DeleteOp = {readonly op: 'delete'; readonly table: string; readonly id: RowValue};
/**
 * The activity log of a write in the same batch, as the device computed it
 * (the pipeline's `activityLogMutator`): shown at once by the optimistic
 * apply. The server does not take its content: it derives the log from the
 * row's true before/after values and keeps only its id, so the device's row is
 * replaced in place. Its reference columns (`client_id`, `job_id`) are NOT
 * sent: they are resolved inside the same transaction from the parent's
 * associations, and the acting user comes from the token.
 */
export type LogOp = {
  readonly op: 'log';
  readonly table: string;
  /** The log row without user and reference columns. */
  readonly value: RowValue;
  /** The loggable parent: its table and primary key value. */
  readonly loggable: {readonly table: string; readonly id: string};
};

/** One row operation of a batch, applied in order. */
export type BatchOp = InsertOp | UpsertOp | UpdateOp | DeleteOp | LogOp;

/** The unit of writing: ordered ops with a client-generated id, applied on the server in one PostgreSQL transaction, exactly once. */
export interface Batch {
  readonly v: BatchFormatVersion;
  /** Client-generated UUID; the server's idempotency key. */
  readonly id: string;
  readonly ops: readonly BatchOp[];
  /**
   * Epoch ms when the batch was made on the device. Not used for ordering, and
   * not trusted by the server: rows and logs get the server's clock, this is
   * kept in the log's metadata as `device_at`.
   */
  readonly createdAt: number;
}
