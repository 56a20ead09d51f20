import {ZamError} from './zam-error.ts';

/** Why a scope could not be applied. */
export type InvalidScopeReason = 'unknown_scope' | 'missing_argument' | 'too_deep' | 'not_mergeable';

/**
 * A scope call that cannot be expanded: the model has no such scope (it was
 * added in Rails after the last `npm run generate`), an argument is missing,
 * scopes call each other in a loop, or a scope merged into a join orders or limits.
 */
export class InvalidScopeError extends ZamError {
  readonly code = 'invalid_scope' as const;
  readonly model: string;
  readonly scope: string;
  readonly reason: InvalidScopeReason;

  constructor(model: string, scope: string, reason: InvalidScopeReason, message: string) {
    super(`${model}.${scope}: ${message}`);
    this.model = model;
    this.scope = scope;
    this.reason = reason;
  }
}

/** True when `error` is a {@link InvalidScopeError}: narrows an `unknown` caught value to it. */
export function isInvalidScopeError(error: unknown): error is InvalidScopeError {
  return error instanceof InvalidScopeError;
}
