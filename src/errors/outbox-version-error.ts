import {ZamError} from './zam-error.ts';

/**
 * The outbox database or one of its records was written by a newer version of
 * this library than the one running. Nothing is changed or dropped; reload the
 * page (or update the app) so the newer code handles it.
 */
export class OutboxVersionError extends ZamError {
  readonly code = 'outbox_version' as const;
  readonly found: number;
  readonly supported: number;

  constructor(what: 'database' | 'record', found: number, supported: number, options?: {cause?: unknown}) {
    super(
      `The outbox ${what} has format version ${found}, but this app supports up to ${supported}. Reload or update the app; nothing was dropped.`,
      options,
    );
    this.found = found;
    this.supported = supported;
  }
}

/** True when `error` is a {@link OutboxVersionError}: narrows an `unknown` caught value to it. */
export function isOutboxVersionError(error: unknown): error is OutboxVersionError {
  return error instanceof OutboxVersionError;
}
