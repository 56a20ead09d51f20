import {defineQueries, defineQuery, type AnyQueryRegistry, type CustomQuery, type Query, type Schema, type SchemaQuery} from '@rocicorp/zero';
import {buildZql} from './build-zql.ts';
import {InvalidQuerySpecError} from '../errors/invalid-query-spec-error.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import {modelsByTable, validateQuerySpec, type ModelSet} from '../contract/validate-query-spec.ts';

/** Namespace of the generated per-table queries: `zam.jobs`, `zam.clients`, … */
export const MODEL_QUERY_NAMESPACE = 'zam';

/**
 * Row-level authorisation, applied on the server (and, identically, on the
 * client) after the spec has been validated: narrow the query with the
 * caller's context, e.g. `q.where('company_id', ctx.companyId)`.
 */
export type AuthorizeQuery<S extends Schema, C> = (input: {
  readonly table: string;
  readonly spec: QuerySpec;
  readonly ctx: C;
  readonly query: Query<string, S, unknown>;
}) => Query<string, S, unknown>;

export type ModelQuery<S extends Schema, C> = CustomQuery<string, QuerySpec, QuerySpec, S, unknown, C>;

/** `{zam: {jobs, clients, …}}` plus Zero's registry marker. */
export type ModelQueries<S extends Schema, C> = {
  readonly [MODEL_QUERY_NAMESPACE]: Readonly<Record<string, ModelQuery<S, C>>>;
  /** Zero's registry marker (`defineQueries` sets it): a ModelQueries is a query registry, so `queries: [modelQueries]` needs no cast. */
  readonly ['~']: AnyQueryRegistry['~'];
};

/**
 * A Standard Schema validator (what `defineQuery` accepts) that runs
 * `validateQuerySpec` and also pins the spec to the query's own table, so
 * `zam.jobs` can never be asked for `users`.
 */
function specValidator(table: string, byTable: ReadonlyMap<string, ModelConfig>) {
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'zero-active-models',
      validate(value: unknown) {
        try {
          const spec = validateQuerySpec(value, byTable);
          if (spec.table !== table) {
            throw new InvalidQuerySpecError('unknown_table', 'table', `query ${MODEL_QUERY_NAMESPACE}.${table} cannot read "${spec.table}"`);
          }
          return {value: spec};
        } catch (error) {
          if (!(error instanceof InvalidQuerySpecError)) throw error;
          return {issues: [{message: error.message, path: error.path.split('.')}]};
        }
      },
    },
  };
}

/**
 * ONE generic named synced query per model table (`zam.<table>`), taking a
 * QuerySpec as its only argument. The same registry is used by the client
 * (`z.materialize(queries.zam.jobs(spec))`) and by the API server's query
 * endpoint, which re-validates every spec against the generated models: the
 * server never receives, let alone trusts, client ZQL.
 *
 * @example
 * const queries = defineModelQueries(createBuilder(schema), [jobConfig, clientConfig], {
 *   authorize: ({query, ctx}) => query, // add row-level rules here
 * });
 * z.materialize(queries.zam.jobs(Job.where({status: 'open'}).toSpec()));
 */
export function defineModelQueries<S extends Schema, C = unknown>(
  builder: SchemaQuery<S>,
  models: ModelSet,
  options: {readonly authorize?: AuthorizeQuery<S, C> | undefined} = {},
): ModelQueries<S, C> {
  const byTable = modelsByTable(models);
  const defs: Record<string, unknown> = {};
  for (const table of byTable.keys()) {
    defs[table] = defineQuery(specValidator(table, byTable), ({args, ctx}: {args: QuerySpec; ctx: C}) => {
      const query = buildZql(builder, args, byTable);
      const authorized = options.authorize ? options.authorize({table, spec: args, ctx, query}) : query;
      return authorized as never;
    });
  }
  return defineQueries({[MODEL_QUERY_NAMESPACE]: defs} as never) as unknown as ModelQueries<S, C>;
}

/** The registered query request for a spec: `queries.zam[spec.table](spec)`. */
export function modelQueryRequest<S extends Schema, C>(queries: ModelQueries<S, C>, spec: QuerySpec) {
  // Own, callable entries only: the registry also holds Zero's `~` marker.
  const namespace = queries[MODEL_QUERY_NAMESPACE];
  const query = Object.hasOwn(namespace, spec.table) ? namespace[spec.table] : undefined;
  if (typeof query !== 'function') throw new InvalidQuerySpecError('unknown_table', 'table', `no synced query for table "${spec.table}"`);
  return query(spec);
}
