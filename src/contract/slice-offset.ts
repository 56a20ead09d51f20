import type {QuerySpec} from './query-spec.ts';

/**
 * Drops the rows a spec's `offset` skips. ZQL has no OFFSET (only cursor-style
 * `start(row)`), so a query asks for `limit + offset` rows and every reader —
 * the model layer over Zero, the in-memory store in tests — drops the first
 * `offset` itself (see `buildZql`).
 */
export function sliceOffset<T>(spec: QuerySpec, rows: readonly T[]): readonly T[] {
  return spec.offset > 0 ? rows.slice(spec.offset) : rows;
}
