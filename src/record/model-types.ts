import type {JSONValue} from '../contract/model-config.ts';
import type {WriteOperation} from './write-operation.ts';
import type {SpecOperator, SpecScalar} from '../contract/query-spec.ts';

/**
 * Type-level readings of a ModelConfig. They only produce precise names when
 * the generator emits configs `as const satisfies ModelConfig`; with a plain
 * `ModelConfig` every helper here yields `never`, so models still type-check,
 * just without named scope/enum methods.
 */

/** Rails `scope :name` names: `Job.active()`. */
export type ScopeNames<C> = C extends {readonly scopes: infer S}
  ? string extends keyof S
    ? never
    : keyof S & string
  : never;

type MethodsOf<E, Key extends 'scope' | 'predicate'> = E extends {readonly methods: infer M}
  ? string extends keyof M
    ? never
    : M[keyof M] extends infer X
      ? X extends {readonly [P in Key]: infer N extends string}
        ? N
        : never
      : never
  : never;

type EnumMethodNames<C, Key extends 'scope' | 'predicate'> = C extends {readonly enums: infer E}
  ? string extends keyof E
    ? never
    : MethodsOf<E[keyof E], Key>
  : never;

/** Enum scopes: `Job.open()` for `enum :status, {open: …}`. */
export type EnumScopeNames<C> = EnumMethodNames<C, 'scope'>;

/** Enum predicates: `job.isOpen`. */
export type EnumPredicateNames<C> = EnumMethodNames<C, 'predicate'>;

/** One JSON argument per declared scope parameter. */
export type ScopeArgs<C, K> = C extends {readonly scopes: infer S}
  ? K extends keyof S
    ? S[K] extends {readonly params: infer P extends readonly string[]}
      ? {[I in keyof P]: JSONValue}
      : JSONValue[]
    : never
  : never;

/** `{readonly isOpen: boolean, …}` on every record. */
export type EnumPredicates<C> = {readonly [K in EnumPredicateNames<C>]: boolean};

/** Column names of a row type. */
export type ColumnOf<TRow> = keyof TRow & string;

type Scalar<V> = Extract<V, SpecScalar>;

/**
 * A Rails condition hash over known columns only: a value (`=`), a list
 * (`IN`), or `null` (`IS NULL`). Unknown keys are type errors.
 */
export type WhereConditions<TRow> = {
  readonly [K in ColumnOf<TRow>]?: Scalar<TRow[K]> | null | readonly (Scalar<TRow[K]> | null)[];
};

/** The value a comparison operator takes for a column. */
export type OperatorValue<TRow, K extends ColumnOf<TRow>, Op extends SpecOperator> = Op extends 'IN' | 'NOT IN'
  ? readonly NonNullable<Scalar<TRow[K]>>[]
  : Op extends 'IS' | 'IS NOT'
    ? Scalar<TRow[K]> | null
    : Op extends 'LIKE' | 'NOT LIKE' | 'ILIKE' | 'NOT ILIKE'
      ? string
      : NonNullable<Scalar<TRow[K]>>;

/**
 * The acts_as_list methods of an ordered list's items: each rewrites the
 * positions that change in ONE batch with one `reordered` log on the parent.
 * Positions are as stored (the top is 1 by default). Rails:
 * `task.insert_at(2)`, `task.move_higher`.
 */
export interface ListItemMethods {
  /** Moves the item to `position` (clamped to the list). */
  move_to(position: number): WriteOperation<this>;
  /** acts_as_list's name for `move_to`. */
  insert_at(position: number): WriteOperation<this>;
  /** acts_as_list `move_higher`: swap with the item above; one `reordered` log on the parent. */
  move_higher(): WriteOperation<this>;
  /** acts_as_list `move_lower`: swap with the item below. */
  move_lower(): WriteOperation<this>;
  /** acts_as_list `move_to_top`: first position; the items in between shift down. */
  move_to_top(): WriteOperation<this>;
  /** acts_as_list `move_to_bottom`: last position. */
  move_to_bottom(): WriteOperation<this>;
}

/** `ListItemMethods` for models whose config has `list`; nothing for the others. */
export type ListMethods<C> = C extends {readonly list: object} ? ListItemMethods : unknown;
