import type {Batch} from '../../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../../contract/model-config.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import {InvalidPolicyError} from '../../errors/invalid-policy-error.ts';
import type {ActingUser, Policies} from './define-policies.ts';

/** Set once, on create, by the server; never changed by a client afterwards. */
const IMMUTABLE_AFTER_CREATE = ['created_at'] as const;

/**
 * The column rules every batch meets before it touches the database (the
 * guard already refused any direct write to the activity-log table):
 * - a column the table's policy marks read-only (for this user) is refused in
 *   any insert, upsert or update (`read_only_column`) — except, on insert or
 *   upsert, with the column's own literal default (what `Model.new` fills in:
 *   a technician's new record may carry `role: 'technician'`, not `'admin'`);
 * - `created_at` is refused in updates: the server stamps it on create and
 *   nothing changes it later (an upsert may carry it: it may be a create).
 * Returns the first violation (with its op index) or null.
 */
export function checkColumnRules<U extends ActingUser>(
  batch: Batch,
  policies: Policies<U>,
  user: U,
  models: Readonly<Record<string, ModelConfig>> = {},
): BatchRejection | null {
  const readOnlyMemo = new Map<string, ReadonlySet<string>>();
  const readOnlyOf = (table: string): ReadonlySet<string> => {
    let set = readOnlyMemo.get(table);
    if (set === undefined) {
      set = new Set(readOnlyColumns(policies, user, table));
      readOnlyMemo.set(table, set);
    }
    return set;
  };
  for (const [opIndex, op] of batch.ops.entries()) {
    if (op.op === 'log') continue;
    if (op.op === 'delete') continue;
    const at = {batchId: batch.id, opIndex, table: op.table};
    const readOnly = readOnlyOf(op.table);
    for (const column of Object.keys(op.value)) {
      if (readOnly.has(column) && !(op.op !== 'update' && isLiteralDefault(models[op.table], column, op.value[column]!))) {
        return {...at, code: 'read_only_column', column, message: `"${op.table}.${column}" is read-only for you`};
      }
      if (op.op === 'update' && (IMMUTABLE_AFTER_CREATE as readonly string[]).includes(column)) {
        return {...at, code: 'read_only_column', column, message: `"${op.table}.${column}" is set by the server on create and never changed`};
      }
    }
  }
  return null;
}

function readOnlyColumns<U extends ActingUser>(policies: Policies<U>, user: U, table: string): readonly string[] {
  const rule = Object.hasOwn(policies.tables, table) ? policies.tables[table]?.readOnly : undefined;
  if (rule === undefined) return [];
  if (typeof rule !== 'function') return rule;
  try {
    return rule(user);
  } catch (cause) {
    throw new InvalidPolicyError(table, `readOnly threw: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
  }
}

function isLiteralDefault(model: ModelConfig | undefined, column: string, value: JSONValue): boolean {
  const fallback = model?.columns[column]?.default;
  return fallback?.kind === 'literal' && JSON.stringify(fallback.value) === JSON.stringify(value);
}
