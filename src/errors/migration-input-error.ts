import {ZamError} from './zam-error.ts';

/**
 * `zero-active-models migrate` cannot start: the directory or the generated
 * models it needs are missing, or the git tree is dirty. Nothing was
 * changed; the message names what to fix (commit or stash, `--force`,
 * `--generated <dir>`).
 */
export class MigrationInputError extends ZamError {
  readonly code = 'migration_input' as const;
}

/** True when `error` is a {@link MigrationInputError}: narrows an `unknown` caught value to it. */
export function isMigrationInputError(error: unknown): error is MigrationInputError {
  return error instanceof MigrationInputError;
}
