import {ZamError} from './zam-error.ts';
import type {BatchRejection} from './batch-rejection.ts';

/**
 * The replayer runs with `onRejection: 'halt'` and stopped at a rejected batch.
 * Later batches wait until that dead letter is retried or discarded.
 */
export class ReplayHaltedError extends ZamError {
  readonly code = 'replay_halted' as const;
  readonly batchId: string;
  readonly rejection: BatchRejection;

  constructor(batchId: string, rejection: BatchRejection) {
    super(
      `Replay is halted: the server rejected batch ${batchId} (${rejection.code}: ${rejection.message}). Retry it after editing, or discard it, to let later writes through.`,
    );
    this.batchId = batchId;
    this.rejection = rejection;
  }
}

/** True when `error` is a {@link ReplayHaltedError}: narrows an `unknown` caught value to it. */
export function isReplayHaltedError(error: unknown): error is ReplayHaltedError {
  return error instanceof ReplayHaltedError;
}
