import {lockingColumn} from '../contract/locking-column.ts';
import {MAX_NOTE_LENGTH, type WriteIntent} from '../contract/write-intent.ts';
import {InvalidWriteIntentError} from '../errors/invalid-write-intent-error.ts';
import {RecordInvalidError} from '../errors/record-invalid-error.ts';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {ModelDataSource} from './model-data-source.ts';
import type {ModelRecord} from './model-record.ts';
import type {ModelWriter, RowWrites} from './model-writer.ts';
import {openTransaction} from './transaction-scope.ts';
import {InvalidTransactionError} from '../errors/invalid-transaction-error.ts';
import {afterLoad, failedWriteOperation, writeOperation, type WriteOperation} from './write-operation.ts';
import {appendPosition, LIST_METHODS, LIST_TARGETS, moveTo} from './list-moves.ts';
import {assignKnown, newRecordAttributes} from './new-record-attributes.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import {validateRecord} from '../contract/validate-record.ts';
import {normalizeAttributes} from '../contract/normalize-attributes.ts';
import {modelsByTable, validateQuerySpec, type ModelSet} from '../contract/validate-query-spec.ts';
import type {RowValue} from '../contract/batch.ts';
import {NotDiscardableError} from '../errors/not-discardable-error.ts';
import {RecordNotSavedError} from '../errors/record-not-saved-error.ts';

/** What a model needs from its environment, injected (so tests pass an in-memory store and scripts a Zero client). */
export type ModelDeps = {
  readonly source: ModelDataSource;
  readonly writer: ModelWriter;
  /** Every model of the app, so client-side spec validation can follow nested includes. */
  readonly models?: ModelSet | undefined;
  /** Where activity logs go (the `mutateBatch` call shape turns a log insert into its write's log). */
  readonly activityLog?: ActivityLogConfig | undefined;
};

type Rec = Record<string, unknown>;

/**
 * The per-model runtime shared by BOTH flavours: record prototype, wrapping,
 * defaults, validations and every write. ActiveRecord and ReactiveRecord
 * differ only in how query results are delivered (promise / subscription vs
 * runes), never in what they read or write.
 */
export class ModelCore<TRow extends object, TRecord = ModelRecord<TRow>> {
  readonly config: ModelConfig;
  readonly deps: ModelDeps;
  readonly proto: object;
  /** Models by table for spec validation, recomputed when the connection's model set changes. */
  #modelsByTable: ReadonlyMap<string, ModelConfig> | undefined;
  #modelsFrom: ModelSet | undefined;
  /** Records built with `new` and not saved yet (kept off the record itself to keep it a plain row). */
  readonly #newRecords = new WeakSet<object>();
  readonly #destroyed = new WeakSet<object>();
  /** The row as last loaded/written, for `save()` diffs and `before` values. */
  readonly #snapshots = new WeakMap<object, PlainRow>();
  /** Makes this model's records (see `recordConstructor`). */
  readonly #Record: RecordConstructor;

  constructor(config: ModelConfig, deps: ModelDeps) {
    this.config = config;
    this.deps = deps;
    this.proto = createRecordPrototype(this as unknown as ModelCore<object, Rec>);
    this.#Record = recordConstructor(this.proto);
  }

  /** Another model of the same app, by table (associations, list parents); undefined when unknown. */
  modelFor(table: string): ModelConfig | undefined {
    return this.#models().get(table);
  }

