import {ZamError} from './zam-error.ts';

/** Thrown when retrying or discarding a dead letter that no longer exists (another tab may have handled it). */
export class DeadLetterNotFoundError extends ZamError {
  readonly code = 'dead_letter_not_found' as const;
  readonly batchId: string;

  constructor(batchId: string) {
    super(
      `No dead letter for batch ${batchId}. It was already retried or discarded (maybe in another tab); reload the list.`,
    );
    this.batchId = batchId;
  }
}

/** True when `error` is a {@link DeadLetterNotFoundError}: narrows an `unknown` caught value to it. */
export function isDeadLetterNotFoundError(error: unknown): error is DeadLetterNotFoundError {
  return error instanceof DeadLetterNotFoundError;
}
