import {ZamError} from './zam-error.ts';

/**
 * A policy set the API server cannot enforce as written: a policy for a table
 * the schema does not have, a read-only column that does not exist, or a read
 * rule that returned something other than a query-spec condition. Raised when
 * the policies are defined, or — for a read rule, which depends on the user —
 * on the request that ran it (the request is refused, nothing is served).
 */
export class InvalidPolicyError extends ZamError {
  readonly code = 'invalid_policy' as const;
  readonly table: string;

  constructor(table: string, message: string, options?: {cause?: unknown}) {
    super(`policy for "${table}": ${message}`, options);
    this.table = table;
  }
}

/** True when `error` is a {@link InvalidPolicyError}: narrows an `unknown` caught value to it. */
export function isInvalidPolicyError(error: unknown): error is InvalidPolicyError {
  return error instanceof InvalidPolicyError;
}
