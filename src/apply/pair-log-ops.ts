import type {Batch} from '../contract/batch.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {MAX_NOTE_LENGTH} from '../contract/write-intent.ts';
import {RejectionSignal} from './rejection-signal.ts';

/** What the server takes from a device's log op: its id, and what the write named (kept only if declared). */
export interface DeviceLog {
  readonly id: string | undefined;
  readonly action: string | undefined;
  readonly note: string | undefined;
}

/** Log ops matched to their writes, and those left over (for records the batch does not write). */
export interface PairedLogOps {
  /** Write-op index → its log op. */
  readonly paired: Map<number, DeviceLog>;
  /** `table\0id` → the log ops for a record without a write in the batch, in order. */
  readonly unpaired: Map<string, (DeviceLog & {readonly index: number})[]>;
}

/**
 * Matches each `log` op of a batch with the row write it logs: the k-th log op
 * for a record goes with the k-th write of that record (a create logs after
 * its insert, a destroy before its delete — order within the record is all
 * that counts). The server keeps only a log op's id. Log ops left over name a
 * record the batch does not write: only a log the server derives for that
 * record anyway (a list parent's `reordered`) may use them
 * (`refuseUnpairedLog` refuses the rest: they would record something that
 * did not happen).
 */
export function pairLogOps(
  batch: Batch,
  models: Readonly<Record<string, ModelConfig>>,
  activityLog: ActivityLogConfig,
): PairedLogOps {
  const writes = new Map<string, number[]>();
  const logs = new Map<string, (DeviceLog & {index: number})[]>();
  batch.ops.forEach((op, index) => {
    if (op.op === 'log') {
      const key = `${op.loggable.table}\0${op.loggable.id}`;
      const id = op.value[activityLog.primaryKey];
      const action = op.value[activityLog.actionColumn];
      const metadata = op.value[activityLog.metadataColumn];
      const note = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>)['note'] : undefined;
      const list = logs.get(key) ?? [];
      list.push({
        index,
        id: typeof id === 'string' ? id : undefined,
        action: typeof action === 'string' ? action : undefined,
        note: typeof note === 'string' ? note.slice(0, MAX_NOTE_LENGTH) : undefined,
      });
      logs.set(key, list);
      return;
    }
    const model = models[op.table];
    if (model === undefined) return;
    const key = `${op.table}\0${String((op.op === 'delete' ? op.id : op.value)[model.primaryKey])}`;
    const list = writes.get(key) ?? [];
    list.push(index);
    writes.set(key, list);
  });
  const paired = new Map<number, DeviceLog>();
  const unpaired = new Map<string, (DeviceLog & {index: number})[]>();
  for (const [key, list] of logs) {
    const targets = writes.get(key) ?? [];
    list.forEach((log, k) => {
      const target = targets[k];
      if (target === undefined) unpaired.set(key, [...(unpaired.get(key) ?? []), log]);
      else paired.set(target, log);
    });
  }
  return {paired, unpaired};
}

/** Refuses the batch for the first log op no write and no derived log used. */
export function refuseUnpairedLog(batch: Batch, unpaired: PairedLogOps['unpaired'], activityLog: ActivityLogConfig): void {
  for (const [key, list] of unpaired) {
    const log = list[0];
    if (log === undefined) continue;
    const [table, id] = key.split('\0');
    throw new RejectionSignal({
      code: 'invalid_batch',
      opIndex: log.index,
      table: activityLog.table,
      batchId: batch.id,
      message: `log op ${log.index} has no write of ${table} ${id} in this batch to log; logs are derived from writes, never sent alone`,
    });
  }
}
