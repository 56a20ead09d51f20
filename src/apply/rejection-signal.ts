import type {BatchRejection} from '../errors/batch-rejection.ts';

/**
 * Thrown while a batch is checked or applied to refuse it for good; the Zero
 * mutators turn it into Zero's app error with `rejection` as its details (the
 * client then sees a BatchRejectedError). Internal: never reaches users as is.
 */
export class RejectionSignal extends Error {
  readonly rejection: BatchRejection;
  constructor(rejection: BatchRejection) {
    super(rejection.message);
    this.rejection = rejection;
  }
}
