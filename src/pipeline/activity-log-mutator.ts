import type {JSONValue} from '../contract/model-config.ts';
import type {ModelMutator, MutatorContext} from './mutator-context.ts';
import {sameValue} from './same-value.ts';

/**
 * Decides the activity log of a write of a loggable model and stashes it in
 * `ctx.pendingActivityLog` — it never writes: the log travels in the same
 * batch as its parent (one Zero mutation, one PostgreSQL transaction).
 *
 * Actions: `created`, `updated`, `deleted`, `discarded`, `undiscarded`; an
 * update that changes exactly one tracked column with an entry in the model's
 * `loggable.actions` uses that action instead (`status` → `status_changed`).
 * Metadata: `changes` maps each tracked changed column to `[before, after]`;
 * deletes keep a snapshot of the tracked columns. Columns in
 * `loggable.excluded` are not tracked, and an update that changes only those
 * logs nothing.
 */
export const activityLogMutator: ModelMutator = (ctx) => {
  const config = ctx.model.loggable;
  if (config === null || config.skip) return;
  const excluded = new Set([...config.excluded, ctx.model.primaryKey]);
  const tracked = (column: string) => !excluded.has(column);

  switch (ctx.operation) {
    case 'create': {
      const changes: Record<string, JSONValue> = {};
      for (const [column, value] of Object.entries(ctx.attributes)) {
        if (tracked(column) && value !== null) changes[column] = [null, value];
      }
      ctx.pendingActivityLog = {action: 'created', metadata: {changes}};
      return;
    }
    case 'update': {
      const changes = changedColumns(ctx, tracked);
      const columns = Object.keys(changes);
      if (columns.length === 0) return;
      // Moving an item of an ordered list logs once, on its parent ("reordered"), not per item.
      const list = ctx.model.list;
      if (list !== undefined && columns.every((c) => c === list.column)) return;
      const mapped = columns.length === 1 ? config.actions[columns[0]!] : undefined;
      ctx.pendingActivityLog = {action: mapped ?? 'updated', metadata: {changes}};
      return;
    }
    case 'discard':
    case 'undiscard': {
      ctx.pendingActivityLog = {
        action: ctx.operation === 'discard' ? 'discarded' : 'undiscarded',
        metadata: {changes: changedColumns(ctx, () => true)},
      };
      return;
    }
    case 'destroy': {
      const snapshot: Record<string, JSONValue> = {};
      for (const [column, value] of Object.entries(ctx.before ?? {})) {
        if (tracked(column)) snapshot[column] = value;
      }
      ctx.pendingActivityLog = {action: 'deleted', metadata: {snapshot}};
      return;
    }
  }
};

function changedColumns(
  ctx: MutatorContext,
  tracked: (column: string) => boolean,
): Record<string, JSONValue> {
  const changes: Record<string, JSONValue> = {};
  for (const [column, after] of Object.entries(ctx.attributes)) {
    if (!tracked(column)) continue;
    const before = ctx.before?.[column] ?? null;
    if (!sameValue(before, after)) changes[column] = [before, after];
  }
  return changes;
}
