import type {QueryCondition, SimpleCondition, SpecCondition, SpecOperator, SpecScalar, SpecValue} from '../contract/query-spec.ts';

/** A Rails-style condition hash: `{status: 'open', client_id: [a, b], discarded_at: null}`. */
export type WhereHash = Readonly<Record<string, SpecValue | undefined>>;

const NEGATED: Readonly<Record<SpecOperator, SpecOperator>> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
  IN: 'NOT IN',
  'NOT IN': 'IN',
  IS: 'IS NOT',
  'IS NOT': 'IS',
  LIKE: 'NOT LIKE',
  'NOT LIKE': 'LIKE',
  ILIKE: 'NOT ILIKE',
  'NOT ILIKE': 'ILIKE',
};

export function simple(column: string, op: SpecOperator, value: SpecValue): SimpleCondition {
  return {type: 'simple', column, op, value};
}

/**
 * One hash entry as Rails compiles it: `null` → IS NULL, an array → IN (with
 * `OR col IS NULL` when the array holds null), anything else → `=`.
 * An empty array matches nothing, as in Rails (`1=0`).
 */
export function conditionForEntry(column: string, value: SpecValue): SpecCondition {
  if (value === null) return simple(column, 'IS', null);
  if (Array.isArray(value)) {
    const list = value as readonly SpecScalar[];
    const nonNull = list.filter(v => v !== null);
    if (nonNull.length === list.length) return simple(column, 'IN', list);
    return {type: 'or', conditions: [simple(column, 'IN', nonNull), simple(column, 'IS', null)]};
  }
  return simple(column, '=', value as SpecScalar);
}

/** The conditions of a hash, ANDed; `undefined` values are skipped (an unset form field). */
export function conditionsForHash(hash: WhereHash): SpecCondition[] {
  const out: SpecCondition[] = [];
  for (const [column, value] of Object.entries(hash)) {
    if (value !== undefined) out.push(conditionForEntry(column, value));
  }
  return out;
}

/**
 * Logical negation by De Morgan, so the spec never needs a NOT node:
 * `NOT (a = 1 AND b = 2)` becomes `a != 1 OR b != 2`, which is exactly what
 * Rails ≥ 6.1 generates for `where.not(a: 1, b: 2)`. As in SQL, `a != 1`
 * does not match rows where `a` IS NULL. EXISTS flips to NOT EXISTS.
 */
export function negate(condition: SpecCondition): SpecCondition;
export function negate(condition: QueryCondition): QueryCondition;
export function negate(condition: QueryCondition): QueryCondition {
  switch (condition.type) {
    case 'simple':
      return simple(condition.column, NEGATED[condition.op], condition.value);
    case 'and':
      return {type: 'or', conditions: condition.conditions.map(c => negate(c))};
    case 'or':
      return {type: 'and', conditions: condition.conditions.map(c => negate(c))};
    case 'exists':
      return {...condition, negated: !condition.negated};
  }
}

/** `NOT (c1 AND c2 …)` as one condition. */
export function negateAll(conditions: readonly SpecCondition[]): SpecCondition {
  const [only] = conditions;
  if (conditions.length === 1 && only) return negate(only);
  return negate({type: 'and', conditions});
}
