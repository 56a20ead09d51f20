import type {ServerTransaction} from '@rocicorp/zero/server';
import type {TransactionReader} from '../apply/transaction-reader.ts';
import type {RowValue} from '../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {TransactionStatements} from './transaction-statements.ts';

/** A schema's query builder seen by table name (Zero's types cannot follow a name known only at run time). */
export type AnyQueryBuilder = Readonly<Record<string, {where(column: string, value: unknown): {one(): unknown}} | undefined>>;

/**
 * The authoritative apply's reads over one Zero server transaction. A row is
 * locked and read in ONE statement (`FOR UPDATE`) in the representation
 * Zero's own SQL gives clients — `row_to_json` of the synced columns with
 * timestamps and dates as `EXTRACT(EPOCH …) * 1000`, as z2s selects them —
 * so it compares with what clients send. A table with a column whose
 * representation that cannot promise (time with time zone, arrays of times)
 * is locked with plain SQL and read through ZQL (`tx.run`) instead.
 * Statements go through `statements` (prepared, so they pipeline: see
 * `transactionStatements`).
 */
export function createSqlTransactionReader(tx: ServerTransaction<never, unknown>, statements: TransactionStatements, builder: AnyQueryBuilder): TransactionReader {
  const db = statements;
  const run = tx.run.bind(tx) as unknown as (query: unknown) => Promise<unknown>;
  return {
    async lockRow(model, id) {
      const select = selectListOf(model);
      if (select !== null) {
        const sql = `SELECT row_to_json(t)::text AS r FROM (SELECT ${select} FROM ${quote(model.table)} WHERE ${quote(model.primaryKey)} = $1 FOR UPDATE) t`;
        const [row] = await db.query(sql, [id]);
        return row === undefined ? undefined : (JSON.parse(row.r as string) as RowValue);
      }
      const locked = await db.query(`SELECT 1 FROM ${quote(model.table)} WHERE ${quote(model.primaryKey)} = $1 FOR UPDATE`, [id]);
      if (locked.length === 0) return undefined;
      const query = builder[model.table];
      if (query === undefined) throw new Error(`table ${model.table} is not in the Zero schema`);
      return ((await run(query.where(model.primaryKey, id).one())) ?? undefined) as RowValue | undefined;
    },
    async lockMatching(model, conditions) {
      const args = conditions.map((c) => c.value);
      const where = conditions.map((c, i) => `${quote(c.column)} = $${i + 1}`).join(' AND ');
      const pk = quote(model.primaryKey);
      const rows = await db.query(`SELECT ${pk} AS id FROM ${quote(model.table)} WHERE ${where} ORDER BY ${pk} FOR UPDATE`, args);
      return rows.map((r) => r.id as JSONValue);
    },
    async exists(model, conditions, exceptId) {
      const args: unknown[] = [];
      const terms = conditions.map(({column, value, caseSensitive}) => {
        if (value === null) return `${quote(column)} IS NULL`;
        args.push(value);
        return caseSensitive ? `${quote(column)} = $${args.length}` : `lower(${quote(column)}::text) = lower($${args.length}::text)`;
      });
      if (exceptId !== null) {
        args.push(exceptId);
        terms.push(`${quote(model.primaryKey)} <> $${args.length}`);
      }
      const rows = await db.query(`SELECT 1 FROM ${quote(model.table)} WHERE ${terms.join(' AND ')} LIMIT 1`, args);
      return rows.length > 0;
    },
    async readColumn(table, primaryKey, id, column) {
      const rows = await db.query(`SELECT ${quote(column)} AS v FROM ${quote(table)} WHERE ${quote(primaryKey)} = $1`, [id]);
      return rows[0] === undefined ? undefined : ((rows[0].v ?? null) as JSONValue);
    },
  };
}

const selectLists = new WeakMap<ModelConfig, string | null>();

/** The synced columns as Zero selects them, or null when a column needs Zero's own read. */
function selectListOf(model: ModelConfig): string | null {
  if (selectLists.has(model)) return selectLists.get(model)!;
  const parts: string[] = [];
  let list: string | null = null;
  for (const column of Object.values(model.columns)) {
    if (column.synced === false) continue;
    const type = column.pgType.toLowerCase();
    const temporal = /^(timestamp|date|time)/.test(type);
    if (temporal && (column.array === true || type.includes('time with time zone') || type === 'timetz')) {
      parts.length = 0;
      break;
    }
    parts.push(temporal ? `EXTRACT(EPOCH FROM ${quote(column.name)}) * 1000 AS ${quote(column.name)}` : quote(column.name));
  }
  if (parts.length > 0) list = parts.join(', ');
  selectLists.set(model, list);
  return list;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
