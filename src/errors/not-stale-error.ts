import {ZamError} from './zam-error.ts';

/** `keepMine` on a dead letter that was not rejected as `stale_object`: there is no newer version to base it on. */
export class NotStaleError extends ZamError {
  readonly code = 'not_stale' as const;
  readonly batchId: string;

  constructor(batchId: string, rejectionCode: string) {
    super(`Batch ${batchId} was rejected as ${rejectionCode}, not stale_object: retry it (after editing) or discard it instead.`);
    this.batchId = batchId;
  }
}

/** True when `error` is a {@link NotStaleError}: narrows an `unknown` caught value to it. */
export function isNotStaleError(error: unknown): error is NotStaleError {
  return error instanceof NotStaleError;
}
