import type {RowValue} from '../contract/batch.ts';
import type {JSONValue, LoggableConfig} from '../contract/model-config.ts';
import type {ModelMutator, MutatorContext} from './mutator-context.ts';
import {sameValue} from './same-value.ts';

/** Which action wins when one write changes several mapped columns (a model's `priority` replaces it). */
export const DEFAULT_ACTION_PRIORITY: readonly string[] = ['status_changed', 'assigned', 'unassigned', 'moved', 'renamed'];

/**
 * Decides the activity log of a write of a loggable model and stashes it in
 * `ctx.pendingActivityLog` — it never writes: the log travels in the same
 * batch as its parent (one Zero mutation, one PostgreSQL transaction). The
 * device runs it to show the log at once; the server runs it again on the
 * true rows and its log is the one kept.
 *
 * Actions: `created`, `updated`, `deleted`, `discarded`, `undiscarded`; an
 * update takes the highest-priority action its changes map to — a column in
 * `loggable.actions` (`status` → `status_changed`, `title` → `renamed`), a
 * `user` reference (`assigned` / `unassigned`), a `parent` reference
 * (`moved`) — by `loggable.priority` (default `DEFAULT_ACTION_PRIORITY`), and
 * a declared custom action the write names (`intent.action`) beats them all.
 * Metadata: `changes` maps each tracked changed column to `[before, after]`
 * (all of them, whatever the action); deletes keep a `snapshot`; `name` is the
 * record's display name at the time (`model.display`); `note` the write's note.
 * Columns in `loggable.excluded` are not tracked; an update that changes only
 * those logs nothing, and so does a position-only move of an ordered list's
 * item (its parent gets one `reordered` log instead).
 */
export const activityLogMutator: ModelMutator = (ctx) => {
  const config = ctx.model.loggable;
  if (config === null || config.skip) return;
  const excluded = new Set([...config.excluded, ctx.model.primaryKey]);
  const tracked = (column: string) => !excluded.has(column);
  const after: RowValue = {...(ctx.before ?? {}), ...ctx.attributes};
  const extra = describing(ctx, ctx.operation === 'destroy' ? (ctx.before ?? {}) : after);

  switch (ctx.operation) {
    case 'create': {
      const changes: Record<string, JSONValue> = {};
      for (const [column, value] of Object.entries(ctx.attributes)) {
        if (tracked(column) && value !== null) changes[column] = [null, value];
      }
      ctx.pendingActivityLog = {action: customAction(ctx, config) ?? 'created', metadata: {changes, ...extra}};
      return;
    }
    case 'update': {
      const changes = changedColumns(ctx, tracked);
      const columns = Object.keys(changes);
      if (columns.length === 0) return;
      // Moving an item of an ordered list logs once, on its parent ("reordered"), not per item.
      const list = ctx.model.list;
      if (list !== undefined && columns.every((c) => c === list.column) && customAction(ctx, config) === undefined) return;
      ctx.pendingActivityLog = {action: customAction(ctx, config) ?? updateAction(config, changes), metadata: {changes, ...extra}};
      return;
    }
    case 'discard':
    case 'undiscard': {
      ctx.pendingActivityLog = {
        action: customAction(ctx, config) ?? (ctx.operation === 'discard' ? 'discarded' : 'undiscarded'),
        metadata: {changes: changedColumns(ctx, () => true), ...extra},
      };
      return;
    }
    case 'destroy': {
      const snapshot: Record<string, JSONValue> = {};
      for (const [column, value] of Object.entries(ctx.before ?? {})) {
        if (tracked(column)) snapshot[column] = value;
      }
      ctx.pendingActivityLog = {action: customAction(ctx, config) ?? 'deleted', metadata: {snapshot, ...extra}};
      return;
    }
  }
};

/** The action an update's changes map to, by priority; `updated` when none does. */
function updateAction(config: LoggableConfig, changes: Readonly<Record<string, JSONValue>>): string {
  const candidates: string[] = [];
  for (const [column, change] of Object.entries(changes)) {
    const mapped = config.actions[column];
    if (mapped !== undefined) candidates.push(mapped);
    const reference = config.belongsTo?.[column];
    if (reference === undefined) continue;
    const to = Array.isArray(change) ? change[1] : null;
    candidates.push(reference.role === 'user' ? (to === null ? 'unassigned' : 'assigned') : 'moved');
  }
  if (candidates.length === 0) return 'updated';
  const priority = config.priority ?? DEFAULT_ACTION_PRIORITY;
  const rank = (action: string) => {
    const i = priority.indexOf(action);
    return i === -1 ? priority.length : i;
  };
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0]!;
}

/** The write's custom action when the model declares it (the model layer refuses undeclared ones before this). */
function customAction(ctx: MutatorContext, config: LoggableConfig): string | undefined {
  const action = ctx.intent?.action;
  return action !== undefined && config.customActions?.includes(action) === true ? action : undefined;
}

/** The record's display name (as the row is after the write, or was before a destroy) and the write's note. */
function describing(ctx: MutatorContext, row: RowValue): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {};
  const display = ctx.model.display;
  const name = display === undefined || display === null ? undefined : row[display];
  if (name !== undefined && name !== null) out['name'] = typeof name === 'string' ? name : JSON.stringify(name);
  if (typeof ctx.intent?.note === 'string' && ctx.intent.note !== '') out['note'] = ctx.intent.note;
  return out;
}

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
