import {DuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {isZamError} from '../../errors/zam-error.ts';
import {OutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';

/**
 * What an IndexedDB failure means for the caller, as a named error: a
 * duplicate id (`ConstraintError` on append/retry), a full disk, or any other
 * refusal. The library's own errors pass through unchanged, so a caller never
 * sees a bare DOMException and never a success that did not happen.
 */
export function storageError(error: unknown, batchId?: string): unknown {
  if (isZamError(error)) return error;
  const name = errorName(error);
  if (name === 'ConstraintError' && batchId !== undefined) return new DuplicateBatchError(batchId, {cause: error});
  const detail = `${name ?? 'Error'}: ${errorMessage(error)}`;
  if (name === 'QuotaExceededError') return new OutboxUnavailableError('quota-exceeded', detail, {cause: error});
  return new OutboxUnavailableError('write-failed', detail, {cause: error});
}

/** DOMException names, by structure: fake-indexeddb and browsers use different classes. */
export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as {name?: unknown}).name === 'string'
    ? (error as {name: string}).name
    : undefined;
}

export function errorMessage(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as {message?: unknown}).message === 'string'
    ? (error as {message: string}).message
    : String(error);
}
