import {ZamError} from './zam-error.ts';

/** A push or query without a valid token. The API server answers 401 and writes nothing. */
export class AuthError extends ZamError {
  readonly code = 'unauthorized' as const;
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
