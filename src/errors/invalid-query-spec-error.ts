import {ZamError} from './zam-error.ts';

/** What exactly was wrong with a query spec; stable for programmatic handling. */
export type InvalidQuerySpecReason =
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_table'
  | 'unknown_column'
  | 'unknown_operator'
  | 'unknown_association'
  | 'bad_value'
  | 'bad_limit'
  | 'bad_offset';

/**
 * A query spec asks for something outside the generated schema (a table,
 * column, operator or association the app does not expose) or has a bad
 * limit/offset. The server rejects such specs before building any ZQL; the
 * client raises the same error before sending, so a typo fails fast.
 */
export class InvalidQuerySpecError extends ZamError {
  readonly code = 'invalid_query_spec' as const;
  readonly reason: InvalidQuerySpecReason;
  /** Dotted location inside the spec (`where[0].column`, `includes.client`). */
  readonly path: string;

  constructor(reason: InvalidQuerySpecReason, path: string, detail: string) {
    super(`Invalid query spec (${reason}) at ${path}: ${detail}`);
    this.reason = reason;
    this.path = path;
  }
}

/** True when `error` is a {@link InvalidQuerySpecError}: narrows an `unknown` caught value to it. */
export function isInvalidQuerySpecError(error: unknown): error is InvalidQuerySpecError {
  return error instanceof InvalidQuerySpecError;
}
