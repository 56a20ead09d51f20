import type postgres from 'postgres';
import type {ActivityLogConfig} from '../../contract/model-config.ts';
import {ActivityCommandError} from '../../errors/activity-command-error.ts';

export interface PruneResult {
  readonly matched: number;
  readonly deleted: number;
  readonly batches: number;
}

/**
 * Deletes activity-log rows older than `olderThanSeconds` in batches of
 * `batchSize` (each its own short statement and transaction, so no long
 * lock and no huge WAL burst), oldest first; `dryRun` only counts them.
 */
export async function pruneActivity(
  sql: postgres.Sql,
  log: ActivityLogConfig,
  options: {readonly olderThanSeconds: number; readonly batchSize: number; readonly dryRun: boolean; readonly onBatch?: (deleted: number) => void},
): Promise<PruneResult> {
  if (log.createdAtColumn === null) throw new ActivityCommandError(`${log.table} has no created_at column: nothing tells old rows apart`);
  const at = sql(log.createdAtColumn);
  const cutoff = sql`(now() at time zone 'UTC') - make_interval(secs => ${options.olderThanSeconds})`;
  const [counted] = await sql<{n: number}[]>`select count(*)::int as n from ${sql(log.table)} where ${at} < ${cutoff}`;
  const matched = counted?.n ?? 0;
  if (options.dryRun || matched === 0) return {matched, deleted: 0, batches: 0};
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const rows = await sql`delete from ${sql(log.table)} where ${sql(log.primaryKey)} in (
      select ${sql(log.primaryKey)} from ${sql(log.table)} where ${at} < ${cutoff} order by ${at} limit ${options.batchSize}
      for update skip locked) returning 1`;
    if (rows.length === 0) break;
    deleted += rows.length;
    batches++;
    options.onBatch?.(rows.length);
  }
  return {matched, deleted, batches};
}
