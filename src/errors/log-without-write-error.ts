import {ZamError} from './zam-error.ts';

/**
 * An activity-log row written in a batch that does not write its record:
 * logs are derived from writes (the server would refuse a log on its own).
 */
export class LogWithoutWriteError extends ZamError {
  readonly code = 'log_without_write' as const;
  readonly table: string;
  readonly id: string;

  constructor(table: string, id: string) {
    super(`An activity log for ${table} ${id} was written without a write of that record in the same batch. Write the record first; its log is derived from the write.`);
    this.table = table;
    this.id = id;
  }
}

/** True when `error` is a {@link LogWithoutWriteError}: narrows an `unknown` caught value to it. */
export function isLogWithoutWriteError(error: unknown): error is LogWithoutWriteError {
  return error instanceof LogWithoutWriteError;
}
