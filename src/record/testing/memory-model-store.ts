import type {RowValue} from '../../contract/batch.ts';
import {evaluateQuerySpec, type PlainRow} from '../../contract/evaluate-query-spec.ts';
import type {ModelConfig} from '../../contract/model-config.ts';
import type {PreloadStore} from '../../contract/preload-registration.ts';
import {localWhenOffline} from '../local-when-offline.ts';
import type {ModelDataSource, ReadOptions, ResultType, SpecView, SpecViewListener} from '../model-data-source.ts';
import {PreloadSet} from '../preload-set.ts';
import {SwitchableReadConnection} from './switchable-read-connection.ts';
import type {BatchedWrites, ModelWriter, ServerOutcome, WriteResult} from '../model-writer.ts';
import type {QuerySpec} from '../../contract/query-spec.ts';
import {modelsByTable, type ModelSet} from '../../contract/validate-query-spec.ts';

export type RecordedWrite = {
  readonly op: 'create' | 'update' | 'destroy' | 'discard' | 'undiscard' | 'log';
  readonly table: string;
  readonly id: string | number;
  readonly values: RowValue;
  readonly before?: RowValue;
};

class MemoryView implements SpecView {
  readonly #store: MemoryModelStore;
  readonly spec: QuerySpec;
  data: readonly PlainRow[];
  resultType: ResultType;
  readonly listeners = new Set<SpecViewListener>();

  constructor(store: MemoryModelStore, spec: QuerySpec, resultType: ResultType) {
    this.#store = store;
    this.spec = spec;
    this.resultType = resultType;
    this.data = store.evaluate(spec);
  }

  addListener(listener: SpecViewListener): () => void {
    this.listeners.add(listener);
    listener(this.data, this.resultType);
    return () => this.listeners.delete(listener);
  }

  refresh(resultType: ResultType = this.resultType): void {
    const next = this.#store.evaluate(this.spec);
    const changed = next.length !== this.data.length || next.some((r, i) => r !== this.data[i]) || resultType !== this.resultType;
    this.data = next;
    this.resultType = resultType;
    if (changed) for (const l of [...this.listeners]) l(this.data, this.resultType);
  }

  destroy(): void {
    this.listeners.clear();
    this.#store.views.delete(this);
  }
}

/**
 * An in-memory ModelDataSource + ModelWriter with ZQL semantics (via
 * `evaluateQuerySpec`), for the conformance suite and unit tests. Rows are
 * frozen and replaced on write, like Zero's immutable view rows. `views` /
 * `listenerCount()` let tests prove that views are destroyed.
 *
 * Offline reads as on the real source: `connection.set('offline')` makes
 * views answer `local` (through the same `localWhenOffline`), and `preloads`
 * is a real PreloadSet over this store (give it a `preloadStore` to test a
 * restart). `readOptions` records what each read was asked for (its TTL).
 */
export class MemoryModelStore implements ModelDataSource, ModelWriter {
  readonly tables = new Map<string, PlainRow[]>();
  readonly views = new Set<MemoryView>();
  readonly writes: RecordedWrite[] = [];
  /** The writes of each committed `batch()` (a transaction), in commit order. */
  readonly batches: RecordedWrite[][] = [];
  readonly models: ReadonlyMap<string, ModelConfig>;
  /** Result type new views start with; `complete()` flips them all. */
  initialResultType: ResultType = 'complete';
  readonly connection = new SwitchableReadConnection();
  readonly preloads: PreloadSet;
  /** The options of every materialize/run, in order. */
  readonly readOptions: (ReadOptions | undefined)[] = [];
  #nextId = 1;
  #clock = 1_700_000_000_000;

  constructor(models: ModelSet, options: {readonly preloadStore?: PreloadStore; readonly now?: () => number} = {}) {
    this.models = modelsByTable(models);
    this.preloads = new PreloadSet({materialize: spec => this.#view(spec), models, store: options.preloadStore, now: options.now});
  }

  evaluate(spec: QuerySpec): readonly PlainRow[] {
    return evaluateQuerySpec(spec, t => this.tables.get(t) ?? [], this.models);
  }

  // ---- ModelDataSource -----------------------------------------------------

  materialize(spec: QuerySpec, options?: ReadOptions): SpecView {
    this.readOptions.push(options);
    return localWhenOffline(this.#view(spec), this.connection);
  }

  #view(spec: QuerySpec): MemoryView {
    const view = new MemoryView(this, spec, this.initialResultType);
    this.views.add(view);
    return view;
  }

  async run(spec: QuerySpec, options?: ReadOptions): Promise<readonly PlainRow[]> {
    this.readOptions.push(options);
    return this.evaluate(spec);
  }

  listenerCount(): number {
    let n = 0;
    for (const v of this.views) n += v.listeners.size;
    return n;
  }

  /** Marks every live view complete (the server "answered"). */
  complete(): void {
    this.initialResultType = 'complete';
    for (const v of this.views) v.refresh('complete');
  }

  // ---- direct data access (another client writing) --------------------------

  insertRow(table: string, row: Record<string, unknown>): PlainRow {
    const frozen = Object.freeze({...row});
    this.tables.set(table, [...(this.tables.get(table) ?? []), frozen]);
    this.#notify();
    return frozen;
  }

  patchRow(table: string, id: string | number, changes: Record<string, unknown>): void {
    const pk = this.models.get(table)?.primaryKey ?? 'id';
    this.tables.set(
      table,
      (this.tables.get(table) ?? []).map(r => (r[pk] === id ? Object.freeze({...r, ...changes}) : r)),
    );
    this.#notify();
  }

  deleteRow(table: string, id: string | number): void {
    const pk = this.models.get(table)?.primaryKey ?? 'id';
    this.tables.set(
      table,
      (this.tables.get(table) ?? []).filter(r => r[pk] !== id),
    );
    this.#notify();
  }

  #notify(): void {
    for (const v of [...this.views]) v.refresh();
  }

  #result<T>(value: T): WriteResult<T> {
    const server: Promise<ServerOutcome> = Promise.resolve({status: 'applied', batchId: `batch-${this.#nextId++}`});
    return {client: Promise.resolve(value), server};
  }

