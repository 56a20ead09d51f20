import {ZamError} from './zam-error.ts';

/**
 * Why the device's storage could not keep a write:
 * - `quota-exceeded`: the browser refused the write for lack of space (`QuotaExceededError`);
 * - `cannot-open`: IndexedDB cannot be opened at all (private mode, storage disabled, an opaque origin);
 * - `blocked`: the database needs an upgrade that another tab, still on an older version of the app, blocks;
 * - `corrupt-record`: a stored record is not a readable outbox record;
 * - `write-failed`: any other refusal by the browser's storage (the transaction aborted).
 */
export type OutboxUnavailableReason = 'quota-exceeded' | 'cannot-open' | 'blocked' | 'corrupt-record' | 'write-failed';

const ADVICE: Record<OutboxUnavailableReason, string> = {
  'quota-exceeded':
    'The device is out of storage for the outbox, so the write was NOT saved. Free space (other site data, files) or let pending writes sync, then try again.',
  'cannot-open':
    'IndexedDB cannot be opened here (often a private window or storage disabled for this site), so writes cannot be kept and the write was NOT saved. Use a normal window or allow site storage, then reload.',
  blocked:
    'The outbox database needs an upgrade that another tab of this app, still running an older version, is blocking; the write was NOT saved. Close or reload the other tabs, then reload this one.',
  'corrupt-record':
    'A record in the outbox cannot be read; nothing was sent or dropped and the record stays on the device. Reload the app; if this persists, report it so the record can be recovered.',
  'write-failed': 'The browser refused to write the outbox, so the write was NOT saved. Reload the page and try again.',
};

/**
 * The device's storage failed the outbox: a write (or the start of sync) did
 * not happen, and nothing claims it did. The sync status shows the same error
 * (`status.storage`). `detail` names what the browser said.
 */
export class OutboxUnavailableError extends ZamError {
  readonly code = 'outbox_unavailable' as const;
  readonly reason: OutboxUnavailableReason;
  readonly detail: string;

  constructor(reason: OutboxUnavailableReason, detail: string, options?: {cause?: unknown}) {
    super(`${ADVICE[reason]} (${detail})`, options);
    this.reason = reason;
    this.detail = detail;
  }
}

/** True when `error` is a {@link OutboxUnavailableError}: narrows an `unknown` caught value to it. */
export function isOutboxUnavailableError(error: unknown): error is OutboxUnavailableError {
  return error instanceof OutboxUnavailableError;
}
