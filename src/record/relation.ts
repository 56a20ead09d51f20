import {applyScope, defaultScopeParts, type ScopeTarget} from './apply-scope.ts';
import {sliceOffset} from '../contract/slice-offset.ts';
import {RecordNotFoundError} from '../errors/record-not-found-error.ts';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {ModelCore} from './model-core.ts';
import type {ReadOptions, ResultType} from './model-data-source.ts';
import type {ColumnOf, OperatorValue, WhereConditions} from './model-types.ts';
import {QUERY_SPEC_VERSION, type IncludeSpec, type OrderTerm, type QueryCondition, type QuerySpec, type SpecOperator, type SpecValue} from '../contract/query-spec.ts';
import {EMPTY_RELATION_STATE, type RelationState} from './relation-state.ts';
import {conditionsForHash, negateAll, simple} from './spec-conditions.ts';
import {writeEach} from './relation-writes.ts';
import type {WriteOperation} from './write-operation.ts';
import {NotDiscardableError} from '../errors/not-discardable-error.ts';
import {checkTtl, type TTL} from '../contract/ttl.ts';
import type {Preload, PreloadOptions} from './preload-set.ts';
import {keepAfterUse, preloadsOf} from './preloads-of.ts';

/** Association names of a config typed `as const`; `string` otherwise. */
export type AssociationName<C> = C extends {readonly associations: infer A} ? (string extends keyof A ? string : keyof A & string) : string;

/** What a `subscribe` callback gets besides the records: the result type, the error, and whether the rows are a placeholder. */
export type SubscribeInfo = {
  readonly resultType: ResultType;
  readonly error?: unknown;
  /**
   * True while the records are the replaced subscription's (`subscribe(cb,
   * {replacing})`): this query has neither rows on the device nor an answer yet.
   */
  readonly placeholder?: true;
};

/** What `subscribe` returns: call it to stop. */
export type Unsubscribe = () => void;

/** Options of `Relation.subscribe`. */
export type SubscribeOptions = {
  /**
   * The subscription this one takes over from (a changed filter): it is
   * stopped, and its last records keep being delivered (`placeholder: true`)
   * until this query has rows or an answer — no flash to an empty list.
   */
  readonly replacing?: Unsubscribe | undefined;
};

/** The records each subscription delivered last, for `subscribe(cb, {replacing})`. */
const lastDelivered = new WeakMap<Unsubscribe, readonly unknown[]>();

/**
 * An immutable, chainable query, as in Rails: every builder returns a new
 * relation, nothing runs until a terminal method (`await rel`, `first()`,
 * `count()`, `subscribe()`…). It serialises to a QuerySpec (`toSpec()`), which
 * is what the named synced query receives.
 *
 * Shared by both flavours: the reactive flavour subclasses it to add runes
 * delivery (`records`, `isLoading`…); every query and write line is here or in
 * ModelCore. Scope methods (`Job.active()`) are added per model on a subclass
 * prototype.
 *
 * @example
 * // Rails: Job.active.where(client_id: id).order(created_at: :desc).limit(10)
 * const jobs = await Job.active().where({client_id: id}).order('created_at', 'desc').limit(10);
 */
export class Relation<TRow extends object, C = ModelConfig, TRecord = TRow> implements ScopeTarget<Relation<TRow, C, TRecord>> {
  readonly core: ModelCore<TRow, TRecord>;
  readonly state: RelationState;

  constructor(core: ModelCore<TRow, TRecord>, state: RelationState = EMPTY_RELATION_STATE) {
    this.core = core;
    this.state = state;
  }

  /** A relation of the same flavour and model with a changed state. */
  protected derive(patch: Partial<RelationState>): this {
    const Ctor = this.constructor as new (core: ModelCore<TRow, TRecord>, state: RelationState) => this;
    return new Ctor(this.core, {...this.state, ...patch});
  }

  // ---- builders -----------------------------------------------------------

