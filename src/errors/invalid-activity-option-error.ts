import {ZamError} from './zam-error.ts';

/**
 * A setting of the activity logger or an activity endpoint that cannot work
 * as given (a non-positive batch size, an unknown `by=` grouping, a window
 * past the limit). The message names the setting and what it accepts.
 */
export class InvalidActivityOptionError extends ZamError {
  readonly code = 'invalid_activity_option' as const;
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}

/** Type guard for {@link InvalidActivityOptionError}. */
export function isInvalidActivityOptionError(error: unknown): error is InvalidActivityOptionError {
  return error instanceof InvalidActivityOptionError;
}
