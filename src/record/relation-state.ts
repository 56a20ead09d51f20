import type {IncludeSpec, OrderTerm, QueryCondition} from '../contract/query-spec.ts';
import type {TTL} from '../contract/ttl.ts';

/** Soft-delete filter of a relation (discard gem). */
export type DiscardFilter = 'all' | 'kept' | 'discarded';

/** The immutable data behind a Relation; each builder call makes a new one. */
export type RelationState = {
  readonly where: readonly QueryCondition[];
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number | null;
  readonly offset: number;
  readonly includes: readonly IncludeSpec[];
  /**
   * Default `all`: like the discard gem (and unlike paranoia/acts_as_paranoid),
   * discarded rows are NOT hidden unless you ask with `kept()`. A Rails app
   * that adds `default_scope -> { kept }` should emit that as a scope the
   * generated model applies explicitly.
   */
  readonly discard: DiscardFilter;
  /** `unscoped()`: without the model's default_scope. */
  readonly unscoped: boolean;
  /** `reorder(…)`: the default_scope's order is replaced too. */
  readonly reordered: boolean;
  /** `ttl(…)`: how long its rows stay on the device after a read's last use; null: Zero's default. Not part of the spec. */
  readonly ttl: TTL | null;
};

export const EMPTY_RELATION_STATE: RelationState = {
  where: [],
  orderBy: [],
  limit: null,
  offset: 0,
  includes: [],
  discard: 'all',
  unscoped: false,
  reordered: false,
  ttl: null,
};
