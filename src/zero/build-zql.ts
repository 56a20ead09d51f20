import type {Query, Schema, SchemaQuery} from '@rocicorp/zero';
import {associationOrder} from '../contract/association-order.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {IncludeSpec, QueryCondition, QuerySpec} from '../contract/query-spec.ts';
import {InvalidModelConfigError} from '../errors/invalid-model-config-error.ts';

/**
 * The slice of ZQL's query and expression builders that `buildZql` uses.
 * Zero's generic types cannot follow a table name that is only known at run
 * time, so the builder is treated through this structural view; the spec has
 * been validated against the schema before it gets here.
 */
type Condition = unknown;
interface ExpressionBuilderLike {
  cmp(field: string, op: string, value: unknown): Condition;
  and(...conditions: Condition[]): Condition;
  or(...conditions: Condition[]): Condition;
  not(condition: Condition): Condition;
  exists(relationship: string, cb?: (q: QueryLike) => QueryLike): Condition;
}
interface QueryLike {
  where(factory: (eb: ExpressionBuilderLike) => Condition): QueryLike;
  orderBy(column: string, direction: 'asc' | 'desc'): QueryLike;
  limit(n: number): QueryLike;
  related(name: string, cb?: (q: QueryLike) => QueryLike): QueryLike;
}

function toExpression(eb: ExpressionBuilderLike, c: QueryCondition): Condition {
  switch (c.type) {
    case 'simple':
      return eb.cmp(c.column, c.op, c.value);
    case 'and':
      return eb.and(...c.conditions.map(sub => toExpression(eb, sub)));
    case 'or':
      return eb.or(...c.conditions.map(sub => toExpression(eb, sub)));
    case 'exists': {
      // The subquery's own conditions (a joined table's where, a merged scope) go inside the EXISTS.
      const [only] = c.where;
      const inner = only === undefined ? undefined : c.where.length === 1 ? only : ({type: 'and', conditions: c.where} as const);
      const exists = inner === undefined ? eb.exists(c.association) : eb.exists(c.association, q => q.where(sub => toExpression(sub, inner)));
      return c.negated ? eb.not(exists) : exists;
    }
  }
}

function withIncludes(q: QueryLike, table: string, includes: readonly IncludeSpec[], models: ReadonlyMap<string, ModelConfig> | undefined): QueryLike {
  const model = models?.get(table);
  for (const inc of includes) {
    const association = model?.associations[inc.name];
    const targetTable = association?.table;
    const order = association === undefined ? [] : associationOrder(association, targetTable === undefined ? undefined : models?.get(targetTable));
    if (inc.includes.length === 0 && order.length === 0) {
      q = q.related(inc.name);
      continue;
    }
    q = q.related(inc.name, (sub) => {
      for (const [column, direction] of order) sub = sub.orderBy(column, direction);
      return targetTable === undefined ? sub : withIncludes(sub, targetTable, inc.includes, models);
    });
  }
  return q;
}

/**
 * Turns a validated spec into a ZQL query: one `where` with the ANDed
 * conditions (EXISTS as `whereExists` on the relationship, negated as `not(exists(…))`), `orderBy` per term (ZQL appends the primary key as tiebreak),
 * `related()` per include.
 *
 * ZQL has no OFFSET (only cursor-style `start(row)`), so an offset is honoured
 * by asking for `limit + offset` rows; the model layer drops the first
 * `offset` rows of the result (`sliceOffset`). With an offset and no limit,
 * every row is fetched and sliced. Call `validateQuerySpec` first: this
 * function trusts its input.
 *
 * @example
 * // Rails: Job.where(status: 'open').order(created_at: :desc).limit(10).includes(:client)
 * buildZql(createBuilder(schema), Job.where({status: 'open'}).order('created_at', 'desc').limit(10).includes('client').toSpec())
 */
export function buildZql<S extends Schema>(
  builder: SchemaQuery<S>,
  spec: QuerySpec,
  models?: ReadonlyMap<string, ModelConfig>,
): Query<string, S, unknown> {
  const root = (builder as unknown as Record<string, QueryLike | undefined>)[spec.table];
  if (!root) throw new InvalidModelConfigError(spec.table, 'the Zero schema has no such table; run `npm run generate` and use the generated schema');
  let q = root;
  const [only] = spec.where;
  if (only) {
    const where = spec.where.length === 1 ? only : ({type: 'and', conditions: spec.where} as const);
    q = q.where(eb => toExpression(eb, where));
  }
  for (const [column, direction] of spec.orderBy) q = q.orderBy(column, direction);
  if (spec.limit !== null) q = q.limit(spec.limit + spec.offset);
  q = withIncludes(q, spec.table, spec.includes, models);
  return q as unknown as Query<string, S, unknown>;
}
