/**
 * Root of every error this library throws. Each subclass has a literal `code`
 * so callers branch on structure (`err.code === 'record_not_found'`), never on
 * message text. Messages say what happened and what to do about it.
 */
export abstract class ZamError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any error thrown by zero-active-models. */
export function isZamError(error: unknown): error is ZamError {
  return error instanceof ZamError;
}
