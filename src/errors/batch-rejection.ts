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
  | 'read_only_column'
  | 'invalid_value'
  | 'missing_primary_key'
  | 'constraint_violation'
  | 'not_found'
  | 'server_error';

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
}
