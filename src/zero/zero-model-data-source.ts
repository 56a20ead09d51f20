import type {Schema, Zero} from '@rocicorp/zero';
import type {PlainRow} from '../record/evaluate-query-spec.ts';
import type {ModelDataSource, SpecView, SpecViewListener} from '../record/model-data-source.ts';
import type {QuerySpec} from '../record/query-spec.ts';
import type {OverlaySource} from '../sync/overlay/overlay-source.ts';
import {modelQueryRequest, type ModelQueries} from './model-queries.ts';

/** The part of a Zero client models read through (a `Zero<Schema>` has it). */
export interface ZeroReader {
  materialize(query: never): unknown;
  run(query: never, options?: {type: 'unknown' | 'complete'}): Promise<unknown>;
}

type ZeroView = {
  readonly data: unknown;
  addListener(listener: (data: unknown, resultType: 'unknown' | 'complete' | 'error', error?: unknown) => void): () => void;
  destroy(): void;
};

/**
 * Model reads over a Zero client: every relation becomes the generated named
 * synced query `zam.<table>(spec)` — Zero materialises it locally and
 * zero-cache asks the API server for its ZQL, so the server decides what is
 * read. Zero's TypedView already is a SpecView (immutable rows, a listener
 * called at once and on every change); this adapter only narrows types and
 * makes a view's `destroy` idempotent.
 *
 * `run` waits for the server's complete result (`{type: 'complete'}`), so
 * `await Job.find(id)` sees rows written by other clients, like a database
 * read; local writes of this client show at once either way.
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
      return overlaid(spec, (await reader.run(modelQueryRequest(queries, spec) as never, {type: runType})) as readonly PlainRow[]);
    },
  };
}
