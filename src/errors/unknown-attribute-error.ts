import {ZamError} from './zam-error.ts';

/**
 * An attribute that is not a column of the model was passed to `new`,
 * `create` or `update`, like Rails' `ActiveModel::UnknownAttributeError`.
 * Usually a typo or a stale generated model: check the name or regenerate.
 */
export class UnknownAttributeError extends ZamError {
  readonly code = 'unknown_attribute' as const;
  readonly model: string;
  readonly attribute: string;

  constructor(model: string, attribute: string) {
    super(`unknown attribute '${attribute}' for ${model}; check the name or regenerate the models`);
    this.model = model;
    this.attribute = attribute;
  }
}

/** True when `error` is a {@link UnknownAttributeError}: narrows an `unknown` caught value to it. */
export function isUnknownAttributeError(error: unknown): error is UnknownAttributeError {
  return error instanceof UnknownAttributeError;
}