  // ---- ModelWriter (what the real pipeline would do, minus the batch) -------

  create(config: ModelConfig, attrs: RowValue): WriteResult<RowValue> {
    const now = ++this.#clock;
    const row: Record<string, unknown> = {...attrs};
    row[config.primaryKey] ??= `${config.table}-${this.#nextId++}`;
    for (const ts of ['created_at', 'updated_at']) if (ts in config.columns) row[ts] ??= now;
    for (const name of Object.keys(config.columns)) row[name] ??= null;
    this.insertRow(config.table, row);
    this.writes.push({op: 'create', table: config.table, id: row[config.primaryKey] as string, values: row as RowValue});
    return this.#result(row as RowValue);
  }

  update(config: ModelConfig, id: string | number, changes: RowValue, before: RowValue): WriteResult<RowValue> {
    const written: Record<string, unknown> = {...changes};
    if ('updated_at' in config.columns) written['updated_at'] = ++this.#clock;
    this.patchRow(config.table, id, written);
    this.writes.push({op: 'update', table: config.table, id, values: written as RowValue, before});
    return this.#result(written as RowValue);
  }

  destroy(config: ModelConfig, id: string | number, before: RowValue): WriteResult<void> {
    this.deleteRow(config.table, id);
    this.writes.push({op: 'destroy', table: config.table, id, values: {}, before});
    return this.#result(undefined);
  }

  discard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue> {
    return this.#soft(config, id, before, 'discard', ++this.#clock);
  }

  undiscard(config: ModelConfig, id: string | number, before: RowValue): WriteResult<RowValue> {
    return this.#soft(config, id, before, 'undiscard', null);
  }

  log(config: ModelConfig, id: string | number, entry: {readonly action: string; readonly metadata: RowValue}): WriteResult<void> {
    this.writes.push({op: 'log', table: config.table, id, values: {action: entry.action, metadata: entry.metadata}});
    return this.#result(undefined);
  }

  #soft(config: ModelConfig, id: string | number, before: RowValue, op: 'discard' | 'undiscard', value: number | null) {
    const column = config.discardable?.column ?? 'discarded_at';
    const written = {[column]: value};
    this.patchRow(config.table, id, written);
    this.writes.push({op, table: config.table, id, values: written, before});
    return this.#result(written as RowValue);
  }

  /** Collects writes and applies them all at `commit`, as one batch would be (see `BatchedWrites`). */
  batch(): BatchedWrites {
    const pending: (() => void)[] = [];
    let settle: {resolve: (o: ServerOutcome) => void; reject: (e: unknown) => void} = {resolve: () => {}, reject: () => {}};
    const server = new Promise<ServerOutcome>((resolve, reject) => (settle = {resolve, reject}));
    server.catch(() => {});
    const later = <T>(preview: T, apply: () => void): WriteResult<T> => {
      pending.push(apply);
      return {client: Promise.resolve(preview), server};
    };
    return {
      get size() {
        return pending.length;
      },
      create: (config, attrs) => {
        const full = {...attrs, [config.primaryKey]: attrs[config.primaryKey] ?? `${config.table}-${this.#nextId++}`};
        return later(full, () => void this.create(config, full));
      },
      update: (config, id, changes, before) => later(changes, () => void this.update(config, id, changes, before)),
      destroy: (config, id, before) => later(undefined, () => void this.destroy(config, id, before)),
      discard: (config, id, before) => {
        const column = config.discardable?.column ?? 'discarded_at';
        return later({[column]: this.#clock + 1}, () => void this.discard(config, id, before));
      },
      undiscard: (config, id, before) => {
        const column = config.discardable?.column ?? 'discarded_at';
        return later({[column]: null}, () => void this.undiscard(config, id, before));
      },
      log: (config, id, entry) => later(undefined, () => void this.log(config, id, entry)),
      commit: () => {
        const start = this.writes.length;
        for (const apply of pending.splice(0)) apply();
        const outcome: ServerOutcome = this.writes.length > start ? {status: 'applied', batchId: `batch-${this.#nextId++}`} : {status: 'unchanged', batchId: null};
        if (outcome.status === 'applied') this.batches.push(this.writes.slice(start));
        settle.resolve(outcome);
        return {client: Promise.resolve(), server: Promise.resolve(outcome)};
      },
      rollback: (reason) => {
        pending.length = 0;
        settle.reject(reason);
      },
    };
  }
}
