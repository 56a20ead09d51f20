import {ZamError} from './zam-error.ts';

/** A write names a custom action its model does not declare, or a note that is not short text. */
export class InvalidWriteIntentError extends ZamError {
  readonly code = 'invalid_write_intent' as const;
  readonly model: string;

  constructor(model: string, message: string) {
    super(`${model}: ${message}`);
    this.model = model;
  }
}

/** True when `error` is a {@link InvalidWriteIntentError}: narrows an `unknown` caught value to it. */
export function isInvalidWriteIntentError(error: unknown): error is InvalidWriteIntentError {
  return error instanceof InvalidWriteIntentError;
}
