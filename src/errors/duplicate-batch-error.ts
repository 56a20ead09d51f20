import {ZamError} from './zam-error.ts';

/**
 * Thrown by `OutboxStore.append` when a batch with the same id is already
 * pending. A batch id is the server's idempotency key: appending it twice would
 * make the second copy a silent no-op on the server, so we refuse it here.
 */
export class DuplicateBatchError extends ZamError {
  readonly code = 'duplicate_batch' as const;
  readonly batchId: string;

  constructor(batchId: string, options?: {cause?: unknown}) {
    super(
      `Batch ${batchId} is already in the outbox. Give every new batch a fresh id (crypto.randomUUID()).`,
      options,
    );
    this.batchId = batchId;
  }
}

/** True when `error` is a {@link DuplicateBatchError}: narrows an `unknown` caught value to it. */
export function isDuplicateBatchError(error: unknown): error is DuplicateBatchError {
  return error instanceof DuplicateBatchError;
}
