import {ZamError} from './zam-error.ts';

/** Attribute → messages, in the order the validations were declared (Rails' `errors.messages`). */
export type ErrorMessages = Readonly<Record<string, readonly string[]>>;

/**
 * Thrown by `create`/`save`/`update` when client-side validations fail, like
 * Rails' `ActiveRecord::RecordInvalid`. Nothing was written and nothing was
 * sent: fix the attributes and try again.
 *
 * @example
 * // Rails: rescue ActiveRecord::RecordInvalid => e; e.record.errors[:title]
 * try { await Job.create({title: ''}) } catch (e) {
 *   if (isRecordInvalidError(e)) e.errors.title // ["can't be blank"]
 * }
 */
export class RecordInvalidError extends ZamError {
  readonly code = 'record_invalid' as const;
  readonly model: string;
  readonly errors: ErrorMessages;
  /** `["Title can't be blank", …]`, Rails' `errors.full_messages`. */
  readonly fullMessages: readonly string[];

  constructor(model: string, errors: ErrorMessages, fullMessages: readonly string[]) {
    super(`Validation failed for ${model}: ${fullMessages.join(', ')}`);
    this.model = model;
    this.errors = errors;
    this.fullMessages = fullMessages;
  }
}

/** True when `error` is a {@link RecordInvalidError}: narrows an `unknown` caught value to it. */
export function isRecordInvalidError(error: unknown): error is RecordInvalidError {
  return error instanceof RecordInvalidError;
}
