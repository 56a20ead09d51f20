import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp, type RowValue} from '../contract/batch.ts';
import {activityLogMutator} from './activity-log-mutator.ts';
import {changedColumns} from './changed-columns.ts';
import {lockingColumn} from '../contract/locking-column.ts';
import {runMutators} from './run-mutators.ts';
import type {WriteIntent} from '../contract/write-intent.ts';
import type {ModelMutator, MutatorContext, PendingActivityLog, WriteKind} from './mutator-context.ts';
import {timestampsMutator} from './timestamps-mutator.ts';
import {UnknownModelError} from '../errors/unknown-model-error.ts';
import {NotDiscardableError} from '../errors/not-discardable-error.ts';
import {RecordNotSavedError} from '../errors/record-not-saved-error.ts';

/** The default pipeline: timestamps first (the log sees them), then activity logging. */
export const DEFAULT_MUTATORS: readonly ModelMutator[] = [timestampsMutator, activityLogMutator];

/** What `createWritePipeline` needs: the models, the activity-log config, how to send a batch, and the mutators. */
export interface WritePipelineOptions<W> {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** Sends one batch (mutateBatch, or the outbox in front of it). */
  readonly send: (batch: Batch) => W;
  readonly mutators?: readonly ModelMutator[] | undefined;
  /** Generates ids (default `crypto.randomUUID`); tests pass a counter. */
  readonly uuid?: (() => string) | undefined;
  /** The clock for timestamps (default `Date.now`); the server replaces them with its own. */
  readonly now?: (() => number) | undefined;
}

/** Turns model writes into batches (the row op plus its activity log) and sends each with `send`. */
export interface WritePipeline<W> {
  /** INSERT the row (primary key generated when absent) and its `created` log, in one batch. */
  create(table: string, attributes: Readonly<Record<string, JSONValue>>, intent?: WriteIntent): {id: string; write: W};
  /**
   * UPDATE only the columns of `changes` that differ from `before` (never the
   * whole row, which would overwrite other users' concurrent edits), plus its
   * log. Returns null when nothing changed.
   */
  update(table: string, before: RowValue, changes: Readonly<Record<string, JSONValue>>, intent?: WriteIntent): W | null;
  /** DELETE the row; its `deleted` log goes first in the same batch, while the row is still there. */
  destroy(table: string, before: RowValue, intent?: WriteIntent): W;
  /** Soft delete (`discarded_at` = now) with a `discarded` log. */
  discard(table: string, before: RowValue): W | null;
  /** Undo a soft delete (`discarded_at` = null) with an `undiscarded` log. */
  undiscard(table: string, before: RowValue): W | null;
  /**
   * A log of a record that this batch does not write itself — the
   * `reordered` log of a list's parent, sent beside its items' position
   * updates (which log nothing each). Alone it is refused by the server.
   */
  log(table: string, id: string, entry: PendingActivityLog): W;
}

/**
 * Turns model writes into batches: runs the mutator pipeline over a
 * MutatorContext, then commits the parent op and the pending activity log
 * together with ONE `send` — so the log can never reach PostgreSQL without
 * (or before) its parent.
 */
