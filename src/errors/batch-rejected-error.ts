import type {BatchRejection} from './batch-rejection.ts';
import {ZamError} from './zam-error.ts';

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

/** True when `error` is a {@link BatchRejectedError}: narrows an `unknown` caught value to it. */
export function isBatchRejectedError(error: unknown): error is BatchRejectedError {
  return error instanceof BatchRejectedError;
}
