import {lazyModelDeps} from '../record/establish-connection.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import {ModelCore, type ModelDeps} from '../record/model-core.ts';
import type {ModelRecord} from '../record/model-record.ts';
import {createModelStatics, relationClassFor, type ModelStatics} from '../record/model-statics.ts';
import type {ColumnOf, EnumScopeNames, ScopeArgs, ScopeNames, WhereConditions} from '../record/model-types.ts';
import {simple} from '../record/spec-conditions.ts';
import {reactiveRecordClassFor, type ReactiveRecord} from './reactive-record.svelte.ts';
import {ReactiveRelation} from './reactive-relation.svelte.ts';

/** A relation of the ReactiveRecord flavour, with the model's scopes as methods. */
export type ReactiveModelRelation<TRow extends object, C> = ReactiveRelation<TRow, C, ModelRecord<TRow, C>> & {
  [K in ScopeNames<C>]: (...args: ScopeArgs<C, K>) => ReactiveModelRelation<TRow, C>;
} & {[K in EnumScopeNames<C>]: () => ReactiveModelRelation<TRow, C>};

/**
 * `ReactiveJob`: the same model API as ActiveJob (it shares every query and
 * write line), delivered through runes: relations expose `records`,
 * `isLoading`, `error`, `resultType`; `find`/`find_by` return a single
 * reactive record that updates in place and is also awaitable.
 */
export type ReactiveModel<TRow extends object, C = ModelConfig> = Omit<
  ModelStatics<TRow, ModelRecord<TRow, C>, ReactiveModelRelation<TRow, C>>,
  'find' | 'find_by' | 'findBy'
> & {
  /**
   * Rails `Job.find(id)`, live: read `{job.title}` in markup; `job.error` is a
   * RecordNotFoundError once the result is complete and empty; `await` gives
   * the plain record (or throws), like ActiveRecord.
   */
  find(id: string | number): ReactiveRecord<TRow, ModelRecord<TRow, C>, C>;
  /** Rails `Job.find([a, b])`: a one-shot promise (every id must exist). */
  find(ids: readonly (string | number)[]): Promise<ModelRecord<TRow, C>[]>;
  /** Rails `Job.find_by(...)`, live; `await` gives the record or null. */
  find_by(conditions: WhereConditions<TRow>): ReactiveRecord<TRow, ModelRecord<TRow, C>, C, ModelRecord<TRow, C> | null>;
  /** Alias of `find_by`. */
  findBy(conditions: WhereConditions<TRow>): ReactiveRecord<TRow, ModelRecord<TRow, C>, C, ModelRecord<TRow, C> | null>;
} & {
  [K in ScopeNames<C>]: (...args: ScopeArgs<C, K>) => ReactiveModelRelation<TRow, C>;
} & {[K in EnumScopeNames<C>]: () => ReactiveModelRelation<TRow, C>};

/**
 * Creates the ReactiveRecord flavour of a model for Svelte 5 components.
 *
 * @example
 * const ReactiveJob = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, {source, writer, models});
 * // In a component:
 * const job = $derived(ReactiveJob.find(id));        // {job.title}
 * const jobs = $derived(ReactiveJob.open().limit(20)); // {#each jobs.records as job}
 */
export function createReactiveModel<TRow extends object, C extends ModelConfig = ModelConfig>(
  config: C,
  deps: ModelDeps = lazyModelDeps(config.name),
): ReactiveModel<TRow, C> {
  const core = new ModelCore<object, unknown>(config, deps);
  const RelationClass = relationClassFor(ReactiveRelation, config);
  const RecordClass = reactiveRecordClassFor(config);
  const statics = createModelStatics(core, RelationClass);
  const pk = config.primaryKey as ColumnOf<object>;
  statics['find'] = (id: string | number | readonly (string | number)[]) => {
    if (Array.isArray(id)) return new RelationClass(core).find(id as readonly (string | number)[]);
    const rel = new RelationClass(core).whereConditions([simple(pk, '=', id as string | number)]).limit(1);
    return new RecordClass(rel, config.name, id as string | number);
  };
  statics['find_by'] = statics['findBy'] = (conditions: Readonly<Record<string, JSONValue>>) => {
    const rel = new RelationClass(core).where(conditions as WhereConditions<object>).limit(1);
    return new RecordClass(rel, config.name, undefined);
  };
  return statics as unknown as ReactiveModel<TRow, C>;
}
