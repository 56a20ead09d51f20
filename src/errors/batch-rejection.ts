/**
 * Why the server refused a batch for good (an `app` error: validation,
 * authorization, constraint). The whole batch was rolled back, so nothing of it
 * is in PostgreSQL. Sent as the `details` of Zero's app error and stored with
 * dead letters: plain JSON, and a persisted shape — change it only additively.
 *
 * It lives in errors/, the bottom layer, because the error classes carry it and
 * every layer above (contract, sync, apply, server) reports it.
 */
export type BatchRejectionCode =
  | 'invalid_batch'
  | 'payload_too_large'
  | 'unknown_table'
  | 'unknown_column'
  /** A column no client may set here: generated, read-only by policy, or `created_at` after create. */
  | 'read_only_column'
  | 'invalid_value'
  | 'missing_primary_key'
  | 'constraint_violation'
  | 'not_found'
  /** A generated Rails validation failed on the server: see `errors`. */
  | 'record_invalid'
  /** Optimistic locking: the row changed since the write was made: see `lockVersion`. */
  | 'stale_object'
  /** The acting user may not do this (a policy, or a table clients never write). */
  | 'forbidden'
  /** The batch id was applied before with other content, or by another user. */
  | 'batch_id_conflict'
  | 'server_error';

/** Why the server refused a batch for good: a code from {@link BatchRejectionCode}, a message for people, and where in the batch (op, table, column) when one op is to blame. */
export interface BatchRejection {
  readonly code: BatchRejectionCode;
  readonly message: string;
  readonly batchId?: string | undefined;
  /** Index of the failing op in the batch, when one op is to blame. */
  readonly opIndex?: number | undefined;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  /** PostgreSQL SQLSTATE and constraint name for database rejections. */
  readonly pgCode?: string | undefined;
  readonly constraint?: string | undefined;
  /** `log` when the database refused the write's activity log (its derivation or insert), not the row itself. */
  readonly stage?: 'log' | undefined;
  /** `record_invalid`: Rails-shaped field errors (`{title: ["can't be blank"]}`) and their full messages. */
  readonly errors?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly fullMessages?: readonly string[] | undefined;
  /**
   * `stale_object`: the version the write was based on and the row's version
   * now — "keep mine" retries with `actual` as the new base, "keep theirs"
   * discards the write.
   */
  readonly lockVersion?: {readonly expected: number; readonly actual: number} | undefined;
}