  /**
   * Rails `where`: a hash (`=`, arrays → IN, `null` → IS NULL) or one
   * comparison (`where('priority', '>=', 3)`). Conditions are ANDed.
   * @example Job.where({status: ['open', 'scheduled'], discarded_at: null})
   * @example Job.where('priority', '>=', 3)
   */
  where(conditions: WhereConditions<TRow>): this;
  where<K extends ColumnOf<TRow>, Op extends SpecOperator>(column: K, op: Op, value: OperatorValue<TRow, K, Op>): this;
  where(a: WhereConditions<TRow> | string, op?: SpecOperator, value?: unknown): this {
    if (typeof a === 'string') return this.whereConditions([simple(a, op ?? '=', value as SpecValue)]);
    return this.whereConditions(conditionsForHash(a as Readonly<Record<string, SpecValue>>));
  }

  /**
   * Rails `where.not(hash)`: NOT (all of the hash), i.e. NAND as in Rails ≥ 6.1.
   * As in SQL, `whereNot({status: 'done'})` does not match rows whose status is NULL.
   * @example Job.whereNot({status: 'done'})
   */
  whereNot(conditions: WhereConditions<TRow>): this {
    const list = conditionsForHash(conditions as Readonly<Record<string, SpecValue>>);
    return list.length === 0 ? this : this.whereConditions([negateAll(list)]);
  }

  /** Adds raw spec conditions (used by scopes). */
  whereConditions(conditions: readonly QueryCondition[]): this {
    return this.derive({where: [...this.state.where, ...conditions]});
  }

  /**
   * Rails `order`: appends an order term.
   * @example Job.order('created_at', 'desc')  // Rails: order(created_at: :desc)
   */
  order(column: ColumnOf<TRow>, direction?: 'asc' | 'desc'): this;
  order(terms: {readonly [K in ColumnOf<TRow>]?: 'asc' | 'desc'}): this;
  order(a: string | Readonly<Record<string, 'asc' | 'desc' | undefined>>, direction: 'asc' | 'desc' = 'asc'): this {
    const terms: OrderTerm[] =
      typeof a === 'string' ? [[a, direction]] : Object.entries(a).flatMap(([c, d]) => (d ? [[c, d] as const] : []));
    return this.derive({orderBy: [...this.state.orderBy, ...terms]});
  }

  /** Rails `reorder`: replaces the order (the default_scope's too). */
  reorder(column: ColumnOf<TRow>, direction: 'asc' | 'desc' = 'asc'): this {
    return this.derive({orderBy: [[column, direction]], reordered: true});
  }

  /**
   * Rails `unscoped`: the relation without the model's `default_scope` (its
   * conditions and order); everything else of the relation stays.
   * @example Organization.unscoped().where({id}) // also the soft-deleted ones
   */
  unscoped(): this {
    return this.derive({unscoped: true});
  }

  /** Rails `limit(n)`. */
  limit(n: number): this {
    return this.derive({limit: n});
  }

  /** Rails `offset(n)`. ZQL has no OFFSET: `limit + offset` rows are read, the first `n` dropped on the client. */
  offset(n: number): this {
    return this.derive({offset: n});
  }

  /**
   * Rails `includes(:client, :tasks)`: loads associations with each row
   * (Zero `related()`), e.g. `job.client.name`, `job.tasks.length`.
   */
  includes(...names: AssociationName<C>[]): this {
    const added: IncludeSpec[] = names.filter(n => !this.state.includes.some(i => i.name === n)).map(name => ({name, includes: []}));
    return this.derive({includes: [...this.state.includes, ...added]});
  }

  /** discard gem `kept`: rows whose discard column IS NULL. */
  kept(): this {
    this.#requireDiscardable('kept');
    return this.derive({discard: 'kept'});
  }

  /** discard gem `discarded`: rows whose discard column IS NOT NULL. */
  discarded(): this {
    this.#requireDiscardable('discarded');
    return this.derive({discard: 'discarded'});
  }

  /** discard gem `with_discarded`: drop any kept/discarded filter (the default already includes both). */
  withDiscarded(): this {
    return this.derive({discard: 'all'});
  }

