import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../contract/batch.ts';
import {NotStaleError} from '../../errors/not-stale-error.ts';
import type {DeadLetterRecord} from '../outbox/outbox-record.ts';

/**
 * "Keep mine" for a write rejected as `stale_object` (someone changed the row
 * since the edit was made): the same batch, with a new id, based on the
 * row's version now — retrying it overwrites the other change with this one.
 * ("Keep theirs" is discarding the dead letter.)
 *
 * @example
 * if (dead.rejection.code === 'stale_object') await zam.sync.retryDeadLetter(dead.batchId, keepMine(dead));
 */
export function keepMine(
  dead: DeadLetterRecord,
  options: {readonly primaryKey?: string | undefined; readonly uuid?: (() => string) | undefined} = {},
): Batch {
  const primaryKey = options.primaryKey ?? 'id';
  const uuid = options.uuid ?? (() => crypto.randomUUID());
  const {rejection} = dead;
  const stale = rejection.lockVersion;
  const index = rejection.opIndex;
  const failed = index === undefined ? undefined : dead.batch.ops[index];
  const column = rejection.column;
  if (rejection.code !== 'stale_object' || stale === undefined || failed?.op !== 'update' || column === undefined) {
    throw new NotStaleError(dead.batchId, rejection.code);
  }
  const shift = stale.actual - stale.expected;
  const sameRow = (op: BatchOp) => op.op === 'update' && op.table === failed.table && op.value[primaryKey] === failed.value[primaryKey];
  // Every later edit of the same row in the batch was based on the one before it: move them all.
  const ops = dead.batch.ops.map((op, i): BatchOp => {
    if (i < index! || !sameRow(op) || op.op !== 'update') return op;
    const expected = op.expected?.[column];
    if (typeof expected !== 'number') return op;
    const value = op.value[column];
    return {
      ...op,
      expected: {...op.expected, [column]: expected + shift},
      value: typeof value === 'number' ? {...op.value, [column]: value + shift} : op.value,
    };
  });
  return {v: BATCH_FORMAT_VERSION, id: uuid(), ops, createdAt: dead.batch.createdAt};
}
