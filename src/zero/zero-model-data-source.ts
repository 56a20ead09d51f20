import type {Schema, Zero} from '@rocicorp/zero';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ModelDataSource, SpecView, SpecViewListener} from '../record/model-data-source.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import type {OverlaySource} from '../sync/overlay/overlay-source.ts';
import {modelQueryRequest, type ModelQueries} from './model-queries.ts';

/** The part of a Zero client models read through (a `Zero<Schema>` has it). */
export interface ZeroReader {
  materialize(query: never): unknown;
  run(query: never, options?: {type: 'unknown' | 'complete'}): Promise<unknown>;
  /** Zero's connection; when present, one-shot reads never wait for a server that is not there. */
  readonly connection?: {
    readonly state: {readonly current: {readonly name: string}; subscribe(listener: (state: {readonly name: string}) => void): () => void};
  };
}

type ZeroView = {
  readonly data: unknown;
  addListener(listener: (data: unknown, resultType: 'unknown' | 'complete' | 'error', error?: unknown) => void): () => void;
  destroy(): void;
};

/** How long a one-shot read of a client that has never connected waits for its first connection. */
export const FIRST_CONNECT_GRACE_MS = 5_000;

type ConnectionLike = NonNullable<ZeroReader['connection']>;

/** Follows a Zero connection for one-shot reads: has it ever been up, is it up now, tell me when it drops. */
function watchConnection(connection: ConnectionLike) {
  let ever = connection.state.current.name === 'connected';
  connection.state.subscribe((state) => {
    if (state.name === 'connected') ever = true;
  });
  const state = () => connection.state.current.name;
  return {
    state,
    everConnected: () => ever,
    /** Resolves true once connected, false after `ms` (or when the client closes). */
    connectedWithin(ms: number): Promise<boolean> {
      return new Promise((resolve) => {
        let off = () => {};
        const timer = setTimeout(() => {
          off();
          resolve(false);
        }, ms);
        off = connection.state.subscribe((s) => {
          if (s.name === 'connected' || s.name === 'closed') {
            clearTimeout(timer);
            off();
            resolve(s.name === 'connected');
          }
        });
        if (state() === 'connected') {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
    },
    /** A promise of null for when the connection leaves `connected`, and its cancel. */
    whenDisconnected(): {promise: Promise<null>; cancel: () => void} {
      let cancel = () => {};
      const promise = new Promise<null>((resolve) => {
        cancel = connection.state.subscribe((s) => {
          if (s.name !== 'connected') resolve(null);
        });
      });
      return {promise, cancel: () => cancel()};
    },
  };
}

/**
 * Model reads over a Zero client: every relation becomes the generated named
 * synced query `zam.<table>(spec)` — Zero materialises it locally and
 * zero-cache asks the API server for its ZQL, so the server decides what is
 * read. Zero's TypedView already is a SpecView (immutable rows, a listener
 * called at once and on every change); this adapter only narrows types and
 * makes a view's `destroy` idempotent.
 *
 * `run` waits for the server's complete result (`{type: 'complete'}`) while
 * connected, so `await Job.find(id)` sees rows written by other clients, like
 * a database read. Offline — connected before and lost it, or when the
 * connection drops while waiting — it answers from the local store instead of
 * waiting for a server that is not there: a technician in a basement still
 * gets their records. A client that has never connected waits up to
 * FIRST_CONNECT_GRACE_MS for its first connection first. Local writes of this
 * client show at once either way.
 *
 * @example
 * const source = createZeroModelDataSource(zam.zero, modelQueries);
 * establishConnection({source, writer, models: MODELS});
 */
export function createZeroModelDataSource<S extends Schema, C>(
  zero: Zero<S> | ZeroReader,
  queries: ModelQueries<S, C>,
  options: {
    readonly runType?: 'unknown' | 'complete';
    /**
     * Pending writes Zero does not hold (the outbox after a reload, other
     * tabs): applied over every result so they show at once (I6). A function
     * because the sync engine's overlay exists only once it is ready.
     */
    readonly overlay?: (() => OverlaySource | undefined) | undefined;
  } = {},
): ModelDataSource {
  const reader = zero as unknown as ZeroReader;
  const link = reader.connection ? watchConnection(reader.connection) : undefined;
  const runType = options.runType ?? 'complete';
  const overlayOf = options.overlay ?? (() => undefined);
  const overlaid = (spec: QuerySpec, rows: readonly PlainRow[]): readonly PlainRow[] => {
    const overlay = overlayOf();
    return overlay && overlay.batches.length > 0 ? overlay.apply(spec, rows) : rows;
  };
  return {
    materialize(spec: QuerySpec): SpecView {
      const view = reader.materialize(modelQueryRequest(queries, spec) as never) as ZeroView;
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
    },
    async run(spec: QuerySpec): Promise<readonly PlainRow[]> {
      const request = modelQueryRequest(queries, spec) as never;
      const local = async () => overlaid(spec, (await reader.run(request, {type: 'unknown'})) as readonly PlainRow[]);
      const complete = async () => overlaid(spec, (await reader.run(request, {type: 'complete'})) as readonly PlainRow[]);
      if (runType === 'unknown') return await local();
      if (link === undefined) return await complete();
      if (link.state() !== 'connected') {
        // Never connected yet (a client just created): give the first
        // connection a moment, as a fresh page load online would. Connected
        // before and lost it: we are offline — answer from the device now.
        if (link.everConnected() || !(await link.connectedWithin(FIRST_CONNECT_GRACE_MS))) return await local();
      }
      const dropped = link.whenDisconnected();
      try {
        const winner = await Promise.race([complete().then((rows) => ({rows})), dropped.promise]);
        return winner === null ? await local() : winner.rows;
      } finally {
        dropped.cancel();
      }
    },
  };
}
