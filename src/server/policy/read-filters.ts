import {SPEC_OPERATORS, type SpecCondition} from '../../contract/query-spec.ts';
import {InvalidPolicyError} from '../../errors/invalid-policy-error.ts';
import type {ActingUser, Policies, ReadRule} from './define-policies.ts';

/** What one user may read of one table: every row, no row, or the rows matching `condition`. */
export type ReadFilter =
  | {readonly kind: 'all'}
  | {readonly kind: 'none'}
  | {readonly kind: 'where'; readonly condition: SpecCondition};

const ALL: ReadFilter = {kind: 'all'};
const NONE: ReadFilter = {kind: 'none'};
const OPERATORS: ReadonlySet<string> = new Set(SPEC_OPERATORS);
const MAX_DEPTH = 8;

/**
 * The read filters of one request's user, computed per table on first use
 * (a request that resolves 100 queries asks each table's `read` once).
 * A table without a `read` rule gives `none` (default deny). A rule that
 * returns something that is not a condition on the table's columns throws
 * InvalidPolicyError: a broken policy refuses the request, never widens it.
 */
export function readFiltersFor<U extends ActingUser>(policies: Policies<U>, user: U): (table: string) => ReadFilter {
  const memo = new Map<string, ReadFilter>();
  return (table) => {
    let filter = memo.get(table);
    if (filter === undefined) {
      filter = computeFilter(policies, user, table);
      memo.set(table, filter);
    }
    return filter;
  };
}

function computeFilter<U extends ActingUser>(policies: Policies<U>, user: U, table: string): ReadFilter {
  const policy = Object.hasOwn(policies.tables, table) ? policies.tables[table] : undefined;
  if (policy?.read === undefined) return NONE;
  let rule: ReadRule;
  try {
    rule = policy.read(user);
  } catch (cause) {
    throw new InvalidPolicyError(table, `read threw: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
  }
  if (rule === true) return ALL;
  if (rule === false) return NONE;
  const conditions: readonly SpecCondition[] = isConditionList(rule) ? rule : [rule];
  const columns = columnTypes(policies, table);
  conditions.forEach((c, i) => checkCondition(c, table, columns, `read[${i}]`, 1));
  if (conditions.length === 0) return ALL;
  return {kind: 'where', condition: conditions.length === 1 ? conditions[0]! : {type: 'and', conditions}};
}

function isConditionList(rule: SpecCondition | readonly SpecCondition[]): rule is readonly SpecCondition[] {
  return Array.isArray(rule);
}

function columnTypes(policies: Policies<ActingUser> | Policies<never>, table: string): ReadonlyMap<string, string> {
  const tables = policies.schema.tables as Readonly<Record<string, {readonly columns: Readonly<Record<string, {readonly type: string}>>}>>;
  return new Map(Object.entries(tables[table]?.columns ?? {}).map(([name, c]) => [name, c.type]));
}

/** The same rules validateQuerySpec applies to a client's conditions, against the Zero schema. */
function checkCondition(c: unknown, table: string, columns: ReadonlyMap<string, string>, path: string, depth: number): void {
  const fail = (why: string): never => {
    throw new InvalidPolicyError(table, `${path}: ${why}`);
  };
  if (typeof c !== 'object' || c === null) return fail('expected a query-spec condition object');
  if (depth > MAX_DEPTH) return fail('conditions nested too deep');
  const cond = c as Record<string, unknown>;
  if (cond.type === 'and' || cond.type === 'or') {
    if (!Array.isArray(cond.conditions)) return fail(`${cond.type} needs a conditions array`);
    (cond.conditions as unknown[]).forEach((sub, i) => checkCondition(sub, table, columns, `${path}.conditions[${i}]`, depth + 1));
    return;
  }
  if (cond.type !== 'simple') return fail('type must be simple, and or or');
  const type = typeof cond.column === 'string' ? columns.get(cond.column) : undefined;
  if (type === undefined) return fail(`no synced column ${JSON.stringify(cond.column)}`);
  if (typeof cond.op !== 'string' || !OPERATORS.has(cond.op)) return fail(`unsupported operator ${JSON.stringify(cond.op)}`);
  const values = cond.op === 'IN' || cond.op === 'NOT IN' ? cond.value : [cond.value];
  if (!Array.isArray(values)) return fail(`${cond.op} needs an array value`);
  for (const v of values as unknown[]) {
    const fits = v === null ? cond.op === 'IS' || cond.op === 'IS NOT' : typeof v === type;
    if (!fits) return fail(`${JSON.stringify(v)} does not fit ${cond.column as string} (${type}) with ${cond.op}`);
  }
}
