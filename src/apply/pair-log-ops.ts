import type {Batch} from '../contract/batch.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {RejectionSignal} from './rejection-signal.ts';

/**
 * Matches each `log` op of a batch with the row write it logs: the k-th log op
 * for a record goes with the k-th write of that record (a create logs after
 * its insert, a destroy before its delete — order within the record is all
 * that counts). Returns write-op index → the log op's id. The server keeps
 * only that id of a log op; a log op that matches no write in the batch would
 * record something that did not happen, and refuses the batch.
 */
export function pairLogOps(
  batch: Batch,
  models: Readonly<Record<string, ModelConfig>>,
  activityLog: ActivityLogConfig,
): Map<number, string> {
  const writes = new Map<string, number[]>();
  const logs = new Map<string, {index: number; id: string | undefined}[]>();
  batch.ops.forEach((op, index) => {
    if (op.op === 'log') {
      const key = `${op.loggable.table}\0${op.loggable.id}`;
      const id = op.value[activityLog.primaryKey];
      const list = logs.get(key) ?? [];
      list.push({index, id: typeof id === 'string' ? id : undefined});
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
  const paired = new Map<number, string>();
  for (const [key, list] of logs) {
    const targets = writes.get(key) ?? [];
    list.forEach((log, k) => {
      const target = targets[k];
      if (target === undefined) {
        const [table, id] = key.split('\0');
        throw new RejectionSignal({
          code: 'invalid_batch',
          opIndex: log.index,
          table: activityLog.table,
          batchId: batch.id,
          message: `log op ${log.index} has no write of ${table} ${id} in this batch to log; logs are derived from writes, never sent alone`,
        });
      }
      if (log.id !== undefined) paired.set(target, log.id);
    });
  }
  return paired;
}
