import type {JSONValue, ModelConfig} from '../contract/model-config.ts';

/** Reads one column of one row by primary key inside the running transaction. */
export type ReadColumn = (
  table: string,
  primaryKey: string,
  id: JSONValue,
  column: string,
) => Promise<JSONValue | undefined>;

/**
 * Works out an activity log's reference columns (`client_id`, `job_id`) from
 * its parent's associations, reading inside the same transaction — so a task's
 * log carries the task's job and that job's client as they are when the batch
 * commits, on the client and again (authoritatively) on the server.
 *
 * A reference that points at the parent row itself is null when the same batch
 * deletes that row: the log outlives the parent and must not hold a dangling key.
 */
export async function resolveLogReferences(
  loggable: {readonly table: string; readonly id: string},
  deletesParent: boolean,
  model: ModelConfig,
  referenceColumns: Readonly<Record<string, string>>,
  models: Readonly<Record<string, ModelConfig>>,
  read: ReadColumn,
): Promise<Record<string, JSONValue>> {
  const out: Record<string, JSONValue> = {};
  const references = model.loggable?.references ?? {};
  for (const column of Object.keys(referenceColumns)) {
    const path = references[column];
    if (path === undefined) {
      out[column] = null;
      continue;
    }
    if (path.length === 0) {
      out[column] = deletesParent ? null : loggable.id;
      continue;
    }
    let current: JSONValue | undefined = loggable.id;
    for (const step of path) {
      const stepModel = models[step.table];
      if (current === null || current === undefined || stepModel === undefined) {
        current = null;
        break;
      }
      current = await read(step.table, stepModel.primaryKey, current, step.column);
    }
    out[column] = current ?? null;
  }
  return out;
}
