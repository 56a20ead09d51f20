import type {RowWrite, WriteCheck, WriteDenial} from '../../apply/write-check.ts';
import {authorizeWrite} from './authorize-write.ts';
import type {ActingUser, Policies} from './define-policies.ts';
import {readFiltersFor} from './read-filters.ts';

/**
 * The policies as the server's per-write check (`WriteCheck`), for one
 * request's user: each row write is asked of its table's policy with the true
 * rows the transaction locked. A discard or undiscard is an update (it sets
 * the soft-delete column); `more` runs after the policy allowed the write.
 */
export function policyWriteCheck<U extends ActingUser>(policies: Policies<U>, user: U, more?: WriteCheck): WriteCheck {
  const readFilter = readFiltersFor(policies, user);
  return async (write: RowWrite): Promise<WriteDenial | null> => {
    const kind = write.kind === 'create' ? 'create' : write.kind === 'destroy' ? 'destroy' : 'update';
    const row = (kind === 'destroy' ? write.before : write.after) ?? write.before ?? write.after ?? {};
    const denial = authorizeWrite(policies, user, readFilter, {kind, table: write.model.table, row, before: kind === 'create' ? null : write.before});
    if (denial !== null) return denial;
    return more === undefined ? null : await more(write);
  };
}
