import {ZamError} from './zam-error.ts';

/** `flush({timeoutMs})` ran out of time. The pending writes are kept and keep replaying. */
export class FlushTimeoutError extends ZamError {
  readonly code = 'flush_timeout' as const;
  readonly timeoutMs: number;
  readonly pending: number;
  /** The sync state when the time ran out (`offline`, `needs-auth`, …): usually why. */
  readonly state: string;

  constructor(timeoutMs: number, pending: number, state: string) {
    super(
      `The outbox still holds ${pending} batch(es) after ${timeoutMs} ms (sync state: ${state}). They are kept and keep replaying; check the connection or sign in again.`,
    );
    this.timeoutMs = timeoutMs;
    this.pending = pending;
    this.state = state;
  }
}

/** True when `error` is a {@link FlushTimeoutError}: narrows an `unknown` caught value to it. */
export function isFlushTimeoutError(error: unknown): error is FlushTimeoutError {
  return error instanceof FlushTimeoutError;
}
