import type {ServerTransaction} from '@rocicorp/zero/server';
import type {TransactionReader} from '../apply/transaction-reader.ts';
import type {RowValue} from '../contract/batch.ts';
import type {JSONValue} from '../contract/model-config.ts';

/** A schema's query builder seen by table name (Zero's types cannot follow a name known only at run time). */
export type AnyQueryBuilder = Readonly<Record<string, {where(column: string, value: unknown): {one(): unknown}} | undefined>>;

/**
 * The authoritative apply's reads over one Zero server transaction. A row is
 * locked with plain SQL (`FOR UPDATE`) and then read through ZQL (`tx.run`),
 * so it comes back as Zero rows look — timestamps as epoch ms, numerics as
 * numbers — and compares with what clients send.
 */
export function createSqlTransactionReader(tx: ServerTransaction<never, unknown>, builder: AnyQueryBuilder): TransactionReader {
  const db = tx.dbTransaction;
  const run = tx.run.bind(tx) as unknown as (query: unknown) => Promise<unknown>;
  return {
    async lockRow(model, id) {
      const locked = [...(await db.query(`SELECT 1 FROM ${quote(model.table)} WHERE ${quote(model.primaryKey)} = $1 FOR UPDATE`, [id]))];
      if (locked.length === 0) return undefined;
      const query = builder[model.table];
      if (query === undefined) throw new Error(`table ${model.table} is not in the Zero schema`);
      return ((await run(query.where(model.primaryKey, id).one())) ?? undefined) as RowValue | undefined;
    },
    async lockMatching(model, conditions) {
      const args = conditions.map((c) => c.value);
      const where = conditions.map((c, i) => `${quote(c.column)} = $${i + 1}`).join(' AND ');
      const pk = quote(model.primaryKey);
      const rows = [...(await db.query(`SELECT ${pk} AS id FROM ${quote(model.table)} WHERE ${where} ORDER BY ${pk} FOR UPDATE`, args))];
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
      const rows = [...(await db.query(`SELECT 1 FROM ${quote(model.table)} WHERE ${terms.join(' AND ')} LIMIT 1`, args))];
      return rows.length > 0;
    },
    async readColumn(table, primaryKey, id, column) {
      const rows = [...(await db.query(`SELECT ${quote(column)} AS v FROM ${quote(table)} WHERE ${quote(primaryKey)} = $1`, [id]))];
      return rows[0] === undefined ? undefined : ((rows[0].v ?? null) as JSONValue);
    },
  };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
