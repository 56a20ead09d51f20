import type {ColumnDefault, ColumnIR} from '../ir.ts';

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((i) => {
    if (i === null) return 'NULL';
    if (Array.isArray(i)) return arrayLiteral(i);
    const s = String(i);
    return /^[A-Za-z0-9_.-]+$/.test(s) ? s : `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

/** The `DEFAULT …` expression for a column, as PostgreSQL would print it back (modulo casts). */
export function sqlDefault(column: ColumnIR, value: ColumnDefault, pgType: string): string {
  if (value.kind === 'sql') return value.sql;
  const v = value.value;
  if (column.array === true && Array.isArray(v)) return `${sqlString(arrayLiteral(v))}::${pgType}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return v < 0 ? `(${v})` : String(v);
  if (typeof v === 'string') return sqlString(v);
  if (v === null) return 'NULL';
  if (column.type === 'hstore' && typeof v === 'object' && !Array.isArray(v)) {
    const quote = (x: unknown): string => (x === null ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    return `${sqlString(Object.entries(v).map(([k, x]) => `${quote(k)}=>${quote(x)}`).join(', '))}::hstore`;
  }
  return `${sqlString(JSON.stringify(v))}::${pgType}`;
}
