import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import type {TTL} from '../contract/ttl.ts';
import type {PreloadSet} from './preload-set.ts';
import type {ReadConnection} from './read-connection.ts';

/**
 * How far a result can be trusted. Zero's three: `unknown` until the server
 * has answered (local rows may already show), `complete` after, `error` when
 * the query failed. Plus `local`: there is no connection, so the device's
 * rows are the answer — final until the connection returns (then `unknown`
 * again until the server has answered).
 */
export type ResultType = 'unknown' | 'complete' | 'local' | 'error';

/** Receives a view's rows (in the spec's order), its result type and error. */
export type SpecViewListener = (rows: readonly PlainRow[], resultType: ResultType, error?: unknown) => void;

/** Options of one read. */
export type ReadOptions = {
  /** How long the rows stay on the device after this read's last use (`relation.ttl`). */
  readonly ttl?: TTL | undefined;
};

/**
 * A live, materialised query result. Zero's `TypedView` has exactly this
 * shape, so `z.materialize(queries.zam[spec.table](spec))` is a SpecView.
 * Rows are immutable snapshots; `addListener` fires once at once with the
 * current data, then on every change, like Zero's ArrayView.
 */
export interface SpecView {
  readonly data: readonly PlainRow[];
  /** Calls `listener` on every change of the rows, result type or error; returns the function that stops it. */
  addListener(listener: SpecViewListener): () => void;
  /** Closes the view: no more calls, the query is released. */
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
  materialize(spec: QuerySpec, options?: ReadOptions): SpecView;
  /** One-shot read (`await Job.where(...)`). */
  run(spec: QuerySpec, options?: ReadOptions): Promise<readonly PlainRow[]>;
  /**
   * The queries this device keeps synced (`relation.preload`), restored on
   * every start. Absent: the model layer keeps session-only preloads over
   * `materialize` (nothing survives a restart).
   */
  readonly preloads?: PreloadSet | undefined;
  /** The link to the server reads depend on. Absent: always online (results are never `local`). */
  readonly connection?: ReadConnection | undefined;
}
