import {ZamError} from './zam-error.ts';

/**
 * The server's answer for a batch is unknown (connection lost, zero-cache or the
 * API server failed mid-push). The batch may or may not have been applied; it is
 * safe to send again because the server applies each batch id at most once.
 */
export class BatchOutcomeUnknownError extends ZamError {
  readonly code = 'batch_outcome_unknown' as const;
  readonly batchId: string;

  constructor(batchId: string, reason: string) {
    super(
      `No final answer from the server for batch ${batchId}: ${reason}. ` +
        'It is kept and sent again; the server applies it at most once.',
    );
    this.batchId = batchId;
  }
}

/** True when `error` is a {@link BatchOutcomeUnknownError}: narrows an `unknown` caught value to it. */
export function isBatchOutcomeUnknownError(error: unknown): error is BatchOutcomeUnknownError {
  return error instanceof BatchOutcomeUnknownError;
}
