import type {Schema, Zero} from '@rocicorp/zero';
import type {PlainRow} from '../record/evaluate-query-spec.ts';
import type {ModelDataSource, SpecView, SpecViewListener} from '../record/model-data-source.ts';
import type {QuerySpec} from '../record/query-spec.ts';
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
  options: {readonly runType?: 'unknown' | 'complete'} = {},
): ModelDataSource {
  const reader = zero as unknown as ZeroReader;
  const runType = options.runType ?? 'complete';
  return {
    materialize(spec: QuerySpec): SpecView {
      const view = reader.materialize(modelQueryRequest(queries, spec) as never) as ZeroView;
      let destroyed = false;
      return {
        get data() {
          return view.data as readonly PlainRow[];
        },
        addListener(listener: SpecViewListener) {
          return view.addListener((data, resultType, error) => listener(data as readonly PlainRow[], resultType, error));
        },
        destroy() {
          if (destroyed) return;
          destroyed = true;
          view.destroy();
        },
      };
    },
    async run(spec: QuerySpec): Promise<readonly PlainRow[]> {
      return (await reader.run(modelQueryRequest(queries, spec) as never, {type: runType})) as readonly PlainRow[];
    },
  };
}
