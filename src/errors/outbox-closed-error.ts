import {ZamError} from './zam-error.ts';

/**
 * Thrown by an outbox operation after the store was closed, either by `close()`
 * or because a newer version of the app (another tab) needs to upgrade the
 * database. Reload the page to pick up the new version.
 */
export class OutboxClosedError extends ZamError {
  readonly code = 'outbox_closed' as const;
  readonly reason: 'closed' | 'version-change' | 'terminated';

  constructor(reason: 'closed' | 'version-change' | 'terminated') {
    super(
      reason === 'closed'
        ? 'The outbox is closed; open a new store to keep writing.'
        : reason === 'version-change'
          ? 'The outbox was closed because a newer version of the app upgraded its database; reload the page.'
          : 'The browser closed the outbox database unexpectedly; reload the page.',
    );
    this.reason = reason;
  }
}

/** True when `error` is a {@link OutboxClosedError}: narrows an `unknown` caught value to it. */
export function isOutboxClosedError(error: unknown): error is OutboxClosedError {
  return error instanceof OutboxClosedError;
}