  /** A log of a record this batch does not otherwise write (a list parent's `reordered`). */
  logOn(config: ModelConfig, id: string | number, entry: {readonly action: string; readonly metadata: RowValue}): WriteOperation<void> {
    return writeOperation(this.#writes().log(config, id, entry), () => undefined);
  }

  /** Client-side check of a spec before it is sent (the server repeats it). */
  checkSpec(spec: QuerySpec): QuerySpec {
    return validateQuerySpec(spec, this.#models());
  }

  // Lazy: with a lazily-resolved connection (`establishConnection`) the model
  // set is only known at the first read.
  #models(): ReadonlyMap<string, ModelConfig> {
    const models = this.deps.models;
    if (this.#modelsByTable === undefined || models !== this.#modelsFrom) {
      const all = modelsByTable(models ?? [this.config]);
      this.#modelsByTable = all.has(this.config.table) ? all : new Map([...all, [this.config.table, this.config]]);
      this.#modelsFrom = models;
    }
    return this.#modelsByTable;
  }

  /** A loaded row as a record: own properties copied from the row, prototype shared. */
  wrap(row: PlainRow): TRecord {
    const rec = new this.#Record(row);
    this.#snapshots.set(rec, row);
    return rec as TRecord;
  }

  /** Rails: `Job.new(attrs)`. */
  build(attrs: Readonly<Record<string, unknown>>): TRecord {
    const rec = new this.#Record(newRecordAttributes(this.config, attrs));
    // A new list item without a position goes to the end of its list (on save), not to the column's default.
    const list = this.config.list;
    if (list !== undefined && attrs[list.column] === undefined) rec[list.column] = null;
    this.#newRecords.add(rec);
    return rec as TRecord;
  }

  /** The row as last loaded or written (undefined for a new record). */
  snapshotOf(rec: object): Readonly<Record<string, unknown>> | undefined {
    return this.#snapshots.get(rec);
  }

  isNew(rec: object): boolean {
    return this.#newRecords.has(rec);
  }

  isDestroyed(rec: object): boolean {
    return this.#destroyed.has(rec);
  }

  idOf(rec: object): string | number {
    const id = (rec as Rec)[this.config.primaryKey];
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new RecordNotSavedError(this.config.name, this.config.primaryKey);
    }
    return id;
  }

  /** Column values of a record (own properties that are columns; included associations are left out). */
  columnsOf(rec: object): Rec {
    const out: Rec = {};
    for (const name in this.config.columns) if (Object.hasOwn(rec, name)) out[name] = (rec as Rec)[name];
    return out;
  }

  #invalid(attrs: Rec, context: 'create' | 'update', rec?: object): RecordInvalidError | undefined {
    // The row as last loaded or written answers `attr_changed?` (Rails' dirty tracking).
    const result = validateRecord(this.config, attrs, context, rec === undefined ? undefined : this.#snapshots.get(rec));
    return result.valid ? undefined : new RecordInvalidError(this.config.name, result.errors, result.fullMessages);
  }