  #requireDiscardable(method: string): void {
    if (!this.core.config.discardable) throw new NotDiscardableError(this.core.config.name, method);
  }

  /** Applies a generated scope or enum scope by name (`rel.scope('active')` ≡ `rel.active()`). */
  scope(name: string, ...args: JSONValue[]): this {
    return applyScope<this>(this, this.core.config, name, args, 0, table => this.core.modelFor(table));
  }

  /** The QuerySpec this relation stands for, validated against the schema. */
  toSpec(): QuerySpec {
    const {config} = this.core;
    const defaults = this.#defaults();
    const where = [...defaults.where, ...this.state.where];
    const orderBy = this.#effectiveOrder();
    if (config.sti) where.unshift(simple(config.sti.column, '=', config.sti.typeName));
    if (config.discardable && this.state.discard !== 'all') {
      where.push(simple(config.discardable.column, this.state.discard === 'kept' ? 'IS' : 'IS NOT', null));
    }
    return this.core.checkSpec({
      v: QUERY_SPEC_VERSION,
      table: config.table,
      where,
      orderBy,
      limit: this.state.limit,
      offset: this.state.offset,
      includes: this.state.includes,
    });
  }

  /** The model's default_scope, unless `unscoped()`. */
  #defaults(): {where: readonly QueryCondition[]; orderBy: readonly OrderTerm[]} {
    return this.state.unscoped ? {where: [], orderBy: []} : defaultScopeParts(this.core.config, table => this.core.modelFor(table));
  }

  /** The order the query uses: the default_scope's (unless reordered or unscoped), then the relation's. */
  #effectiveOrder(): readonly OrderTerm[] {
    return this.state.reordered ? this.state.orderBy : [...this.#defaults().orderBy, ...this.state.orderBy];
  }

  // ---- terminals (all async, shared by both flavours) ---------------------

  /** Raw rows, offset applied. */
  async rows(): Promise<readonly PlainRow[]> {
    const spec = this.toSpec();
    const rows = await this.core.deps.source.run(spec, this.readOptions());
    keepAfterUse(this.core.deps, spec, this.state.ttl, this.core.config);
    return sliceOffset(spec, rows);
  }

  /** Rails `to_a` / `load`: always an array (empty when nothing matches). */
  async toArray(): Promise<TRecord[]> {
    return (await this.rows()).map(row => this.core.wrap(row));
  }

  /** Makes `await Job.where(...)` resolve to an array, like a loaded Rails relation. */
  then<A = TRecord[], B = never>(
    onFulfilled?: ((records: TRecord[]) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.toArray().then(onFulfilled, onRejected);
  }

  /** The order `first` uses: the relation's, or the primary key ascending. */
  #ordered(): this {
    return this.state.orderBy.length > 0 ? this : this.order(this.core.config.primaryKey as ColumnOf<TRow>, 'asc');
  }

  /**
   * Rails `first`: by primary key unless ordered; `null` when empty. `first(n)` returns an array.
   * @example await Job.first(); await Job.order('created_at', 'desc').first(3)
   */
  first(): Promise<TRecord | null>;
  first(n: number): Promise<TRecord[]>;
  async first(n?: number): Promise<TRecord | null | TRecord[]> {
    const limited = this.#ordered().limit(Math.min(n ?? 1, this.state.limit ?? Infinity));
    const records = await limited.toArray();
    return n === undefined ? (records[0] ?? null) : records;
  }

  /**
   * Rails `last`: the reverse of the relation's order (primary key descending
   * when unordered); `null` when empty. With a limit or offset the relation is
   * loaded and its last rows taken, as Rails does.
   */
  last(): Promise<TRecord | null>;
  last(n: number): Promise<TRecord[]>;
  async last(n?: number): Promise<TRecord | null | TRecord[]> {
    let records: TRecord[];
    if (this.state.limit !== null || this.state.offset > 0) {
      const all = await this.#ordered().toArray();
      records = all.slice(-(n ?? 1)).reverse();
    } else {
      const pk = this.core.config.primaryKey;
      // The whole order reversed, the default_scope's included (so it is replaced, as by reorder).
      const reversed: OrderTerm[] = this.#effectiveOrder().map(([c, d]) => [c, d === 'asc' ? 'desc' : 'asc']);
      if (!reversed.some(([c]) => c === pk)) reversed.push([pk, 'desc']);
      records = await this.derive({orderBy: reversed, limit: n ?? 1, reordered: true}).toArray();
    }
    if (n === undefined) return records[0] ?? null;
    return records.reverse();
  }

  /** Rails `count`. Zero has no aggregates: the matching rows are read and counted. */
  async count(): Promise<number> {
    return (await this.rows()).length;
  }

  /** Rails `exists?`: always a boolean. */
  async exists(conditions?: WhereConditions<TRow>): Promise<boolean> {
    const rel = conditions ? this.where(conditions) : this;
    const probe = rel.state.limit === null ? rel.limit(1) : rel;
    return (await probe.rows()).length > 0;
  }

  /**
   * Rails `pluck`: one column → flat array; several → array of arrays.
   * @example await Job.pluck('id') // ['a', 'b']; await Job.pluck('id', 'title') // [['a', 'Fix'], …]
   */
  pluck<K extends ColumnOf<TRow>>(column: K): Promise<TRow[K][]>;
  pluck<K extends readonly ColumnOf<TRow>[]>(...columns: K): Promise<{[I in keyof K]: TRow[K[I] & keyof TRow]}[]>;
  async pluck(...columns: string[]): Promise<unknown[]> {
    const rows = await this.rows();
    const [only] = columns;
    if (columns.length === 1 && only !== undefined) return rows.map(r => r[only] ?? null);
    return rows.map(r => columns.map(c => r[c] ?? null));
  }

  /** Rails `pick`: the first row's column(s). */
  async pick<K extends ColumnOf<TRow>>(column: K): Promise<TRow[K] | null> {
    const row = (await this.#ordered().limit(1).rows())[0];
    return (row?.[column] ?? null) as TRow[K] | null;
  }

  /**
   * Rails `find`: the record with that primary key (within this relation);
   * throws RecordNotFoundError (with model and id) when there is none.
   * With an array of ids, all must exist.
   * @example const job = await Job.find(id)
   */
  find(id: string | number): Promise<TRecord>;
  find(ids: readonly (string | number)[]): Promise<TRecord[]>;
  async find(id: string | number | readonly (string | number)[]): Promise<TRecord | TRecord[]> {
    const pk = this.core.config.primaryKey;
    if (Array.isArray(id)) {
      const ids = id as readonly (string | number)[];
      const records = await this.whereConditions([simple(pk, 'IN', ids)]).toArray();
      const found = new Set(records.map(r => (r as Record<string, unknown>)[pk]));
      const missing = ids.find(i => !found.has(i));
      if (missing !== undefined) throw new RecordNotFoundError(this.core.config.name, missing, pk);
      return records;
    }
    const single = id as string | number;
    const [record] = await this.whereConditions([simple(pk, '=', single)]).limit(1).toArray();
    if (record === undefined) throw new RecordNotFoundError(this.core.config.name, single, pk);
    return record;
  }

  /**
   * Rails `find_by`: the first matching record or `null` (never throws for a miss).
   * @example const job = await Job.find_by({number: 'J-1001'}) // Job | null
   */
  async find_by(conditions: WhereConditions<TRow>): Promise<TRecord | null> {
    const [record] = await this.where(conditions).limit(1).toArray();
    return record ?? null;
  }

  /** camelCase alias of `find_by`. */
  findBy(conditions: WhereConditions<TRow>): Promise<TRecord | null> {
    return this.find_by(conditions);
  }

  /**
   * Opt-in live results (ActiveRecord flavour): `cb` runs at once with the
   * current records and again on every change; `info.resultType` says how far
   * they can be trusted (`local`: offline, the device's rows are the answer).
   * Returns the unsubscribe function, which destroys the underlying view.
   * With `{replacing}` (the previous subscription of a changed query) the
   * previous records stay until this query has rows or an answer.
   * @example const stop = Job.where({status: 'open'}).subscribe(jobs => render(jobs)); stop();
   * @example stop = Job.where({client_id: next}).subscribe(render, {replacing: stop}); // no flash to empty
   */
  subscribe(cb: (records: TRecord[], info: SubscribeInfo) => void, options: SubscribeOptions = {}): Unsubscribe {
    const spec = this.toSpec();
    let previous = (options.replacing && (lastDelivered.get(options.replacing) as TRecord[] | undefined)) ?? [];
    options.replacing?.();
    const view = this.core.deps.source.materialize(spec, this.readOptions());
    let delivered: readonly unknown[] = [];
    let active = true;
    let removeListener = () => {};
    const stop: Unsubscribe = () => {
      if (!active) return;
      active = false;
      removeListener();
      view.destroy();
      keepAfterUse(this.core.deps, spec, this.state.ttl, this.core.config);
    };
    removeListener = view.addListener((rows, resultType, error) => {
      const info: SubscribeInfo = error === undefined ? {resultType} : {resultType, error};
      const visible = sliceOffset(spec, rows);
      if (previous.length > 0 && visible.length === 0 && resultType === 'unknown') {
        delivered = previous;
        lastDelivered.set(stop, delivered);
        cb([...previous], {...info, placeholder: true});
        return;
      }
      previous = [];
      const records = visible.map(row => this.core.wrap(row));
      delivered = records;
      lastDelivered.set(stop, delivered);
      cb(records, info);
    });
    if (!active) removeListener(); // stopped from inside the first callback
    return stop;
  }

  // ---- reads that last offline --------------------------------------------

  /**
   * How long the rows this relation reads stay on the device after their last
   * use (a view closed, an `await` answered, a `preload` made), in Zero's TTL
   * syntax. Beyond Zero's own limit (10 minutes of connected time) the query
   * is kept as a preload, across restarts. Not part of the query itself.
   * @example const job = await Job.includes('tasks').ttl('7d').find(id) // read once online, there offline all week
   * @example const jobs = $derived(ReactiveJob.open().ttl('7d')) // a list seen once stays on the device for 7 days
   */
  ttl(ttl: TTL): this {
    return this.derive({ttl: checkTtl(ttl)});
  }

  /**
   * Keeps this query synced on the device, so it can be read offline without
   * anyone having opened it (Zero's `preload`): with its `includes`, the
   * related rows come along. `ttl` (default: the relation's `ttl`, else this
   * session only) is wall-clock time from now, across restarts; preloading
   * again extends it, `cleanup()` ends it. Not Rails' `preload` (eager
   * loading is `includes` here). See `preloadStatus()` for what is kept.
   * @example
   * // Keep my jobs for the next 7 days with their tasks, client and timeline on this device:
   * const {complete} = Job.where({assigned_to_id: me}).includes('tasks', 'client', 'timeline').preload({ttl: '7d'});
   * await complete; // the server's complete answer is on the device
   */
  preload(options: PreloadOptions = {}): Preload {
    const ttl = options.ttl ?? this.state.ttl ?? undefined;
    if (ttl !== undefined) checkTtl(ttl);
    return preloadsOf(this.core.deps, this.core.config).preload(this.toSpec(), {ttl});
  }

  /** The read options of this relation's views and one-shot reads. */
  protected readOptions(): ReadOptions {
    return this.state.ttl === null ? {} : {ttl: this.state.ttl};
  }

  // ---- relation writes (each ONE batch, a log per record) ---------------------

  /**
   * Rails `update_all`: sets `changes` on every matching record in ONE batch,
   * each record validated and logged (Rails skips both; here nothing escapes
   * the audit trail). Resolves with the number of records.
   * @example await Task.where({job_id, completed: false}).update_all({completed: true}).server
   */
  update_all(changes: Partial<TRow>): WriteOperation<number> {
    return writeEach(this.#writableCore(), () => this.toArray() as Promise<readonly unknown[]>, (rec) => this.#writableCore().change(rec, changes as Record<string, unknown>));
  }

  /**
   * Rails `destroy_all`: destroys every matching record in ONE batch, each
   * with its `deleted` log (and its `dependent:` children, on the server).
   */
  destroy_all(): WriteOperation<number> {
    return writeEach(this.#writableCore(), () => this.toArray() as Promise<readonly unknown[]>, (rec) => this.#writableCore().remove(rec));
  }

  /** discard gem `discard_all`: soft-deletes every matching kept record in ONE batch, each with its `discarded` log. */
  discard_all(): WriteOperation<number> {
    const core = this.#writableCore();
    return writeEach(core, () => this.kept().toArray() as Promise<readonly unknown[]>, (rec) => core.softDelete(rec, true));
  }

  #writableCore(): ModelCore<object, unknown> {
    return this.core as unknown as ModelCore<object, unknown>;
  }
}
