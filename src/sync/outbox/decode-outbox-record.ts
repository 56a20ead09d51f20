import {OutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';
import {OutboxVersionError} from '../../errors/outbox-version-error.ts';
import {OUTBOX_RECORD_VERSION, type DeadLetterRecord, type OutboxRecord} from './outbox-record.ts';

/**
 * Checks a record read from storage. Version 1 is the only format so far; when
 * version 2 arrives, convert version-1 records here (read path) so the rest of
 * the code sees only the current shape. A record from a NEWER version is never
 * guessed at: it throws `OutboxVersionError`, and nothing is deleted. A record
 * that is no outbox record at all (a damaged disk, another program's write)
 * throws `OutboxUnavailableError('corrupt-record')` instead of reaching the
 * replayer as `undefined` fields.
 */
export function decodeOutboxRecord(raw: unknown): OutboxRecord {
  checkVersion(raw);
  checkShape(raw, 'seq');
  return raw as OutboxRecord;
}

export function decodeDeadLetterRecord(raw: unknown): DeadLetterRecord {
  checkVersion(raw);
  checkShape(raw, 'batchId');
  return raw as DeadLetterRecord;
}

function checkVersion(raw: unknown): void {
  const version = typeof raw === 'object' && raw !== null ? (raw as {version?: unknown}).version : undefined;
  if (version === OUTBOX_RECORD_VERSION) return;
  if (typeof version === 'number' && version > OUTBOX_RECORD_VERSION) {
    throw new OutboxVersionError('record', version, OUTBOX_RECORD_VERSION);
  }
  throw corrupt(raw, `format version ${describe(version)}`);
}

function checkShape(raw: unknown, key: 'seq' | 'batchId'): void {
  const record = raw as {seq?: unknown; batchId?: unknown; batch?: unknown};
  const batch = record.batch as {id?: unknown; ops?: unknown} | null | undefined;
  const problem =
    key === 'seq' && typeof record.seq !== 'number'
      ? 'no seq'
      : typeof record.batchId !== 'string'
        ? 'no batch id'
        : typeof batch !== 'object' || batch === null
          ? 'no batch'
          : batch.id !== record.batchId
            ? 'batch id does not match the record'
            : !Array.isArray(batch.ops)
              ? 'batch has no ops'
              : undefined;
  if (problem !== undefined) throw corrupt(raw, problem);
}

function corrupt(raw: unknown, problem: string): OutboxUnavailableError {
  const seq = typeof raw === 'object' && raw !== null ? (raw as {seq?: unknown}).seq : undefined;
  const where = typeof seq === 'number' ? `record seq ${seq}` : 'a record';
  return new OutboxUnavailableError('corrupt-record', `${where}: ${problem}`);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value) ?? typeof value;
}
