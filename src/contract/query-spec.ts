/**
 * The serialisable form of a Relation: what a named synced query (`zam.<table>`)
 * receives as its arguments, on the client and on the API server. It is a
 * wire contract (zero-cache forwards it to the server, which re-validates it),
 * so it is versioned: bump QUERY_SPEC_VERSION on any change of shape that makes
 * an existing spec mean something else. (The `exists` condition was added
 * without a bump: every earlier spec is still valid and means the same; an
 * older server refuses an `exists` as malformed rather than misreading it.)
 *
 * Scopes are expanded on the client before serialising, so a spec only holds
 * primitive conditions; the server never runs scope code it did not ship.
 *
 * All shapes are `type` aliases (not interfaces) so a spec is assignable to
 * Zero's `ReadonlyJSONValue` query arguments.
 */
export const QUERY_SPEC_VERSION = 1 as const;

/** Every operator ZQL's `cmp` supports. */
export const SPEC_OPERATORS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'IN',
  'NOT IN',
  'IS',
  'IS NOT',
  'LIKE',
  'NOT LIKE',
  'ILIKE',
  'NOT ILIKE',
] as const;

/** The operators a query-spec condition (and `where(column, op, value)`) accepts. */
export type SpecOperator = (typeof SPEC_OPERATORS)[number];

/** A single value in a query-spec condition. */
export type SpecScalar = string | number | boolean | null;
/** A condition value: one scalar, or a list for `IN` / `NOT IN`. */
export type SpecValue = SpecScalar | readonly SpecScalar[];

/** A `column op value` condition. */
export type SimpleCondition = {
  readonly type: 'simple';
  readonly column: string;
  readonly op: SpecOperator;
  readonly value: SpecValue;
};

/** A condition over one table's own columns: a simple comparison, or AND / OR over others (what policies use). */
export type SpecCondition =
  | SimpleCondition
  | {readonly type: 'and'; readonly conditions: readonly SpecCondition[]}
  | {readonly type: 'or'; readonly conditions: readonly SpecCondition[]};

/**
 * `EXISTS (a row of the association matching where)` — ZQL's `whereExists` on
 * the generated relationship (`negated`: `not(exists(…))`). What Rails'
 * `joins(:client).where(clients: {active: true})`, `where.associated(:client)`
 * and `where.missing(:client)` select, one row per record. `where` is over the
 * association's target table and may hold further EXISTS (nested joins).
 */
export type ExistsCondition = {
  readonly type: 'exists';
  readonly association: string;
  readonly where: readonly QueryCondition[];
  readonly negated: boolean;
};

/** A condition of a query spec: a simple comparison, EXISTS over an association, or AND / OR over others. */
export type QueryCondition =
  | SimpleCondition
  | ExistsCondition
  | {readonly type: 'and'; readonly conditions: readonly QueryCondition[]}
  | {readonly type: 'or'; readonly conditions: readonly QueryCondition[]};

/** An association to load with each row (`includes('tasks')`), optionally with its own includes. */
export type IncludeSpec = {readonly name: string; readonly includes: readonly IncludeSpec[]};

/** One `ORDER BY` term: column and direction. */
export type OrderTerm = readonly [column: string, direction: 'asc' | 'desc'];

/** A model read as data (table, conditions, order, limit, offset, includes): what a relation compiles to and what the synced query `zam.<table>` takes, validated on both sides. */
export type QuerySpec = {
  readonly v: typeof QUERY_SPEC_VERSION;
  readonly table: string;
  /** Conditions ANDed together. */
  readonly where: readonly QueryCondition[];
  /** Explicit order; the primary key is always appended as the final tiebreak. */
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number | null;
  /**
   * Rows to skip. ZQL has no OFFSET (only cursor-style `start(row)`), so the
   * query asks for `limit + offset` rows and the model drops the first
   * `offset` on the client. See `buildZql` and `sliceOffset`.
   */
  readonly offset: number;
  readonly includes: readonly IncludeSpec[];
};

/** Upper bound for `limit` and `offset` accepted by `validateQuerySpec`. */
export const MAX_QUERY_ROWS = 10_000;

/** The spec for "every row of `table`". */
export function emptyQuerySpec(table: string): QuerySpec {
  return {v: QUERY_SPEC_VERSION, table, where: [], orderBy: [], limit: null, offset: 0, includes: []};
}
