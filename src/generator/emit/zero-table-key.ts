import type {TableIR} from '../ir.ts';

/**
 * Zero needs a primary key on every table. Tables created with `id: false`
 * (habtm join tables, some legacy tables) get the columns of a unique index
 * whose columns are all NOT NULL; without one the table is left out of the
 * Zero schema (and reported).
 */
export function zeroPrimaryKey(table: TableIR): readonly string[] | null {
  if (table.primaryKey.length > 0) return table.primaryKey;
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  const candidates = table.indexes
    .filter((i) => i.unique && i.where === undefined && Array.isArray(i.columns))
    .map((i) => i.columns as readonly string[])
    .filter((cols) => cols.every((c) => notNull.has(c)))
    .sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1));
  return candidates[0] ?? null;
}
