import {ZamError} from './zam-error.ts';

/** A write named a table that has no generated model. */
export class UnknownModelError extends ZamError {
  readonly code = 'unknown_model' as const;
  readonly table: string;

  constructor(table: string, known: readonly string[]) {
    super(
      `No model for table "${table}". Known tables: ${known.join(', ')}. ` +
        'If the table is new in Rails, run `npm run generate`.',
    );
    this.table = table;
  }
}

/** True when `error` is a {@link UnknownModelError}: narrows an `unknown` caught value to it. */
export function isUnknownModelError(error: unknown): error is UnknownModelError {
  return error instanceof UnknownModelError;
}
