import {matches, type PlainRow} from '../../contract/evaluate-query-spec.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import {InvalidPolicyError} from '../../errors/invalid-policy-error.ts';
import type {ActingUser, Policies, PolicyVerdict} from './define-policies.ts';
import type {ReadFilter} from './read-filters.ts';

/** One row write as the policy sees it: what it does, to which row, from what. */
export interface WriteAttempt {
  readonly kind: 'create' | 'update' | 'destroy';
  readonly table: string;
  /** create: the inserted columns; update: the row after; destroy: the row being deleted. */
  readonly row: PlainRow;
  /** null for create; the row as the transaction holds it otherwise. */
  readonly before: PlainRow | null;
}

/**
 * Asks the table's policy about one write. Default deny: no policy, or no
 * function for this kind of write, refuses it. An update or delete of a row
 * the user cannot read is refused before the policy is asked (no blind
 * writes to hidden rows; the refusal does not say whether the row exists).
 * Returns null when allowed, else the rejection (`forbidden`, with the
 * policy's reason) — the caller adds the op index and batch id.
 */
export function authorizeWrite<U extends ActingUser>(
  policies: Policies<U>,
  user: U,
  readFilter: (table: string) => ReadFilter,
  attempt: WriteAttempt,
): Omit<BatchRejection, 'opIndex' | 'batchId'> | null {
  const {kind, table} = attempt;
  const policy = Object.hasOwn(policies.tables, table) ? policies.tables[table] : undefined;
  const forbidden = (message: string) => ({code: 'forbidden' as const, table, message});
  const check = policy?.[kind];
  if (check === undefined) return forbidden(`no ${kind} policy for "${table}": writes are denied by default`);
  if (attempt.before !== null && !visible(readFilter(table), attempt.before)) {
    return forbidden(`you cannot ${kind} this "${table}" row`);
  }
  let verdict: PolicyVerdict;
  try {
    verdict = (check as (user: U, row: PlainRow, before: PlainRow | null) => PolicyVerdict)(user, attempt.row, attempt.before);
  } catch (cause) {
    throw new InvalidPolicyError(table, `${kind} threw: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
  }
  const allowed = typeof verdict === 'boolean' ? verdict : verdict.allow === true;
  if (allowed) return null;
  const reason = typeof verdict === 'object' ? verdict.reason : undefined;
  return forbidden(reason ?? `the ${kind} policy of "${table}" refused this write`);
}

function visible(filter: ReadFilter, row: PlainRow): boolean {
  if (filter.kind === 'all') return true;
  if (filter.kind === 'none') return false;
  return matches(row, filter.condition);
}
