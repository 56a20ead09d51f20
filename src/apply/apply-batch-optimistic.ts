import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {Batch, BatchOp} from '../contract/batch.ts';
import {enrichLog, namesFrom} from './enrich-log.ts';
import {resolveLogReferences, type ReadColumn} from './resolve-log-references.ts';

import type {TableWriter, TableWriters} from './table-writers.ts';

export interface OptimisticApplyContext {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** The acting user, from the session (the server sets its own from the token). */
  readonly userID: string;
  readonly read: ReadColumn;
  /** Primary keys of the local rows of `table` whose `column` is `value` (the children `dependent:` acts on). */
  readonly matching?: ((table: string, column: string, value: JSONValue) => Promise<readonly JSONValue[]>) | undefined;
}

/**
 * Applies a batch's ops in order through Zero's client transaction: the
 * optimistic run, so every read shows the batch at once. The ops are taken as
 * sent — log ops included, as the device's pipeline computed them — with log
 * references read in the local store and missing Rails timestamps filled from
 * the batch's own `createdAt` (never `Date.now()`: a client mutator must be
 * deterministic because Zero re-runs it on rebase). The server does not trust
 * any of that: `applyBatchAuthoritative` derives the rows and logs again from
 * PostgreSQL, and its rows replace these (same primary keys) when they sync.
 *
 * `onOpError` turns a failure of op `index` into the error to throw.
 */
export async function applyBatchOptimistic(
  writers: TableWriters,
  batch: Batch,
  ctx: OptimisticApplyContext,
  onOpError: (error: unknown, index: number, op: BatchOp) => unknown = (e) => e,
): Promise<void> {
  for (let index = 0; index < batch.ops.length; index++) {
    const op = batch.ops[index]!;
    try {
      await applyOp(writers, op, batch, ctx);
    } catch (error) {
      throw onOpError(error, index, op);
    }
  }
}

async function applyOp(
  writers: TableWriters,
  op: BatchOp,
  batch: Batch,
  ctx: OptimisticApplyContext,
): Promise<void> {
  const log = ctx.activityLog;
  if (op.op === 'log') {
    const model = ctx.models[op.loggable.table];
    if (model === undefined) throw new Error(`unknown loggable table ${op.loggable.table}`);
    const deletesParent = batch.ops.some(
      (o) => o.op === 'delete' && o.table === op.loggable.table && o.id[model.primaryKey] === op.loggable.id,
    );
    const references = await resolveLogReferences(
      op.loggable,
      deletesParent,
      model,
      log.referenceColumns,
      ctx.models,
      readThroughBatch(batch, op, ctx.read),
    );
    const read = readThroughBatch(batch, op, ctx.read);
    const metadata = op.value[log.metadataColumn];
    const enriched =
      metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
        ? await enrichLog(metadata as Record<string, JSONValue>, model, {table: log.userTable, id: ctx.userID}, namesFrom(ctx.models, read))
        : metadata;
    const value: Record<string, JSONValue> = {
      ...op.value,
      ...(enriched === undefined ? {} : {[log.metadataColumn]: enriched}),
      ...references,
      [log.userColumn]: ctx.userID,
      [log.loggableTypeColumn]: model.className,
      [log.loggableIdColumn]: op.loggable.id,
    };
    await writer(writers, log.table).insert(withTimestamps(value, ctx.models[log.table], batch, 'insert'));
    return;
  }
  const model = ctx.models[op.table];
  const table = writer(writers, op.table);
  if (op.op === 'delete') {
    if (model !== undefined) await removeDependents(writers, model, op.id[model.primaryKey] ?? null, ctx, new Set());
    await table.delete(op.id);
    return;
  }
  let value: Record<string, JSONValue> = {...op.value};
  // I7: whoever writes an activity log row directly, its user is the acting user.
  if (op.table === log.table) value[log.userColumn] = ctx.userID;
  value = withTimestamps(value, model, batch, op.op);
  if (op.op === 'insert') await table.insert(value);
  else if (op.op === 'upsert') await table.upsert(value);
  else await table.update(value);
}

/**
 * The device's side of `dependent: :destroy / :delete_all / :nullify`: the
 * children it has are removed (or unlinked) at once, so the UI does not show
 * orphans until the server's answer arrives. The server does it again, as
 * the authority, with every child's log (`applyBatchAuthoritative`); restrict
 * options are its alone (the device may not have every child).
 */
async function removeDependents(
  writers: TableWriters,
  model: ModelConfig,
  id: JSONValue,
  ctx: OptimisticApplyContext,
  seen: Set<string>,
): Promise<void> {
  if (ctx.matching === undefined || id === null || seen.has(`${model.table}\0${String(id)}`)) return;
  seen.add(`${model.table}\0${String(id)}`);
  for (const association of Object.values(model.associations)) {
    const {dependent, kind, through, table, as} = association;
    if (dependent === undefined || through !== undefined || table === undefined || as !== undefined || (kind !== 'has_many' && kind !== 'has_one')) continue;
    const child = ctx.models[table];
    if (child === undefined) continue;
    for (const childId of await ctx.matching(table, association.foreignKey, id)) {
      if (dependent === 'nullify') {
        await writer(writers, table).update({[child.primaryKey]: childId, [association.foreignKey]: null});
      } else if (dependent === 'destroy' || dependent === 'destroy_async' || dependent === 'delete_all' || dependent === 'delete') {
        if (dependent === 'destroy' || dependent === 'destroy_async') await removeDependents(writers, child, childId, ctx, seen);
        await writer(writers, table).delete({[child.primaryKey]: childId});
      }
    }
  }
}

/**
 * Reads a column from the batch's own earlier ops when one of them wrote it
 * (a job created in this batch knows its client_id) and from the transaction
 * otherwise. Same answer either way — the earlier op IS what the row holds —
 * but it saves the server a round trip per log in the common create case.
 */
function readThroughBatch(batch: Batch, logOp: BatchOp, read: ReadColumn): ReadColumn {
  const before = batch.ops.slice(0, batch.ops.indexOf(logOp));
  return async (table, primaryKey, id, column) => {
    for (let i = before.length - 1; i >= 0; i--) {
      const op = before[i]!;
      if (op.op === 'log' || op.table !== table) continue;
      const row = op.op === 'delete' ? op.id : op.value;
      if (row[primaryKey] !== id) continue;
      if (op.op === 'delete') return undefined;
      if (column in op.value) return op.value[column];
      break; // written without that column (default, or untouched by an update): ask the store
    }
    return await read(table, primaryKey, id, column);
  };
}

function writer(writers: TableWriters, table: string): TableWriter {
  const w = writers[table];
  if (w === undefined) throw new Error(`table ${table} is not in the Zero schema`);
  return w;
}

/** Rails fills created_at/updated_at; so do we, when the op leaves them out. */
function withTimestamps(
  value: Record<string, JSONValue>,
  model: ModelConfig | undefined,
  batch: Batch,
  kind: 'insert' | 'upsert' | 'update',
): Record<string, JSONValue> {
  if (model === undefined) return value;
  const columns = model.columns;
  if (kind === 'insert' && 'created_at' in columns && value.created_at === undefined) {
    value.created_at = batch.createdAt;
  }
  if ('updated_at' in columns && value.updated_at === undefined) {
    value.updated_at = batch.createdAt;
  }
  return value;
}
