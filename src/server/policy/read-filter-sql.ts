import type postgres from 'postgres';
import type {SpecCondition} from '../../contract/query-spec.ts';
import type {ReadFilter} from './read-filters.ts';

/**
 * A read filter as a SQL condition (a postgres.js fragment: column names as
 * identifiers, every value a parameter), for endpoints that answer from
 * PostgreSQL directly (activity stats, export) — so they show a user exactly
 * what a synced query would. `none` is `false`, `all` is `true`.
 */
export function readFilterSql(sql: postgres.Sql, filter: ReadFilter): postgres.PendingQuery<postgres.Row[]> {
  if (filter.kind === 'all') return sql`true`;
  if (filter.kind === 'none') return sql`false`;
  return conditionSql(sql, filter.condition);
}

function conditionSql(sql: postgres.Sql, condition: SpecCondition): postgres.PendingQuery<postgres.Row[]> {
  if (condition.type === 'and' || condition.type === 'or') {
    if (condition.conditions.length === 0) return condition.type === 'and' ? sql`true` : sql`false`;
    const parts = condition.conditions.map((c) => conditionSql(sql, c));
    let out = sql`(${parts[0]!})`;
    for (const part of parts.slice(1)) out = condition.type === 'and' ? sql`${out} and (${part})` : sql`${out} or (${part})`;
    return sql`(${out})`;
  }
  const column = sql(condition.column);
  const value = condition.value;
  switch (condition.op) {
    case 'IN':
    case 'NOT IN': {
      const list = Array.isArray(value) ? (value as readonly (string | number | boolean | null)[]) : [value as string | number | boolean | null];
      if (list.length === 0) return condition.op === 'IN' ? sql`false` : sql`true`;
      // Compared as text: the list's values are scalars of the column's type, written as ZQL would compare them.
      const texts = list.map((v) => (v === null ? null : String(v)));
      return condition.op === 'IN' ? sql`${column}::text = any(${texts}::text[])` : sql`not (${column}::text = any(${texts}::text[]))`;
    }
    case 'IS':
      return value === null ? sql`${column} is null` : sql`${column}::text is not distinct from ${String(value)}`;
    case 'IS NOT':
      return value === null ? sql`${column} is not null` : sql`${column}::text is distinct from ${String(value)}`;
    default: {
      // ZQL: a comparison with NULL matches nothing.
      if (value === null) return sql`false`;
      const scalar = value as string | number | boolean;
      const operators: Record<string, string> = {'=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', LIKE: 'like', 'NOT LIKE': 'not like', ILIKE: 'ilike', 'NOT ILIKE': 'not ilike'};
      const op = operators[condition.op];
      if (op === undefined) return sql`false`;
      const param = typeof scalar === 'number' ? sql`${scalar}::numeric` : typeof scalar === 'boolean' ? sql`${scalar}::boolean` : sql`${scalar}`;
      return sql`${column} ${sql.unsafe(op)} ${param}`;
    }
  }
}
