import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {QuerySpec} from '../contract/query-spec.ts';

/** Zero's result types: `unknown` until the server has answered, `complete` after, `error` when the query failed. */
export type ResultType = 'unknown' | 'complete' | 'error';

export type SpecViewListener = (rows: readonly PlainRow[], resultType: ResultType, error?: unknown) => void;

/**
 * A live, materialised query result. Zero's `TypedView` has exactly this
 * shape, so `z.materialize(queries.zam[spec.table](spec))` is a SpecView.
 * Rows are immutable snapshots; `addListener` fires once at once with the
 * current data, then on every change, like Zero's ArrayView.
 */
export interface SpecView {
  readonly data: readonly PlainRow[];
  addListener(listener: SpecViewListener): () => void;
  destroy(): void;
}

/**
 * Where models read from. The lead wires it to the Zero client (plus the
 * outbox overlay); tests use an in-memory fake. The rows returned follow
 * `buildZql` semantics: filtered, ordered with the primary key as tiebreak,
 * limited to `limit + offset` rows, the offset NOT yet dropped — the model
 * layer drops it (`sliceOffset`) so the real and fake sources agree.
 *
 * @example
 * const source: ModelDataSource = {
 *   materialize: spec => z.materialize(modelQueryRequest(queries, spec)),
 *   run: spec => z.run(modelQueryRequest(queries, spec), {type: 'complete'}),
 * };
 */
export interface ModelDataSource {
  /** Live results; destroy the view when done. */
  materialize(spec: QuerySpec): SpecView;
  /** One-shot read (`await Job.where(...)`). */
  run(spec: QuerySpec): Promise<readonly PlainRow[]>;
}
