import {ZamError} from './zam-error.ts';

/**
 * Why the server refused a batch. Sent as the `details` of Zero's app error and
 * kept with dead letters, so it is plain JSON.
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

/** The server rejected a batch for good: none of its ops were applied. */
export class BatchRejectedError extends ZamError {
  readonly code = 'batch_rejected' as const;
  readonly rejection: BatchRejection;

  constructor(rejection: BatchRejection) {
    const where =
      rejection.opIndex === undefined
        ? ''
        : ` (op ${rejection.opIndex}${rejection.table ? ` on ${rejection.table}` : ''})`;
    super(`Batch rejected: ${rejection.code}${where}: ${rejection.message}`);
    this.rejection = rejection;
  }
}

export function isBatchRejectedError(error: unknown): error is BatchRejectedError {
  return error instanceof BatchRejectedError;
}
