import {stringify} from 'csv-stringify';
import {once} from 'node:events';
import {Readable} from 'node:stream';
import type postgres from 'postgres';
import type {ActivityLogConfig} from '../../contract/model-config.ts';
import {InvalidActivityOptionError} from '../../errors/invalid-activity-option-error.ts';
import {readFilterSql} from '../policy/read-filter-sql.ts';
import type {ReadFilter} from '../policy/read-filters.ts';

/** Rows fetched per round trip while streaming (the server holds at most this many at a time). */
const CURSOR_ROWS = 1_000;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z?)?$/;

export interface ExportWindow {
  /** UTC, inclusive. */
  readonly from: Date;
  /** UTC, exclusive. */
  readonly to: Date;
}

/** `?from=2026-11-01&to=2026-12-01` (ISO dates or UTC times; `to` defaults to now) → a window, or InvalidActivityOptionError. */
export function parseExportWindow(params: URLSearchParams, now = Date.now()): ExportWindow {
  const read = (name: 'from' | 'to'): Date | null => {
    const text = params.get(name);
    if (text === null) return null;
    const date = DATE.test(text) ? new Date(text.length === 10 ? `${text}T00:00:00Z` : text.endsWith('Z') ? text : `${text}Z`) : null;
    if (date === null || Number.isNaN(date.getTime())) throw new InvalidActivityOptionError(name, `must be an ISO date or UTC time like 2026-12-01 or 2026-12-01T09:30:00Z (got ${JSON.stringify(text.slice(0, 40))})`);
    return date;
  };
  const from = read('from');
  if (from === null) throw new InvalidActivityOptionError('from', 'is required: the export starts there (an ISO date like 2026-11-01)');
  const to = read('to') ?? new Date(now);
  if (to <= from) throw new InvalidActivityOptionError('to', 'must be after from');
  return {from, to};
}

/** A spreadsheet must not run a cell: text starting with = + - @ (or a tab/CR) is prefixed with ' (OWASP CSV injection). */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Streams the log rows of a window that `filter` lets the user read as CSV
 * (csv-stringify), oldest first, through a PostgreSQL cursor: memory stays
 * flat however many rows there are, and a slow reader slows the cursor
 * (backpressure) instead of filling memory. `onDone` gets the row count.
 */
export function exportActivityCsv(
  sql: postgres.Sql,
  log: ActivityLogConfig,
  filter: ReadFilter,
  window: ExportWindow,
  onDone: (rows: number) => void,
): ReadableStream<Uint8Array> {
  if (log.createdAtColumn === null) throw new InvalidActivityOptionError('activityLog.createdAtColumn', 'the activity-log table has no created_at column: an export needs one');
  const at = sql(log.createdAtColumn);
  const columns = [log.primaryKey, log.createdAtColumn, log.userColumn, log.actionColumn, ...(log.statusColumn ? [log.statusColumn] : []), log.loggableTypeColumn, log.loggableIdColumn, log.metadataColumn];
  const csv = stringify({header: true, columns, cast: {string: safeCell, date: (d) => d.toISOString(), object: (o) => safeCell(JSON.stringify(o))}});
  const iso = (d: Date) => d.toISOString().replace('Z', '');
  void (async () => {
    let rows = 0;
    try {
      // Timestamps without time zone are UTC (Rails): written with a Z, whatever the server's zone.
      const others = columns.filter((c) => c !== log.createdAtColumn);
      const cursor = sql`select ${sql(others)}, to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${at} from ${sql(log.table)}
        where ${at} >= ${iso(window.from)}::timestamp and ${at} < ${iso(window.to)}::timestamp and ${readFilterSql(sql, filter)}
        order by ${at}, ${sql(log.primaryKey)}`.cursor(CURSOR_ROWS);
      for await (const batch of cursor) {
        for (const row of batch) {
          rows++;
          if (!csv.write(row)) await once(csv, 'drain');
        }
      }
      csv.end();
      onDone(rows);
    } catch (error) {
      csv.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
