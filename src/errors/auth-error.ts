import {ZamError} from './zam-error.ts';

/** A push or query without a valid token. The API server answers 401 and writes nothing. */
export class AuthError extends ZamError {
  readonly code = 'unauthorized' as const;
}

/** True when `error` is a {@link AuthError}: narrows an `unknown` caught value to it. */
export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
