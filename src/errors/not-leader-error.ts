import {ZamError} from './zam-error.ts';

/**
 * `flush()` gave up in a tab that is not the replaying leader because the
 * outbox made no progress for `stallMs`: the leader tab may be frozen or
 * offline. Keep this tab open (it takes over when the leader goes away) or
 * bring the leader tab to the foreground.
 */
export class NotLeaderError extends ZamError {
  readonly code = 'not_leader' as const;
  readonly stallMs: number;

  constructor(stallMs: number) {
    super(
      `This tab is not replaying the outbox and no other tab made progress for ${stallMs} ms. Bring the tab that syncs to the foreground, or close it so this one takes over.`,
    );
    this.stallMs = stallMs;
  }
}

/** True when `error` is a {@link NotLeaderError}: narrows an `unknown` caught value to it. */
export function isNotLeaderError(error: unknown): error is NotLeaderError {
  return error instanceof NotLeaderError;
}
