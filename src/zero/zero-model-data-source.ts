import type {Schema, Zero} from '@rocicorp/zero';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {PreloadStore} from '../contract/preload-registration.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import {ttlMs, ZERO_MAX_TTL_MS} from '../contract/ttl.ts';
import type {ModelSet} from '../contract/validate-query-spec.ts';
import {localWhenOffline} from '../record/local-when-offline.ts';
import type {ModelDataSource, ReadOptions, SpecView, SpecViewListener} from '../record/model-data-source.ts';
import {PreloadSet, type StorageSignal} from '../record/preload-set.ts';
import type {ReadConnection} from '../record/read-connection.ts';
import type {OverlaySource} from '../sync/overlay/overlay-source.ts';
import {modelQueryRequest, type ModelQueries} from './model-queries.ts';
import {settledStatus, whenNotOnline, zeroReadConnection, type ZeroConnectionState} from './zero-read-connection.ts';

/** The part of a Zero client models read through (a `Zero<Schema>` has it). */
export interface ZeroReader {
  materialize(query: never, options?: {ttl?: number}): unknown;
  run(query: never, options?: {type: 'unknown' | 'complete'; ttl?: number}): Promise<unknown>;
  /** Zero's connection; when present, reads never wait for a server that is not there. */
  readonly connection?: ZeroConnectionState;
}

type ZeroView = {
  readonly data: unknown;
  addListener(listener: (data: unknown, resultType: 'unknown' | 'complete' | 'error', error?: unknown) => void): () => void;
  destroy(): void;
};

/** A relation's TTL as Zero takes it: milliseconds, at most what Zero honours (longer is kept by PreloadSet). */
function zeroTtl(options: ReadOptions | undefined): {ttl?: number} {
  return options?.ttl === undefined ? {} : {ttl: Math.min(ttlMs(options.ttl), ZERO_MAX_TTL_MS)};
}

/** Options of the Zero-backed model data source: the overlay of pending writes, the read connection, TTL handling. */
export interface ZeroModelDataSourceOptions {
  readonly runType?: 'unknown' | 'complete' | undefined;
  /**
   * Pending writes Zero does not hold (the outbox after a reload, other
   * tabs): applied over every result so they show at once (I6). A function
   * because the sync engine's overlay exists only once it is ready.
   */
  readonly overlay?: (() => OverlaySource | undefined) | undefined;
  /** Every model of the app: enables the source's own preloads (restored specs are validated against them). */
  readonly models?: ModelSet | undefined;
  /** Where preloads with a TTL survive restarts (with `models`); absent: this session only. */
  readonly preloadStore?: PreloadStore | Promise<PreloadStore | undefined> | undefined;
  /** When shown rows are in Zero's own store (`zeroStorageSignal`): the preloads' `status.stored`. */
  readonly storage?: StorageSignal | undefined;
}

/**
 * Model reads over a Zero client: every relation becomes the generated named
 * synced query `zam.<table>(spec)` — Zero materialises it locally and
 * zero-cache asks the API server for its ZQL, so the server decides what is
 * read. Preloads are the same named queries (kept open as views), so they go
 * through the same validation and authorisation on the server.
 *
 * `run` waits for the server's complete result (`{type: 'complete'}`) while
 * connected, so `await Job.find(id)` sees rows written by other clients, like
 * a database read. Offline — connected before and lost it, or when the
 * connection drops while waiting — it answers from the local store instead of
 * waiting for a server that is not there: a technician in a basement still
 * gets their records. A client that has never connected waits up to
 * FIRST_CONNECT_GRACE_MS for its first connection first. Views say so too:
 * offline their result type is `local` (never an endless `unknown`). Local
 * writes of this client show at once either way.
 *
 * @example
 * const source = createZeroModelDataSource(zam.zero, modelQueries, {models: MODELS});
 * establishConnection({source, writer, models: MODELS});
 */
export function createZeroModelDataSource<S extends Schema, C>(
  zero: Zero<S> | ZeroReader,
  queries: ModelQueries<S, C>,
  options: ZeroModelDataSourceOptions = {},
): ModelDataSource {
  const reader = zero as unknown as ZeroReader;
  const link: ReadConnection | undefined = reader.connection ? zeroReadConnection(reader.connection) : undefined;
  const runType = options.runType ?? 'complete';
  const overlayOf = options.overlay ?? (() => undefined);
  const overlaid = (spec: QuerySpec, rows: readonly PlainRow[]): readonly PlainRow[] => {
    const overlay = overlayOf();
    return overlay && overlay.batches.length > 0 ? overlay.apply(spec, rows) : rows;
  };

  /** Zero's view with the outbox overlay applied (what preloads count, and what readers see online). */
  const overlaidView = (spec: QuerySpec, readOptions?: ReadOptions): SpecView => {
    const view = reader.materialize(modelQueryRequest(queries, spec) as never, zeroTtl(readOptions)) as ZeroView;
    let destroyed = false;
    const offs: (() => void)[] = [];
    return {
      get data() {
        return overlaid(spec, view.data as readonly PlainRow[]);
      },
      addListener(listener: SpecViewListener) {
        let last: {resultType: 'unknown' | 'complete' | 'error'; error?: unknown} = {resultType: 'unknown'};
        const removeView = view.addListener((data, resultType, error) => {
          last = {resultType, error};
          listener(overlaid(spec, data as readonly PlainRow[]), resultType, error);
        });
        const removeOverlay = overlayOf()?.subscribe(() => listener(overlaid(spec, view.data as readonly PlainRow[]), last.resultType, last.error));
        const off = () => {
          removeView();
          removeOverlay?.();
        };
        offs.push(off);
        return off;
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        for (const off of offs.splice(0)) off();
        view.destroy();
      },
    };
  };

  const preloads = options.models
    ? new PreloadSet({materialize: (spec) => overlaidView(spec), models: options.models, store: options.preloadStore, storage: options.storage})
    : undefined;

  return {
    connection: link,
    preloads,
    materialize(spec: QuerySpec, readOptions?: ReadOptions): SpecView {
      const view = overlaidView(spec, readOptions);
      return link ? localWhenOffline(view, link) : view;
    },
    async run(spec: QuerySpec, readOptions?: ReadOptions): Promise<readonly PlainRow[]> {
      const request = modelQueryRequest(queries, spec) as never;
      const ttl = zeroTtl(readOptions);
      const local = async () => overlaid(spec, (await reader.run(request, {type: 'unknown', ...ttl})) as readonly PlainRow[]);
      const complete = async () => overlaid(spec, (await reader.run(request, {type: 'complete', ...ttl})) as readonly PlainRow[]);
      if (runType === 'unknown') return await local();
      if (link === undefined) return await complete();
      // Never connected yet (a client just created): give the first
      // connection a moment, as a fresh page load online would. Connected
      // before and lost it: we are offline — answer from the device now.
      if ((await settledStatus(link)) === 'offline') return await local();
      const dropped = whenNotOnline(link);
      try {
        const winner = await Promise.race([complete().then((rows) => ({rows})), dropped.promise]);
        return winner === null ? await local() : winner.rows;
      } finally {
        dropped.cancel();
      }
    },
  };
}
