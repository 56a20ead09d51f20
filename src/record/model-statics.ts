import {scopeMethodNames} from './apply-scope.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {WriteIntent} from '../contract/write-intent.ts';
import {ModelCore} from './model-core.ts';
import {transaction} from './transaction.ts';
import {afterLoad, type WriteOperation} from './write-operation.ts';
import type {Writable} from './model-record.ts';
import type {Relation} from './relation.ts';
import {InvalidModelConfigError} from '../errors/invalid-model-config-error.ts';

/** Relation methods a model forwards to `Model.all()` (Rails delegates the same to `all`). */
export const FORWARDED_METHODS = [
  'where',
  'whereNot',
  'order',
  'reorder',
  'limit',
  'offset',
  'includes',
  'kept',
  'discarded',
  'withDiscarded',
  'unscoped',
  'scope',
  'find',
  'find_by',
  'findBy',
  'first',
  'last',
  'count',
  'exists',
  'pluck',
  'pick',
  'subscribe',
  'toArray',
  'update_all',
  'destroy_all',
  'discard_all',
  'ttl',
  'preload',
] as const;

export type ForwardedMethod = (typeof FORWARDED_METHODS)[number];

/** Class-level methods both flavours share. */
export type ModelStatics<TRow extends object, TRecord, TRel> = Pick<TRel, ForwardedMethod & keyof TRel> & {
  /** Rails `Job.all`: the unfiltered relation. */
  all(): TRel;
  /**
   * Rails `Job.new(attrs)`: an unsaved record with schema defaults; `save()` creates it.
   * @example const job = Job.new({title: 'Fix boiler'}); job.isNewRecord // true
   */
  'new'(attrs?: Partial<Writable<TRow>>): TRecord;
  /**
   * Rails `Job.create!(attrs)`: validates, writes, resolves with the record when applied locally.
   * @example const job = await Job.create({title: 'Fix boiler'}); await Job.create({...}).server
   */
  create(attrs: Partial<Writable<TRow>>, intent?: WriteIntent): WriteOperation<TRecord>;
  /** Rails `Job.update(id, attrs)`: loads the record, then `record.update(attrs)`. */
  update(id: string | number, changes: Partial<Writable<TRow>>, intent?: WriteIntent): WriteOperation<TRecord>;
  /** Rails `Job.destroy(id)`. */
  destroy(id: string | number, intent?: WriteIntent): WriteOperation<TRecord>;
  /**
   * Rails `Job.transaction { … }`: every model write inside goes into ONE batch (see `transaction`).
   * @example await Job.transaction(async () => { const job = await Job.create({…}); await Task.create({job_id: job.id, …}); }).server
   */
  transaction<T>(fn: () => T | Promise<T>): WriteOperation<T>;
  readonly config: ModelConfig;
  readonly core: ModelCore<TRow, TRecord>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TS mixin constructors must take `any[]`.
type RelationCtor = new (...args: any[]) => Relation<object, unknown, unknown>;

/** A per-model subclass of the flavour's relation class with the scope methods on its prototype. */
export function relationClassFor<T extends RelationCtor>(Base: T, config: ModelConfig): T {
  const ModelRelation = class extends Base {};
  for (const name of scopeMethodNames(config)) {
    if (name in ModelRelation.prototype) {
      throw new InvalidModelConfigError(config.name, `scope "${name}" collides with a relation method; rename it in Rails (or give the enum a _prefix) and regenerate`);
    }
    Object.defineProperty(ModelRelation.prototype, name, {
      value: function (this: Relation<object, unknown, unknown>, ...args: JSONValue[]) {
        return this.scope(name, ...args);
      },
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(ModelRelation, 'name', {value: `${config.name}Relation`});
  return ModelRelation;
}

/**
 * Builds the model object: forwards query methods to a fresh relation of
 * `RelationClass`, adds scope methods and the class-level writes. Both
 * flavours call this; the reactive one then overrides `find`/`find_by`.
 */
export function createModelStatics(core: ModelCore<object, unknown>, RelationClass: RelationCtor): Record<string, unknown> {
  const all = () => new RelationClass(core);
  const model: Record<string, unknown> = {
    all,
    new: (attrs: Record<string, unknown> = {}) => core.build(attrs),
    create: (attrs: Record<string, unknown>, intent?: WriteIntent) => core.insert(core.build(attrs) as Record<string, unknown>, intent),
    update: (id: string | number, changes: Record<string, unknown>, intent?: WriteIntent) =>
      afterLoad(all().find(id), rec => core.change(rec as Record<string, unknown>, changes, intent)),
    destroy: (id: string | number, intent?: WriteIntent) => afterLoad(all().find(id), rec => core.remove(rec as Record<string, unknown>, intent)),
    transaction: <T>(fn: () => T | Promise<T>) => transaction(fn, core.deps.writer),
    config: core.config,
    core,
  };
  for (const name of [...FORWARDED_METHODS, ...scopeMethodNames(core.config)]) {
    if (name in model) continue;
    model[name] = (...args: unknown[]) => {
      const rel = all() as unknown as Record<string, (...a: unknown[]) => unknown>;
      return rel[name]?.(...args);
    };
  }
  return model;
}
