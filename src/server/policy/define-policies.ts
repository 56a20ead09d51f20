import type {Row, Schema} from '@rocicorp/zero';
import type {SpecCondition} from '../../contract/query-spec.ts';
import {InvalidPolicyError} from '../../errors/invalid-policy-error.ts';

/**
 * The user a request acts for, as loaded from the database by the auth hook
 * (never taken from the token's claims alone): at least its id, plus whatever
 * columns the policies look at (`role`, `active`, `company_id`, …).
 */
export type ActingUser = {readonly id: string} & Readonly<Record<string, unknown>>;

/** A write policy's answer: `true`/`false`, or `allow()` / `deny(reason)` to say why. */
export type PolicyVerdict = boolean | {readonly allow: boolean; readonly reason?: string | undefined};

/**
 * Which rows of a table a user may read: `true` (all), `false` (none), or
 * query-spec conditions (ANDed) that zero-cache evaluates for every row it
 * syncs — for the queried table and for every related row an `includes`
 * brings along.
 */
export type ReadRule = boolean | SpecCondition | readonly SpecCondition[];

/**
 * What one table allows. Every function gets the acting user; a write
 * function also gets the row. A missing function denies (default deny):
 * a table without `create` takes no inserts, one without `read` syncs no rows.
 *
 * - `create(user, row, null)`: `row` holds the columns the insert sets.
 * - `update(user, row, before)`: `row` is the row after the update, `before`
 *   the row as it is in the transaction (read `FOR UPDATE`).
 * - `destroy(user, row, before)`: `row` and `before` are the row being deleted.
 *
 * An update or delete of a row the user cannot read (`read`) is refused
 * before `update`/`destroy` is asked: nobody writes blind.
 */
export interface TablePolicy<R, U extends ActingUser = ActingUser> {
  /** Which rows the user may read (see {@link ReadRule}); absent: none. */
  readonly read?: ((user: U) => ReadRule) | undefined;
  /** May the user insert this row? Absent: no. */
  readonly create?: ((user: U, row: Readonly<Partial<R>>, before: null) => PolicyVerdict) | undefined;
  /** May the user change `before` into `row`? Absent: no. */
  readonly update?: ((user: U, row: R, before: R) => PolicyVerdict) | undefined;
  /** May the user delete this row? Absent: no. */
  readonly destroy?: ((user: U, row: R, before: R) => PolicyVerdict) | undefined;
  /**
   * Columns no client may set here (`role`, `user_id`, …): an insert, upsert
   * or update naming one is refused with `read_only_column`. May depend on
   * the user (admins may set `role`, others not).
   */
  readonly readOnly?: readonly (keyof R & string)[] | ((user: U) => readonly (keyof R & string)[]) | undefined;
}

/** The policies of every table, keyed by table name; see `definePolicies`. */
export interface Policies<U extends ActingUser = ActingUser> {
  readonly schema: Schema;
  readonly tables: Readonly<Record<string, TablePolicy<Record<string, unknown>, U> | undefined>>;
}

type TablePolicies<S extends Schema, U extends ActingUser> = {
  readonly [T in keyof S['tables'] & string]?: TablePolicy<Row<S['tables'][T]>, U>;
};

/**
 * Declares who may read and write what, per table, for the API server's push
 * and query endpoints (both use the same set). Typed by the generated Zero
 * schema: each table's functions get that table's row type.
 *
 * Tables without a policy take no writes and sync no rows (default deny).
 * The activity-log table is never writable by clients whatever its policy
 * says: its rows come only from the server's own log of each write.
 *
 * @example
 * import {allow, definePolicies, deny} from 'zero-active-models/server';
 * import {schema} from './generated/schema.ts';
 *
 * type Staff = {id: string; role: 'technician' | 'admin'; active: boolean};
 * export const policies = definePolicies<typeof schema, Staff>(schema, {
 *   jobs: {
 *     read: () => true,
 *     create: () => true,
 *     update: (user, row, before) => before.status !== 'done' || user.role === 'admin' ? allow() : deny('done jobs are closed'),
 *   },
 *   users: {
 *     read: (user) => (user.role === 'admin' ? true : {type: 'simple', column: 'active', op: '=', value: true}),
 *     update: (user) => user.role === 'admin',
 *     readOnly: (user) => (user.role === 'admin' ? [] : ['role']),
 *   },
 * });
 */
export function definePolicies<S extends Schema, U extends ActingUser = ActingUser>(schema: S, tables: TablePolicies<S, U>): Policies<U> {
  const known = schema.tables as Readonly<Record<string, {readonly columns: Readonly<Record<string, unknown>>}>>;
  for (const [table, policy] of Object.entries(tables as Readonly<Record<string, TablePolicy<Record<string, unknown>, U> | undefined>>)) {
    if (!Object.hasOwn(known, table)) {
      throw new InvalidPolicyError(table, `the schema has no table "${table}" (tables: ${Object.keys(known).sort().join(', ')})`);
    }
    if (policy === undefined) continue;
    for (const key of Object.keys(policy)) {
      if (!POLICY_KEYS.has(key)) throw new InvalidPolicyError(table, `unknown key "${key}" (expected ${[...POLICY_KEYS].join(', ')})`);
    }
    if (Array.isArray(policy.readOnly)) {
      for (const column of policy.readOnly as readonly string[]) {
        if (!Object.hasOwn(known[table]!.columns, column)) throw new InvalidPolicyError(table, `readOnly names no column "${column}"`);
      }
    }
  }
  return {schema, tables: tables as Policies<U>['tables']};
}

const POLICY_KEYS: ReadonlySet<string> = new Set(['read', 'create', 'update', 'destroy', 'readOnly']);

/** A write policy's "yes". */
export function allow(): PolicyVerdict {
  return {allow: true};
}

/** A write policy's "no", with the reason the client sees in the rejection. */
export function deny(reason: string): PolicyVerdict {
  return {allow: false, reason};
}