export function createWritePipeline<W>(options: WritePipelineOptions<W>): WritePipeline<W> {
  const mutators = options.mutators ?? DEFAULT_MUTATORS;
  const uuid = options.uuid ?? (() => crypto.randomUUID());
  const clock = options.now ?? Date.now;

  const modelFor = (table: string): ModelConfig => {
    const model = options.models[table];
    if (model === undefined) throw new UnknownModelError(table, Object.keys(options.models));
    return model;
  };

  const run = (
    model: ModelConfig,
    operation: WriteKind,
    id: string,
    before: RowValue | null,
    attributes: Record<string, JSONValue>,
    intent?: WriteIntent,
  ): MutatorContext => {
    return runMutators(mutators, {model, operation, id, before, attributes, now: clock(), intent});
  };

  const logOp = (ctx: MutatorContext): BatchOp[] => {
    const log = ctx.pendingActivityLog;
    if (log === null) return [];
    const cfg = options.activityLog;
    const value: Record<string, JSONValue> = {
      [cfg.primaryKey]: uuid(),
      [cfg.actionColumn]: log.action,
      [cfg.metadataColumn]: log.metadata as JSONValue,
    };
    if (cfg.createdAtColumn) value[cfg.createdAtColumn] = ctx.now;
    if (cfg.updatedAtColumn) value[cfg.updatedAtColumn] = ctx.now;
    return [{op: 'log', table: cfg.table, value, loggable: {table: ctx.model.table, id: ctx.id}}];
  };

  const batch = (ctx: MutatorContext, ops: BatchOp[]): Batch => ({
    v: BATCH_FORMAT_VERSION,
    id: uuid(),
    ops,
    createdAt: ctx.now,
  });

  const updateLike = (table: string, before: RowValue, changes: Record<string, JSONValue>, operation: WriteKind, intent?: WriteIntent) => {
    const model = modelFor(table);
    const id = idOf(model, before);
    const lock = lockingColumn(model);
    const diff = changedColumns(before, changes);
    delete diff[model.primaryKey];
    if (lock !== null) delete diff[lock]; // the version is the pipeline's to bump, not the caller's to set
    if (Object.keys(diff).length === 0) return null;
    const ctx = run(model, operation, id, before, diff, intent);
    const value: Record<string, JSONValue> = {...ctx.attributes, [model.primaryKey]: id};
    let expected: RowValue | undefined;
    const version = lock === null ? undefined : before[lock];
    if (lock !== null && typeof version === 'number') {
      // Optimistic locking: the server applies this only if the row is still at
      // `version`, and bumps it; the device shows the bumped version at once, so
      // a second edit made before the first syncs is based on it.
      expected = {[lock]: version};
      value[lock] = version + 1;
    }
    const parent: BatchOp = expected === undefined ? {op: 'update', table, value} : {op: 'update', table, value, expected};
    return options.send(batch(ctx, [parent, ...logOp(ctx)]));
  };

  return {
    create(table, attributes, intent) {
      const model = modelFor(table);
      const given = attributes[model.primaryKey];
      const id = typeof given === 'string' && given !== '' ? given : uuid();
      const ctx = run(model, 'create', id, null, {...attributes, [model.primaryKey]: id}, intent);
      return {id, write: options.send(batch(ctx, [{op: 'insert', table, value: ctx.attributes}, ...logOp(ctx)]))};
    },
    update(table, before, changes, intent) {
      return updateLike(table, before, {...changes}, 'update', intent);
    },
    destroy(table, before, intent) {
      const model = modelFor(table);
      const id = idOf(model, before);
      const ctx = run(model, 'destroy', id, before, {}, intent);
      return options.send(batch(ctx, [...logOp(ctx), {op: 'delete', table, id: {[model.primaryKey]: id}}]));
    },
    discard(table, before) {
      const model = modelFor(table);
      const column = discardColumn(model);
      return updateLike(table, before, {[column]: clock()}, 'discard');
    },
    undiscard(table, before) {
      const model = modelFor(table);
      return updateLike(table, before, {[discardColumn(model)]: null}, 'undiscard');
    },
    log(table, id, entry) {
      const model = modelFor(table);
      const ctx: MutatorContext = {model, operation: 'update', id, before: null, attributes: {}, now: clock(), pendingActivityLog: entry};
      return options.send(batch(ctx, logOp(ctx)));
    },
  };
}

function idOf(model: ModelConfig, row: RowValue): string {
  const id = row[model.primaryKey];
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new RecordNotSavedError(model.className, model.primaryKey);
  }
  return String(id);
}

function discardColumn(model: ModelConfig): string {
  if (model.discardable === null) {
    throw new NotDiscardableError(model.className, 'discard');
  }
  return model.discardable.column;
}
