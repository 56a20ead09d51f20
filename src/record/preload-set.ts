import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import {PRELOAD_REGISTRATION_VERSION, preloadKey, type PreloadRegistration, type PreloadStore} from '../contract/preload-registration.ts';
import type {IncludeSpec, QuerySpec} from '../contract/query-spec.ts';
import {ttlMs, type TTL} from '../contract/ttl.ts';
import {modelsByTable, validateQuerySpec, type ModelSet} from '../contract/validate-query-spec.ts';
import type {ReadOptions, ResultType, SpecView} from './model-data-source.ts';

/** Options of `relation.preload()`. */
export type PreloadOptions = {
  /**
   * How long this device keeps the query synced, from now, across restarts
   * (wall-clock time): `'7d'`, `'12h'`, `'forever'`. Default (or `'none'`):
   * only while this app runs, like Zero's own preload. Calling `preload` again
   * extends it; `cleanup()` ends it.
   */
  readonly ttl?: TTL | undefined;
};

/** What `relation.preload()` returns: Zero's `{complete, cleanup}`. */
export interface Preload {
  /** Resolves once the server's complete result is on the device (waits while offline). */
  readonly complete: Promise<void>;
  /** Stops keeping this query on the device (for every caller that preloaded it). */
  cleanup(): void;
}

/** What is preloaded: for a "ready offline" indicator. */
export type PreloadStatus = {
  /** Queries kept on this device (restored ones included). */
  readonly queries: number;
  /** Every one of them has had the server's complete answer since the app started. */
  readonly complete: boolean;
  /** Distinct rows on the device per model name, with the rows their includes brought: `{Job: 42, Task: 130}`. */
  readonly counts: Readonly<Record<string, number>>;
  /**
   * The same counts as of the sync client's last write to its own store
   * (with a `storage` signal, see PreloadSetOptions): what a restart with no
   * network would find — a "ready offline" indicator shows these. Rows the
   * client holds only in memory so far are in `counts`, not here. Without a
   * signal, equal to `counts`.
   */
  readonly stored: Readonly<Record<string, number>>;
};

export const EMPTY_PRELOAD_STATUS: PreloadStatus = Object.freeze({queries: 0, complete: true, counts: Object.freeze({}), stored: Object.freeze({})});

/**
 * When the rows a sync client shows are in its store (the zero layer's
 * `zeroStorageSignal`): it keeps new rows in memory and writes them a moment
 * later.
 */
export interface StorageSignal {
  /** True while every row shown came from the store (the client has not synced yet). */
  fromStorage(): boolean;
  /** `listener` runs after each write of the client's state to its store. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** What a `PreloadSet` needs: how to open views, the models, where registrations survive restarts, a clock. */
export interface PreloadSetOptions {
  /** Opens a live view of a spec (the data source's own, without preload handling). */
  readonly materialize: (spec: QuerySpec, options: ReadOptions) => SpecView;
  /** Every model of the app: restored specs are re-validated against them, rows counted by model. */
  readonly models: ModelSet;
  /** Where registrations survive restarts; absent: session only. */
  readonly store?: PreloadStore | Promise<PreloadStore | undefined> | undefined;
  /** The clock for TTLs (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** When shown rows are in the sync client's store (`status.stored`); absent: `stored` equals `counts`. */
  readonly storage?: StorageSignal | undefined;
}

type Entry = {
  readonly key: string;
  readonly spec: QuerySpec;
  /** undefined: this session only; null: forever; else epoch ms. */
  expiresAt: number | null | undefined;
  readonly view: SpecView;
  readonly removeListener: () => void;
  rows: readonly PlainRow[];
  resultType: ResultType;
  readonly complete: Promise<void>;
  timer: ReturnType<typeof setTimeout> | undefined;
};

/** Smallest extension of a stored expiry worth a store write. */
const MIN_EXTENSION_MS = 60_000;

/** setTimeout's limit (~24.8 days); longer expiries re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The queries a device keeps synced so they can be read offline, and what
 * they hold. Each is a live view (the query stays active, so Zero keeps its
 * rows current and on the device); one with a TTL is also written to the
 * store and re-opened on every start until it expires — Zero by itself keeps
 * a query at most 10 minutes after its last use, and only counts time while
 * connected.
 *
 * Restored specs are validated again against the current models (an app
 * upgrade may have dropped a column) and go to the server through the same
 * named query as any read: a preload can read nothing a read could not.
 *
 * @example
 * const preloads = new PreloadSet({materialize: spec => source.materialize(spec), models: MODELS, store});
 * preloads.preload(Job.includes('tasks').toSpec(), {ttl: '7d'});
 * preloads.status.counts.Job // 42
 */
export class PreloadSet {
  /** Settles when the stored registrations have been restored. */
  readonly ready: Promise<void>;
  readonly #materialize: PreloadSetOptions['materialize'];
  readonly #byTable: ReadonlyMap<string, ModelConfig>;
  readonly #byName: ReadonlyMap<string, ModelConfig>;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<(status: PreloadStatus) => void>();
  #store: PreloadStore | undefined;
  #status: PreloadStatus = EMPTY_PRELOAD_STATUS;
  readonly #storage: StorageSignal | undefined;
  readonly #stopStorage: () => void;
  /** The counts as of the client's last write to its store (with a storage signal). */
  #stored: Readonly<Record<string, number>> = EMPTY_PRELOAD_STATUS.stored;
  /** The store was written since the last count: the next count is what it holds. */
  #storeWritten = false;
  #dirty = false;
  #notifyQueued = false;
  #closed = false;
  /** Store writes in order; `settled()` waits for them. */
  #writes: Promise<void> = Promise.resolve();