  /**
   * Where this write goes: the open transaction's batch, or a batch of its
   * own. A transaction spans one connection: a model connected elsewhere
   * cannot write into it.
   */
  #writes(): RowWrites {
    const tx = openTransaction();
    if (tx === null) return this.deps.writer;
    if (tx.writer !== this.deps.writer) throw new InvalidTransactionError(this.config.name);
    return tx.writes;
  }

  /** A write refused before the writer (validation): inside a transaction it rolls the whole transaction back. */
  #failed<T>(error: unknown): WriteOperation<T> {
    const tx = openTransaction();
    if (tx !== null) tx.failure ??= {error};
    return failedWriteOperation(error);
  }

  #written(rec: Rec, values: RowValue): void {
    Object.assign(rec, values);
    this.#snapshots.set(rec, {...this.#snapshots.get(rec), ...values});
  }

  /**
   * Validates and inserts a new record; the record becomes persisted when
   * applied locally. A new item of an ordered list without a position goes
   * to the end of its list.
   */
  insert(rec: Rec, intent?: WriteIntent): WriteOperation<TRecord> {
    const badIntent = this.#intentProblem(intent);
    if (badIntent) return this.#failed(badIntent);
    const list = this.config.list;
    if (list !== undefined && (rec[list.column] === null || rec[list.column] === undefined)) {
      const core = this as unknown as ModelCore<object, unknown>;
      return afterLoad(appendPosition(core, list, rec), (position) => {
        rec[list.column] = position;
        return this.#insertNow(rec, intent);
      });
    }
    return this.#insertNow(rec, intent);
  }

  #insertNow(rec: Rec, intent?: WriteIntent): WriteOperation<TRecord> {
    // Rails `normalizes`: the record holds the normalized values, as after a Rails assignment.
    const normalized = normalizeAttributes(this.config, this.columnsOf(rec));
    for (const name of Object.keys(this.config.normalizes ?? {})) if (Object.hasOwn(normalized, name)) rec[name] = normalized[name];
    const invalid = this.#invalid(rec, 'create');
    if (invalid) return this.#failed(invalid);
    const attrs: Record<string, JSONValue> = {};
    for (const [name, column] of Object.entries(this.config.columns)) {
      const value = rec[name];
      if (column.virtual) continue;
      // Leave unset keys, SQL defaults and NOT NULL columns still null (e.g.
      // `created_at` of `Job.new`) to the pipeline / database: null there is "unset".
      if ((value === null || value === undefined) && (column.default?.kind === 'sql' || name === this.config.primaryKey || !column.nullable)) continue;
      if (value !== undefined) attrs[name] = value as JSONValue;
    }
    return writeOperation(this.#writes().create(this.config, attrs, intent), row => {
      this.#newRecords.delete(rec);
      this.#written(rec, row);
      return rec as TRecord;
    });
  }

  /** Validates the record with `changes` applied and writes only those columns. */
  change(rec: Rec, changes: Readonly<Record<string, unknown>>, intent?: WriteIntent): WriteOperation<TRecord> {
    const badIntent = this.#intentProblem(intent);
    if (badIntent) return this.#failed(badIntent);
    if (this.isNew(rec)) {
      try {
        assignKnown(this.config, rec, changes);
      } catch (error) {
        return failedWriteOperation(error);
      }
      return this.insert(rec, intent);
    }
    const clean: Rec = {};
    try {
      assignKnown(this.config, clean, changes);
    } catch (error) {
      return failedWriteOperation(error);
    }
    Object.assign(clean, normalizeAttributes(this.config, clean));
    const invalid = this.#invalid({...this.columnsOf(rec), ...clean}, 'update', rec);
    if (invalid) return this.#failed(invalid);
    const before = this.#before(rec, this.#withLock(Object.keys(clean)));
    const id = this.idOf(rec);
    return writeOperation(this.#writes().update(this.config, id, clean as RowValue, before, intent), written => {
      this.#written(rec, {...(clean as RowValue), ...written});
      return rec as TRecord;
    });
  }

  /** `save()` on a persisted record: the columns that differ from the last loaded/written row. */
  dirtyColumns(rec: Rec): Rec {
    const snapshot = this.#snapshots.get(rec);
    const out: Rec = {};
    for (const name in this.config.columns) {
      if (this.config.columns[name]?.virtual) continue;
      if (!snapshot || !Object.is(snapshot[name], rec[name])) out[name] = rec[name];
    }
    return out;
  }

  /**
   * `keys` plus the optimistic-locking column (the writer sends the version the
   * write is based on) and the display column (the log names the record).
   */
  #withLock(keys: readonly string[]): string[] {
    const out = [...keys];
    for (const extra of [lockingColumn(this.config), this.config.display ?? null]) {
      if (extra !== null && !out.includes(extra)) out.push(extra);
    }
    return out;
  }

  /** Refuses a custom action the model does not declare (the server would drop it) and a note that is not short text. */
  #intentProblem(intent: WriteIntent | undefined): InvalidWriteIntentError | undefined {
    if (intent === undefined) return undefined;
    const declared = this.config.loggable?.customActions ?? [];
    if (intent.action !== undefined && !declared.includes(intent.action)) {
      const list = declared.length > 0 ? declared.join(', ') : 'none';
      return new InvalidWriteIntentError(this.config.name, `action "${intent.action}" is not declared (declared: ${list}); add it to LOGGABLE_OPTIONS custom_actions: in Rails and run \`npm run generate\``);
    }
    if (intent.note !== undefined && (typeof intent.note !== 'string' || intent.note.length > MAX_NOTE_LENGTH)) {
      return new InvalidWriteIntentError(this.config.name, `a note is text of at most ${MAX_NOTE_LENGTH} characters`);
    }
    return undefined;
  }

  #before(rec: Rec, keys: readonly string[]): RowValue {
    const source = this.#snapshots.get(rec) ?? rec;
    const out: Record<string, JSONValue> = {};
    for (const k of keys) out[k] = (source[k] ?? null) as JSONValue;
    return out;
  }

  remove(rec: Rec, intent?: WriteIntent): WriteOperation<TRecord> {
    const badIntent = this.#intentProblem(intent);
    if (badIntent) return this.#failed(badIntent);
    const before = this.#before(rec, Object.keys(this.columnsOf(rec)));
    return writeOperation(this.#writes().destroy(this.config, this.idOf(rec), before, intent), () => {
      this.#destroyed.add(rec);
      return rec as TRecord;
    });
  }

  softDelete(rec: Rec, discard: boolean): WriteOperation<TRecord> {
    const d = this.config.discardable;
    if (!d) return failedWriteOperation(new NotDiscardableError(this.config.name, discard ? 'discard' : 'undiscard'));
    const before = this.#before(rec, this.#withLock([d.column]));
    const w = this.#writes();
    const result = discard ? w.discard(this.config, this.idOf(rec), before) : w.undiscard(this.config, this.idOf(rec), before);
    return writeOperation(result, written => {
      this.#written(rec, written);
      return rec as TRecord;
    });
  }
}

