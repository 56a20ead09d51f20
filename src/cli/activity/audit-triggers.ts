import type postgres from 'postgres';

/** One trigger whose function writes into an audit-like table. */
export interface AuditTrigger {
  readonly trigger: string;
  readonly schema: string;
  /** The audited table. */
  readonly table: string;
  readonly events: readonly ('INSERT' | 'UPDATE' | 'DELETE')[];
  readonly timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  readonly enabled: boolean;
  readonly function: string;
  /** Where its rows go (`audit_logs`). */
  readonly auditTable: string;
  /** The audited table's columns it captures: every one for `to_jsonb(NEW)` / `row_to_json(OLD)`, else the `NEW.col` / `OLD.col` it names. */
  readonly columns: readonly string[];
  /** True when it captures whole rows. */
  readonly wholeRow: boolean;
}

/** Table names that read as an audit trail: audit_logs, audits, *_history, versions, change_log… */
const AUDIT_LIKE = /(audit|history|histories|versions|change_?log|changes|trail)/i;
const INSERT_INTO = /insert\s+into\s+((?:"[^"]+"|\w+)(?:\s*\.\s*(?:"[^"]+"|\w+))?)/gi;
const COLUMN_REF = /\b(?:new|old)\s*\.\s*("(?:[^"]|"")+"|\w+)/gi;
const WHOLE_ROW = /\b(?:to_jsonb|to_json|row_to_json|hstore)\s*\(\s*(?:new|old)\s*\)/i;

const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase());

/**
 * Reads every user trigger with its function's body (`pg_trigger`,
 * `pg_proc`) and keeps those whose function INSERTs into an audit-like table
 * (other than `excludeTable`, the library's own activity log). Bodies are
 * read as text, never executed.
 */
export async function findAuditTriggers(sql: postgres.Sql, excludeTable: string | null): Promise<AuditTrigger[]> {
  const rows = await sql<{trigger: string; schema: string; table: string; type: number; enabled: string; function: string; body: string}[]>`
    select t.tgname as trigger, n.nspname as schema, c.relname as table, t.tgtype::int as type, t.tgenabled as enabled,
           p.proname as function, coalesce(p.prosrc, '') as body
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_proc p on p.oid = t.tgfoid
    where not t.tgisinternal and n.nspname not in ('pg_catalog', 'information_schema', 'zam')
    order by c.relname, t.tgname`;
  const out: AuditTrigger[] = [];
  for (const row of rows) {
    const targets = [...row.body.matchAll(INSERT_INTO)].map((m) => m[1]!.split('.').map((part) => unquote(part.trim())).at(-1)!);
    const auditTable = targets.find((t) => AUDIT_LIKE.test(t) && t !== excludeTable && t !== row.table);
    if (auditTable === undefined) continue;
    const wholeRow = WHOLE_ROW.test(row.body);
    const columns = wholeRow
      ? (await sql<{column: string}[]>`select column_name as column from information_schema.columns where table_schema = ${row.schema} and table_name = ${row.table} order by ordinal_position`).map((c) => c.column)
      : [...new Set([...row.body.matchAll(COLUMN_REF)].map((m) => unquote(m[1]!)))].sort();
    // tgtype bits (pg_trigger.h): 2 BEFORE, 64 INSTEAD, 4 INSERT, 8 DELETE, 16 UPDATE.
    const events: AuditTrigger['events'][number][] = [];
    if (row.type & 4) events.push('INSERT');
    if (row.type & 16) events.push('UPDATE');
    if (row.type & 8) events.push('DELETE');
    out.push({
      trigger: row.trigger,
      schema: row.schema,
      table: row.table,
      events,
      timing: row.type & 64 ? 'INSTEAD OF' : row.type & 2 ? 'BEFORE' : 'AFTER',
      enabled: row.enabled !== 'D',
      function: row.function,
      auditTable,
      columns,
      wholeRow,
    });
  }
  return out;
}
