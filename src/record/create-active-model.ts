import {lazyModelDeps} from './establish-connection.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import {ModelCore, type ModelDeps} from './model-core.ts';
import type {ModelRecord} from './model-record.ts';
import {createModelStatics, relationClassFor, type ModelStatics} from './model-statics.ts';
import type {EnumScopeNames, ScopeArgs, ScopeNames} from './model-types.ts';
import {Relation} from './relation.ts';

/** A relation of the ActiveRecord flavour, with the model's scopes as methods. */
export type ActiveRelation<TRow extends object, C> = Relation<TRow, C, ModelRecord<TRow, C>> & {
  [K in ScopeNames<C>]: (...args: ScopeArgs<C, K>) => ActiveRelation<TRow, C>;
} & {[K in EnumScopeNames<C>]: () => ActiveRelation<TRow, C>};

/** `ActiveJob`: plain-JS model class. Records are plain objects; reads are promises or `subscribe`. */
export type ActiveModel<TRow extends object, C = ModelConfig> = ModelStatics<TRow, ModelRecord<TRow, C>, ActiveRelation<TRow, C>> & {
  [K in ScopeNames<C>]: (...args: ScopeArgs<C, K>) => ActiveRelation<TRow, C>;
} & {[K in EnumScopeNames<C>]: () => ActiveRelation<TRow, C>};

/**
 * Creates the ActiveRecord flavour of a model (`ActiveJob`) for scripts,
 * tests, the console and Node. Generated code passes the row type (from the
 * Zero schema) and the config type (emitted `as const satisfies ModelConfig`).
 *
 * @example
 * const ActiveJob = createActiveModel<JobRow, typeof jobConfig>(jobConfig, {source, writer, models});
 * const job = await ActiveJob.find(id);                 // Rails: Job.find(id)
 * const open = await ActiveJob.open().order('created_at', 'desc').limit(10);
 * const stop = ActiveJob.where({client_id}).subscribe(jobs => console.log(jobs.length));
 */
export function createActiveModel<TRow extends object, C extends ModelConfig = ModelConfig>(
  config: C,
  deps: ModelDeps = lazyModelDeps(config.name),
): ActiveModel<TRow, C> {
  const core = new ModelCore<object, unknown>(config, deps);
  const RelationClass = relationClassFor(Relation as new (core: ModelCore<object, unknown>) => Relation<object, unknown, unknown>, config);
  return createModelStatics(core, RelationClass) as unknown as ActiveModel<TRow, C>;
}
