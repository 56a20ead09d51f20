import {ZamError} from './zam-error.ts';

/** A write that needs the row's primary key (update, destroy, discard) on a record that has none yet. */
export class RecordNotSavedError extends ZamError {
  readonly code = 'record_not_saved' as const;
  readonly model: string;

  constructor(model: string, primaryKey: string) {
    super(`${model} record has no ${primaryKey}: save() it before updating or destroying it.`);
    this.model = model;
  }
}

/** True when `error` is a {@link RecordNotSavedError}: narrows an `unknown` caught value to it. */
export function isRecordNotSavedError(error: unknown): error is RecordNotSavedError {
  return error instanceof RecordNotSavedError;
}