  constructor(options: PreloadSetOptions) {
    this.#materialize = options.materialize;
    this.#byTable = modelsByTable(options.models);
    this.#byName = new Map([...this.#byTable.values()].map(m => [m.name, m]));
    this.#now = options.now ?? Date.now;
    this.#storage = options.storage;
    this.#stopStorage =
      this.#storage?.subscribe(() => {
        // What memory holds now was just written (a row arriving during that write schedules
        // another one, so a count taken here is ahead of the store by at most one write).
        this.#storeWritten = true;
        this.#changed();
      }) ?? (() => {});
    this.ready = this.#restore(options.store);
  }

  /**
   * Keeps `spec` synced on this device (see PreloadOptions). The spec must be
   * valid (a relation's `toSpec()` is).
   */
  preload(spec: QuerySpec, options: PreloadOptions = {}): Preload {
    const ms = ttlMs(options.ttl ?? 'none');
    const expiresAt = ms === 0 ? undefined : ms === Infinity ? null : this.#now() + ms;
    const key = preloadKey(spec);
    const entry = this.#entries.get(key) ?? this.#open(key, spec, undefined);
    const longer = later(entry.expiresAt, expiresAt);
    if (longer !== entry.expiresAt) {
      // Reads with a long TTL extend their preload on every use: write only what moves the expiry noticeably.
      const worthWriting = typeof longer !== 'number' || typeof entry.expiresAt !== 'number' || longer - entry.expiresAt > MIN_EXTENSION_MS;
      entry.expiresAt = longer;
      this.#arm(entry);
      if (worthWriting) this.#save(entry);
    }
    return {complete: entry.complete, cleanup: () => this.#remove(key)};
  }

  /** The current status (recounted after a change). */
  get status(): PreloadStatus {
    if (this.#dirty) {
      this.#dirty = false;
      const next = this.#count();
      if (!sameStatus(next, this.#status)) this.#status = next;
    }
    return this.#status;
  }

  /** `listener` runs at once and after every change of the status (batched per microtask). */
  subscribe(listener: (status: PreloadStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.status);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when every store write made so far has finished. */
  settled(): Promise<void> {
    return this.#writes;
  }

  /** Closes every view (registrations stay stored for the next start). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopStorage();
    for (const entry of this.#entries.values()) this.#close(entry);
    this.#entries.clear();
    this.#listeners.clear();
    void this.#writes.then(() => this.#store?.close());
  }

  async #restore(source: PreloadSetOptions['store']): Promise<void> {
    const store = await source;
    if (!store) return;
    if (this.#closed) return store.close();
    this.#store = store;
    const now = this.#now();
    const unchanged = new Set<string>();
    for (const value of await store.load()) {
      const registration = this.#decode(value);
      if (!registration || (registration.expiresAt !== null && registration.expiresAt <= now)) {
        const key = (value as {key?: unknown} | null)?.key;
        if (typeof key === 'string') this.#write(s => s.delete(key));
        continue;
      }
      const entry = this.#entries.get(registration.key) ?? this.#open(registration.key, registration.spec, undefined);
      entry.expiresAt = later(entry.expiresAt, registration.expiresAt);
      this.#arm(entry);
      if (entry.expiresAt === registration.expiresAt) unchanged.add(entry.key);
    }
    // Preloads made before the store opened (or extended since) are written now.
    for (const entry of this.#entries.values()) if (!unchanged.has(entry.key)) this.#save(entry);
  }

  /** A stored value as a registration, or undefined when it is of another version or no longer valid. */
  #decode(value: unknown): PreloadRegistration | undefined {
    const r = value as Partial<PreloadRegistration> | null;
    if (r?.v !== PRELOAD_REGISTRATION_VERSION || typeof r.key !== 'string') return undefined;
    if (!(r.expiresAt === null || typeof r.expiresAt === 'number')) return undefined;
    try {
      const spec = validateQuerySpec(r.spec, this.#byTable);
      return preloadKey(spec) === r.key ? {v: r.v, key: r.key, spec, expiresAt: r.expiresAt} : undefined;
    } catch {
      return undefined;
    }
  }

  #open(key: string, spec: QuerySpec, expiresAt: number | null | undefined): Entry {
    const view = this.#materialize(spec, {});
    let resolve = () => {};
    const complete = new Promise<void>(r => (resolve = r));
    const entry: Entry = {key, spec, expiresAt, view, removeListener: () => {}, rows: [], resultType: 'unknown', complete, timer: undefined};
    const removeListener = view.addListener((rows, resultType) => {
      entry.rows = rows;
      entry.resultType = resultType;
      if (resultType === 'complete') resolve();
      this.#changed();
    });
    (entry as {removeListener: () => void}).removeListener = removeListener;
    this.#entries.set(key, entry);
    this.#changed();
    return entry;
  }

  #arm(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.expiresAt === undefined || entry.expiresAt === null) return;
    const timer = setTimeout(() => {
      entry.timer = undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt !== null && entry.expiresAt <= this.#now()) this.#remove(entry.key);
      else this.#arm(entry);
    }, Math.min(Math.max(0, entry.expiresAt - this.#now()), MAX_TIMER_MS));
    // A script holding a 7-day preload must still be able to exit.
    (timer as {unref?: () => void}).unref?.();
    entry.timer = timer;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#close(entry);
    if (entry.expiresAt !== undefined) this.#write(s => s.delete(key));
    this.#changed();
  }

  #close(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.removeListener();
    entry.view.destroy();
  }

  #save(entry: Entry): void {
    const {key, spec, expiresAt} = entry;
    if (expiresAt === undefined) return;
    this.#write(s => s.put({v: PRELOAD_REGISTRATION_VERSION, key, spec, expiresAt}));
  }

  #write(op: (store: PreloadStore) => Promise<void>): void {
    const store = this.#store;
    if (!store) return;
    // A failed write costs only the restore of one preload on the next start.
    this.#writes = this.#writes.then(() => op(store)).catch(() => {});
  }

  #changed(): void {
    this.#dirty = true;
    if (this.#notifyQueued || this.#listeners.size === 0) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      const before = this.#status;
      const now = this.status;
      if (now !== before) for (const listener of [...this.#listeners]) listener(now);
    });
  }

  #count(): PreloadStatus {
    const seen = new Map<string, Set<unknown>>();
    const walk = (model: ModelConfig | undefined, includes: readonly IncludeSpec[], rows: readonly unknown[]) => {
      if (!model) return;
      let ids = seen.get(model.name);
      if (!ids) seen.set(model.name, (ids = new Set()));
      for (const row of rows as readonly Record<string, unknown>[]) {
        ids.add(row[model.primaryKey]);
        for (const include of includes) {
          const association = model.associations[include.name];
          const target = association?.model !== undefined ? this.#byName.get(association.model) : association?.table !== undefined ? this.#byTable.get(association.table) : undefined;
          const value = row[include.name];
          walk(target, include.includes, Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
        }
      }
    };
    let complete = true;
    for (const entry of this.#entries.values()) {
      walk(this.#byTable.get(entry.spec.table), entry.spec.includes, entry.rows);
      if (entry.resultType !== 'complete') complete = false;
    }
    const counts: Record<string, number> = {};
    for (const [name, ids] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) counts[name] = ids.size;
    Object.freeze(counts);
    if (!this.#storage) return Object.freeze({queries: this.#entries.size, complete, counts, stored: counts});
    if (this.#storeWritten || this.#storage.fromStorage()) {
      this.#storeWritten = false;
      this.#stored = counts;
    }
    return Object.freeze({queries: this.#entries.size, complete, counts, stored: this.#stored});
  }
}

/** The later of two expiries (undefined: session only < any time < null: forever). */
function later(a: number | null | undefined, b: number | null | undefined): number | null | undefined {
  if (a === null || b === null) return null;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function sameStatus(a: PreloadStatus, b: PreloadStatus): boolean {
  return a.queries === b.queries && a.complete === b.complete && sameCounts(a.counts, b.counts) && sameCounts(a.stored, b.stored);
}

function sameCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every(k => a[k] === b[k]);
}
