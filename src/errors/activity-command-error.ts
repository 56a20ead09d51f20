import {ZamError} from './zam-error.ts';

/**
 * `zero-active-models activity …` cannot do what was asked with this
 * database: no database to connect to, an audit table whose columns it
 * cannot read, an activity-log table without `created_at`. The message says
 * what is missing and how to point the command at it; the CLI exits 1.
 */
export class ActivityCommandError extends ZamError {
  readonly code = 'activity_command' as const;
}

/** Type guard for {@link ActivityCommandError}. */
export function isActivityCommandError(error: unknown): error is ActivityCommandError {
  return error instanceof ActivityCommandError;
}
