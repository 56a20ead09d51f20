import {OutboxVersionError} from '../../errors/outbox-version-error.ts';
import {OUTBOX_RECORD_VERSION, type DeadLetterRecord, type OutboxRecord} from './outbox-record.ts';

/**
 * Checks the format version of a record read from storage. Version 1 is the
 * only one so far; when version 2 arrives, convert version-1 records here (read
 * path) so the rest of the code sees only the current shape. A record from a
 * NEWER version is never guessed at: it throws, and nothing is deleted.
 */
export function decodeOutboxRecord(raw: unknown): OutboxRecord {
  checkVersion(raw);
  return raw as OutboxRecord;
}

export function decodeDeadLetterRecord(raw: unknown): DeadLetterRecord {
  checkVersion(raw);
  return raw as DeadLetterRecord;
}

function checkVersion(raw: unknown): void {
  const version = typeof raw === 'object' && raw !== null ? (raw as {version?: unknown}).version : undefined;
  if (version === OUTBOX_RECORD_VERSION) return;
  throw new OutboxVersionError('record', typeof version === 'number' ? version : -1, OUTBOX_RECORD_VERSION);
}
