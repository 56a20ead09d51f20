import {ZamError} from './zam-error.ts';

/**
 * Thrown by `retry(batchId, editedBatch)` when the edited batch keeps the
 * original id. An id names one exact content: if the original had in fact been
 * recorded by the server, an edit under the same id would be dropped as
 * "already applied" without anyone noticing.
 */
export class EditedBatchIdError extends ZamError {
  readonly code = 'edited_batch_id_reused' as const;
  readonly batchId: string;

  constructor(batchId: string) {
    super(
      `The edited batch reuses id ${batchId}. Give an edited batch a new id (crypto.randomUUID()); only an unedited retry keeps its id.`,
    );
    this.batchId = batchId;
  }
}

/** True when `error` is a {@link EditedBatchIdError}: narrows an `unknown` caught value to it. */
export function isEditedBatchIdError(error: unknown): error is EditedBatchIdError {
  return error instanceof EditedBatchIdError;
}
