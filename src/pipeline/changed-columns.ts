import type {RowValue} from '../contract/batch.ts';
import type {JSONValue} from '../contract/model-config.ts';
import {sameValue} from './same-value.ts';

/**
 * The entries of `changes` whose value differs from `before` (structurally:
 * jsonb key order does not count). An update writes only these — never the
 * whole row, which would overwrite other users' concurrent edits of other
 * columns — and logs exactly these.
 */
export function changedColumns(before: RowValue, changes: Readonly<Record<string, JSONValue | undefined>>): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {};
  for (const [column, value] of Object.entries(changes)) {
    if (value !== undefined && !sameValue(before[column], value)) out[column] = value;
  }
  return out;
}
