import {ZamError} from './zam-error.ts';

/**
 * The `zero-active-models` CLI was called wrongly: an unknown flag or command,
 * a missing required option, or an invalid config file. The CLI prints the
 * message with the command's usage and exits with code 2.
 */
export class CliUsageError extends ZamError {
  readonly code = 'cli_usage' as const;
}

/** True when `error` is a {@link CliUsageError}: narrows an `unknown` caught value to it. */
export function isCliUsageError(error: unknown): error is CliUsageError {
  return error instanceof CliUsageError;
}
