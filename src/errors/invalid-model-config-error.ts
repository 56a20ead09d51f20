import {ZamError} from './zam-error.ts';

/**
 * A generated model config the runtime cannot use as it is: a scope named like
 * a relation method, a table missing from the Zero schema. Regenerating from
 * the Rails app (after renaming what collides) fixes it.
 */
export class InvalidModelConfigError extends ZamError {
  readonly code = 'invalid_model_config' as const;
  readonly model: string;

  constructor(model: string, message: string) {
    super(`${model}: ${message}`);
    this.model = model;
  }
}

/** True when `error` is a {@link InvalidModelConfigError}: narrows an `unknown` caught value to it. */
export function isInvalidModelConfigError(error: unknown): error is InvalidModelConfigError {
  return error instanceof InvalidModelConfigError;
}