/** `new Record(values)`: a record of one model holding `values` as own properties. */
type RecordConstructor = new (values: Readonly<Rec>) => Rec;

/**
 * The constructor of one model's records, whose instances share `proto`.
 * A constructor rather than `Object.create(proto)` for speed of reading
 * columns: V8 sizes the objects a constructor makes from what its first
 * instances held (slack tracking), so a record keeps its columns inside the
 * object like a plain literal does, while `Object.create` gives room for four
 * and puts the rest behind another pointer (measured: 1.15–1.2× the time of
 * a plain object's reads, against 1.03–1.07×). One per model, so each
 * model's records have their own hidden class.
 */
function recordConstructor(proto: object): RecordConstructor {
  function ModelRecordOf(this: Rec, values: Readonly<Rec>): void {
    for (const key in values) this[key] = values[key];
  }
  ModelRecordOf.prototype = proto;
  return ModelRecordOf as unknown as RecordConstructor;
}

/**
 * The one prototype all records of a model share: write methods, state
 * predicates and enum predicates (`job.isOpen`). Defined once per model.
 */
function createRecordPrototype(core: ModelCore<object, Rec>): object {
  const proto: Record<string, unknown> = {
    update(this: Rec, changes: Rec, intent?: WriteIntent) {
      return core.change(this, changes, intent);
    },
    save(this: Rec) {
      return core.isNew(this) ? core.insert(this) : core.change(this, core.dirtyColumns(this));
    },
    destroy(this: Rec, intent?: WriteIntent) {
      return core.remove(this, intent);
    },
    discard(this: Rec) {
      return core.softDelete(this, true);
    },
    undiscard(this: Rec) {
      return core.softDelete(this, false);
    },
    validate(this: Rec) {
      return validateRecord(core.config, this, core.isNew(this) ? 'create' : 'update', core.snapshotOf(this));
    },
    isValid(this: Rec) {
      return validateRecord(core.config, this, core.isNew(this) ? 'create' : 'update', core.snapshotOf(this)).valid;
    },
  };
  if (core.config.list !== undefined) {
    for (const method of LIST_METHODS) {
      proto[method] = function (this: Rec, position?: number) {
        return moveTo(core as unknown as ModelCore<object, unknown>, this, LIST_TARGETS[method](position), method);
      };
    }
  }
  const getters: Record<string, (this: Rec) => unknown> = {
    isNewRecord() {
      return core.isNew(this);
    },
    isPersisted() {
      return !core.isNew(this) && !core.isDestroyed(this);
    },
    isDestroyed() {
      return core.isDestroyed(this);
    },
    isDiscarded() {
      const d = core.config.discardable;
      return d !== null && this[d.column] !== null && this[d.column] !== undefined;
    },
    isKept() {
      const d = core.config.discardable;
      return d === null || this[d.column] === null || this[d.column] === undefined;
    },
    modelConfig() {
      return core.config;
    },
  };
  for (const e of Object.values(core.config.enums)) {
    for (const [railsName, methods] of Object.entries(e.methods)) {
      const stored = e.values[railsName];
      getters[methods.predicate] = function (this: Rec) {
        return this[e.column] === stored;
      };
    }
  }
  for (const [name, get] of Object.entries(getters)) Object.defineProperty(proto, name, {get, enumerable: false});
  // Node's util.inspect hook (a registered symbol, so no node: import): the
  // console prints `#<Job id: "…", title: "Fix boiler", …>` like Rails.
  Object.defineProperty(proto, Symbol.for('nodejs.util.inspect.custom'), {
    value: function (this: Rec, _depth: number, options: unknown, inspect: (value: unknown, options: unknown) => string) {
      const parts = Object.keys(this).map(key => `${key}: ${inspect(this[key], options)}`);
      const state = core.isNew(this) ? ' (new)' : core.isDestroyed(this) ? ' (destroyed)' : '';
      return `#<${core.config.name}${state} ${parts.join(', ')}>`;
    },
    enumerable: false,
  });
  for (const name of Object.keys(proto)) Object.defineProperty(proto, name, {enumerable: false});
  return proto;
}
