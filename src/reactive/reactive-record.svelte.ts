import {RecordNotFoundError} from '../errors/record-not-found-error.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {ResultType} from '../record/model-data-source.ts';
import type {WriteIntent} from '../contract/write-intent.ts';
import {failedWriteOperation, type WriteOperation} from '../record/write-operation.ts';
import {LIST_METHODS} from '../record/list-moves.ts';
import type {EnumPredicates, ListMethods} from '../record/model-types.ts';
import type {ReactiveRelation} from './reactive-relation.svelte.ts';

type AnyRecord = Record<string, unknown> & {
  update(changes: object, intent?: WriteIntent): WriteOperation<unknown>;
  destroy(intent?: WriteIntent): WriteOperation<unknown>;
  discard(): WriteOperation<unknown>;
  undiscard(): WriteOperation<unknown>;
};

/** Members of a single reactive result; a column with one of these names is reachable via `.record`. */
const RESERVED = new Set(['record', 'isLoading', 'error', 'resultType', 'update', 'destroy', 'discard', 'undiscard', 'then']);

/**
 * The result of `ReactiveJob.find(id)` / `find_by(...)`: the record's columns
 * are read directly (`{job.title}`, undefined until loaded) and stay current
 * as the row changes — it updates in place. It is also awaitable: `await
 * ReactiveJob.find(id)` resolves with the plain record or throws
 * RecordNotFoundError, like ActiveRecord.
 *
 * Do not destructure it (`const {title} = job` reads once and loses reactivity).
 *
 * @example
 * <script>const job = $derived(ReactiveJob.find(id))</script>
 * {#if job.error}{job.resultType === 'local' ? 'Not on this device' : 'Not found'}{:else if job.record}<h1>{job.title}</h1>{/if}
 */
export class ReactiveRecordBase<TRecord, TResolved = TRecord | null> implements PromiseLike<TResolved> {
  readonly #relation: ReactiveRelation<object, unknown, TRecord>;
  readonly #model: string;
  /** The id for `find` (missing → RecordNotFoundError); undefined for `find_by` (missing → null). */
  readonly #id: string | number | undefined;

  constructor(relation: ReactiveRelation<object, unknown, TRecord>, model: string, id: string | number | undefined) {
    this.#relation = relation;
    this.#model = model;
    this.#id = id;
  }

  /** The current record, or undefined while loading / when absent. Reactive. */
  get record(): TRecord | undefined {
    return this.#relation.records[0];
  }

  get resultType(): ResultType {
    return this.#relation.resultType;
  }

  /** True until the server has answered; never while offline (`resultType` is then `local`). Reactive. */
  get isLoading(): boolean {
    return this.#relation.isLoading;
  }

  /**
   * The query error, or RecordNotFoundError once `find`'s result is final and
   * empty: `complete`, or `local` (offline, and not on this device). Reactive.
   */
  get error(): unknown {
    const error = this.#relation.error;
    if (error !== undefined) return error;
    const final = this.#relation.resultType === 'complete' || this.#relation.resultType === 'local';
    if (this.#id !== undefined && final && this.record === undefined) {
      return new RecordNotFoundError(this.#model, this.#id);
    }
    return undefined;
  }

  #current(): AnyRecord | undefined {
    return this.record as AnyRecord | undefined;
  }

  #missing<T>(): WriteOperation<T> {
    return failedWriteOperation(new RecordNotFoundError(this.#model, this.#id ?? '(find_by)'));
  }

  /** Updates the loaded record (`record.update(changes)`); fails with `RecordNotFoundError` while it is not loaded. */
  update(changes: object, intent?: WriteIntent): WriteOperation<TRecord> {
    return (this.#current()?.update(changes, intent) as WriteOperation<TRecord> | undefined) ?? this.#missing();
  }

  /** Destroys the loaded record. */
  destroy(intent?: WriteIntent): WriteOperation<TRecord> {
    return (this.#current()?.destroy(intent) as WriteOperation<TRecord> | undefined) ?? this.#missing();
  }

  /** Soft-deletes the loaded record (`discard` gem). */
  discard(): WriteOperation<TRecord> {
    return (this.#current()?.discard() as WriteOperation<TRecord> | undefined) ?? this.#missing();
  }

  /** Undoes a soft delete of the loaded record. */
  undiscard(): WriteOperation<TRecord> {
    return (this.#current()?.undiscard() as WriteOperation<TRecord> | undefined) ?? this.#missing();
  }

  /** One-shot read with ActiveRecord semantics (`find` throws, `find_by` gives null). */
  then<A = TResolved, B = never>(
    onFulfilled?: ((value: TResolved) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const read = (this.#id !== undefined ? this.#relation.find(this.#id) : this.#relation.first()) as Promise<TResolved>;
    return read.then(onFulfilled, onRejected);
  }
}

/** A model's single-result class: ReactiveRecordBase plus one getter per column and enum predicate. */
export function reactiveRecordClassFor(config: ModelConfig): typeof ReactiveRecordBase {
  const ModelReactiveRecord = class<TRecord, TResolved> extends ReactiveRecordBase<TRecord, TResolved> {};
  const define = (name: string, get: (this: ReactiveRecordBase<unknown, unknown>) => unknown) => {
    if (RESERVED.has(name)) return;
    Object.defineProperty(ModelReactiveRecord.prototype, name, {get, enumerable: true, configurable: true});
  };
  for (const column of Object.keys(config.columns)) {
    define(column, function () {
      return (this.record as Record<string, unknown> | undefined)?.[column];
    });
  }
  for (const name of Object.keys(config.associations)) {
    define(name, function () {
      return (this.record as Record<string, unknown> | undefined)?.[name];
    });
  }
  for (const e of Object.values(config.enums)) {
    for (const m of Object.values(e.methods)) {
      define(m.predicate, function () {
        return (this.record as Record<string, unknown> | undefined)?.[m.predicate] === true;
      });
    }
  }
  if (config.list !== undefined) {
    // An ordered list's moves, on the record the handle shows now (as the write methods above).
    for (const method of LIST_METHODS) {
      Object.defineProperty(ModelReactiveRecord.prototype, method, {
        value: function (this: ReactiveRecordBase<unknown, unknown>, position?: number) {
          const record = this.record as Record<string, (p?: number) => WriteOperation<unknown>> | undefined;
          return record?.[method]?.(position) ?? failedWriteOperation(new RecordNotFoundError(config.name, '(not loaded)'));
        },
        configurable: true,
      });
    }
  }
  Object.defineProperty(ModelReactiveRecord, 'name', {value: `Reactive${config.name}Record`});
  return ModelReactiveRecord;
}

/** Columns readable directly (undefined until loaded), plus the reactive members. */
export type ReactiveRecord<TRow, TRecord, C = ModelConfig, TResolved = TRecord> = ReactiveRecordBase<TRecord, TResolved> & {
  readonly [K in keyof TRow]: TRow[K] | undefined;
} & EnumPredicates<C> & ListMethods<C>;
