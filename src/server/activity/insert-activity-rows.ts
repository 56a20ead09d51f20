import type {ActivityLogConfig, JSONValue} from '../../contract/model-config.ts';
import type {ActivityRow} from './activity-event.ts';

/**
 * Something that runs one parameterised statement: a postgres.js `sql` or
 * transaction (`unsafe`), or the `dbTransaction` of a Zero server
 * transaction (`query`).
 */
export type SqlRunner =
  | {
      /** postgres.js: runs `query` with positional parameters. */
      readonly unsafe: (query: string, parameters?: never[]) => PromiseLike<unknown>;
    }
  | {
      /** A Zero server transaction's `dbTransaction`: runs `query` with positional parameters. */
      readonly query: (query: string, parameters: unknown[]) => PromiseLike<unknown>;
    };

export async function runSql(runner: SqlRunner, text: string, params: readonly unknown[]): Promise<void> {
  if ('unsafe' in runner) await runner.unsafe(text, params as never[]);
  else await runner.query(text, [...params]);
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * ONE multi-row INSERT of activity-log rows, with ONE parameter (the rows as
 * a JSON array) read through `json_populate_recordset` over the table's own
 * row type: PostgreSQL casts every value to its column's type, nothing is
 * spliced into the SQL but the configured table and column names.
 */
export function insertActivityRows(activityLog: ActivityLogConfig, rows: readonly ActivityRow[]): {readonly text: string; readonly params: readonly unknown[]} {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const column of Object.keys(row)) {
      if (seen.has(column)) continue;
      seen.add(column);
      columns.push(column);
    }
  }
  const timestamps = new Set([activityLog.createdAtColumn, activityLog.updatedAtColumn].filter((c): c is string => typeof c === 'string'));
  // Model logs carry epoch ms (Zero's representation); the table stores UTC timestamps.
  const normalized = rows.map((row) => {
    const out: Record<string, JSONValue> = {};
    for (const column of columns) {
      const value = row[column] ?? null;
      out[column] = timestamps.has(column) && typeof value === 'number' ? new Date(value).toISOString() : value;
    }
    return out;
  });
  const list = columns.map(quote).join(', ');
  const table = quote(activityLog.table);
  return {
    text: `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::text::json)`,
    params: [JSON.stringify(normalized)],
  };
}
