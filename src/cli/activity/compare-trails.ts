import type postgres from 'postgres';
import type {ActivityLogConfig} from '../../contract/model-config.ts';
import {ActivityCommandError} from '../../errors/activity-command-error.ts';

/** One write as a trail records it: which row, and whether it was created, updated or deleted. */
export interface TrailWrite {
  readonly table: string;
  readonly id: string;
  readonly action: 'create' | 'update' | 'delete';
}

export interface TrailComparison {
  /** Writes the audit trigger logged that the activity log has not (made outside the library, or not logged). */
  readonly missingFromActivityLog: readonly TrailWrite[];
  /** Writes the activity log has that the trigger did not log (trigger disabled or bypassed). */
  readonly missingFromAuditTable: readonly TrailWrite[];
  readonly compared: {readonly table: string; readonly audit: number; readonly activity: number}[];
}

const pickColumn = (columns: ReadonlySet<string>, names: readonly string[]) => names.find((n) => columns.has(n)) ?? null;
const TABLE_COLUMNS = ['table_name', 'auditable_table', 'tablename', 'relname', 'item_table', 'auditable_type', 'item_type'];
const ID_COLUMNS = ['record_id', 'row_id', 'auditable_id', 'item_id', 'object_id', 'pk'];
const ACTION_COLUMNS = ['action', 'operation', 'op', 'event', 'tg_op'];
const TIME_COLUMNS = ['created_at', 'changed_at', 'occurred_at', 'logged_at', 'timestamp', 'at'];

/** Audit actions (INSERT, U, destroy…) and activity-log actions (created, renamed, deleted…) as one vocabulary. */
function auditAction(value: string): TrailWrite['action'] | null {
  const v = value.toLowerCase();
  if (['insert', 'i', 'create', 'created', 'c'].includes(v)) return 'create';
  if (['update', 'u', 'updated'].includes(v)) return 'update';
  if (['delete', 'd', 'destroy', 'deleted', 'destroyed'].includes(v)) return 'delete';
  return null;
}
function activityAction(action: string): TrailWrite['action'] {
  if (action === 'created') return 'create';
  if (action === 'deleted') return 'delete';
  return 'update';
}

/**
 * The parallel run's check: over the last `sinceSeconds`, every (table, row,
 * create/update/delete) the audit table holds against every one the activity
 * log holds, for the audited tables given (table → Rails class name). Writes
 * are compared as sets — a trigger logs each UPDATE statement, the library
 * one log per write that changes something — so a difference is a write one
 * trail never saw at all.
 */
export async function compareTrails(
  sql: postgres.Sql,
  options: {
    readonly auditTable: string;
    readonly activityLog: ActivityLogConfig;
    readonly tables: ReadonlyMap<string, string>;
    readonly sinceSeconds: number;
  },
): Promise<TrailComparison> {
  const log = options.activityLog;
  const info = await sql<{column: string; type: string}[]>`select column_name as column, data_type as type from information_schema.columns where table_name = ${options.auditTable}`;
  const columns = new Set(info.map((c) => c.column));
  const tableCol = pickColumn(columns, TABLE_COLUMNS);
  const idCol = pickColumn(columns, ID_COLUMNS);
  const actionCol = pickColumn(columns, ACTION_COLUMNS);
  const timeCol = pickColumn(columns, TIME_COLUMNS);
  if (tableCol === null || idCol === null || actionCol === null || timeCol === null) {
    throw new ActivityCommandError(
      `${options.auditTable} needs a table column (${TABLE_COLUMNS.join('/')}), a row id (${ID_COLUMNS.join('/')}), an action (${ACTION_COLUMNS.join('/')}) and a time (${TIME_COLUMNS.join('/')}); it has ${[...columns].join(', ')}`,
    );
  }
  if (log.createdAtColumn === null) throw new ActivityCommandError(`${log.table} has no created_at column: the window cannot be applied`);
  const zoned = info.find((c) => c.column === timeCol)?.type === 'timestamp with time zone';
  const since = zoned ? sql`now() - make_interval(secs => ${options.sinceSeconds})` : sql`(now() at time zone 'UTC') - make_interval(secs => ${options.sinceSeconds})`;
  const tables = [...options.tables.keys()];
  const classes = [...options.tables.values()];
  const audit = await sql<{table: string; id: string; action: string}[]>`
    select ${sql(tableCol)}::text as table, ${sql(idCol)}::text as id, ${sql(actionCol)}::text as action from ${sql(options.auditTable)}
    where ${sql(timeCol)} >= ${since} and (${sql(tableCol)}::text = any(${tables}::text[]) or ${sql(tableCol)}::text = any(${classes}::text[]))`;
  const activity = await sql<{type: string; id: string; action: string}[]>`
    select ${sql(log.loggableTypeColumn)}::text as type, ${sql(log.loggableIdColumn)}::text as id, ${sql(log.actionColumn)}::text as action from ${sql(log.table)}
    where ${sql(log.createdAtColumn)} >= (now() at time zone 'UTC') - make_interval(secs => ${options.sinceSeconds}) and ${sql(log.loggableTypeColumn)} = any(${classes}::text[])`;
  const tableOfClass = new Map([...options.tables].map(([table, cls]) => [cls, table]));
  const key = (w: TrailWrite) => `${w.table}\0${w.id}\0${w.action}`;
  const auditWrites = new Map<string, TrailWrite>();
  for (const row of audit) {
    const action = auditAction(row.action);
    const table = options.tables.has(row.table) ? row.table : tableOfClass.get(row.table);
    if (action === null || table === undefined) continue;
    const write = {table, id: row.id, action};
    auditWrites.set(key(write), write);
  }
  const activityWrites = new Map<string, TrailWrite>();
  for (const row of activity) {
    const table = tableOfClass.get(row.type);
    if (table === undefined || row.action === 'reordered') continue; // a reorder logs the parent once; its items' updates are the trigger's
    const write = {table, id: row.id, action: activityAction(row.action)};
    activityWrites.set(key(write), write);
  }
  const order = (a: TrailWrite, b: TrailWrite) => (key(a) < key(b) ? -1 : 1);
  return {
    missingFromActivityLog: [...auditWrites].filter(([k]) => !activityWrites.has(k)).map(([, w]) => w).sort(order),
    missingFromAuditTable: [...activityWrites].filter(([k]) => !auditWrites.has(k)).map(([, w]) => w).sort(order),
    compared: tables.map((table) => ({
      table,
      audit: [...auditWrites.values()].filter((w) => w.table === table).length,
      activity: [...activityWrites.values()].filter((w) => w.table === table).length,
    })),
  };
}
