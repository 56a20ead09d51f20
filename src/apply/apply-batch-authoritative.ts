import type {Batch, BatchOp, RowValue} from '../contract/batch.ts';
import {literalDefault} from '../contract/column-default.ts';
import {lockingColumn} from '../contract/locking-column.ts';
import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import {validateRecord} from '../contract/validate-record.ts';
import {normalizeAttributes} from '../contract/normalize-attributes.ts';
import type {BatchRejection} from '../errors/batch-rejection.ts';
import {changedColumns} from '../pipeline/changed-columns.ts';
import type {ModelMutator, WriteKind} from '../pipeline/mutator-context.ts';
import {runMutators} from '../pipeline/run-mutators.ts';
import {enrichLog, namesFrom} from './enrich-log.ts';
import {pairLogOps, refuseUnpairedLog, type DeviceLog} from './pair-log-ops.ts';
import {RejectionSignal} from './rejection-signal.ts';
import {resolveLogReferences, type ReadColumn} from './resolve-log-references.ts';
import type {TableWriters} from './table-writers.ts';
import type {TransactionReader} from './transaction-reader.ts';
import {uniquenessErrors} from './uniqueness-errors.ts';
import type {WriteCheck} from './write-check.ts';

export interface AuthoritativeApplyContext {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** The acting user, from the verified token (never from the payload). */
  readonly userID: string;
  /** The server's clock for this batch (epoch ms): every row and log timestamp of the batch. */
  readonly now: number;
  /** The model mutators the device runs too (`DEFAULT_MUTATORS`): the log is derived with the same code. */
  readonly mutators: readonly ModelMutator[];
  readonly reader: TransactionReader;
  /** Authorization and other per-write checks (policies). */
  readonly check?: WriteCheck | undefined;
  /** New log ids for writes whose batch carried no log op. */
  readonly uuid?: (() => string) | undefined;
  /** The acting user's display name when the caller has it already (the auth hook loaded the user): saves a read per log. */
  readonly actorName?: string | null | undefined;
  /**
   * Takes the derived logs of `deferred` models (LoggableConfig.mode) instead
   * of writing them in this transaction; the caller hands them to the batched
   * logger once the batch committed. Absent: every log is written here.
   */
  readonly deferLog?: ((row: RowValue) => void) | undefined;
}

/** Columns the server owns on every table that has them: the device's values are never taken. */
const SERVER_TIMESTAMPS = ['created_at', 'updated_at'] as const;

/**
 * Applies a batch on the server, inside its one PostgreSQL transaction, as
 * the authority (I7): nothing the device claims about the rows is taken on
 * trust.
 *
 * For each row op, in order:
 *   1. read the row's true values (`SELECT … FOR UPDATE`: a concurrent batch
 *      on the same row waits, so before values chain in commit order);
 *   2. work out what really changes against them (an update that changes
 *      nothing writes and logs nothing; a delete of a row already gone is a
 *      no-op) and which kind of write it is (create / update / discard /
 *      undiscard / destroy);
 *   3. optimistic locking: the version the update was based on
 *      (`expected.lock_version`) must still be the row's, else `stale_object`;
 *      the server bumps it;
 *   4. run the model mutators — the same ones the device ran — with the
 *      server's clock: Rails timestamps, and the activity log derived from the
 *      true before/after values;
 *   5. the generated validations on the row as it will be (uniqueness against
 *      the table), Rails-shaped field errors on failure (`record_invalid`);
 *   6. the write checks (policies);
 *   7. write the row and its log — the log keeps the id of the device's log
 *      op for that write (so the device's optimistic row is replaced in
 *      place) but nothing else of it; a write sent without a log op still gets
 *      one; the device's time is kept as `metadata.device_at`.
 *
 * Refusals throw RejectionSignal (the caller rolls back and reports it);
 * `onOpError` classifies other failures of op `index` (database errors).
 */
export async function applyBatchAuthoritative(
  writers: TableWriters,
  batch: Batch,
  ctx: AuthoritativeApplyContext,
  onOpError: (error: unknown, index: number, op: BatchOp, stage: 'row' | 'log') => unknown = (e) => e,
): Promise<void> {
  const logs = pairLogOps(batch, ctx.models, ctx.activityLog);
  const state: BatchState = {destroying: new Set(), reorders: new Map()};
  for (let index = 0; index < batch.ops.length; index++) {
    const op = batch.ops[index]!;
    if (op.op === 'log') continue; // written with its parent's write
    try {
      await applyRowOp(writers, batch, op, index, logs.paired.get(index), ctx, state);
    } catch (error) {
      if (error instanceof RejectionSignal) throw error;
      if (error instanceof LogStageFailure) throw onOpError(error.cause, index, op, 'log');
      throw onOpError(error, index, op, 'row');
    }
  }
  for (const reorder of state.reorders.values()) {
    const key = `${reorder.parent.table}\0${reorder.parentId}`;
    const waiting = logs.unpaired.get(key) ?? [];
    const index = waiting.findIndex((l) => l.action === 'reordered');
    const logId = (index >= 0 ? waiting.splice(index, 1)[0] : waiting.shift())?.id;
    if (waiting.length === 0) logs.unpaired.delete(key);
    try {
      await writeReorderLog(writers, reorder, logId, batch, ctx);
    } catch (error) {
      if (error instanceof RejectionSignal) throw error;
      throw onOpError(error, reorder.opIndex, batch.ops[reorder.opIndex]!, 'log');
    }
  }
  refuseUnpairedLog(batch, logs.unpaired, ctx.activityLog);
}

/** A failure while deriving or writing a log (not its row): reported with stage `log`. */
class LogStageFailure {
  readonly cause: unknown;
  constructor(cause: unknown) {
    this.cause = cause;
  }
}

/** What one batch's application remembers across its ops. */
interface BatchState {
  /** `table\0id` of rows whose destroy is in progress (a dependent cycle must not destroy them twice). */
  readonly destroying: Set<string>;
  /** Position changes of ordered-list items, per parent: ONE `reordered` log each, after the batch's ops. */
  readonly reorders: Map<string, Reorder>;
}

/** An ordered list's items moved within one parent by this batch. */
interface Reorder {
  readonly parent: ModelConfig;
  readonly parentId: string;
  /** The parent's association that holds the list (`tasks`). */
  readonly association: string | null;
  readonly items: ModelConfig;
  readonly moves: {readonly id: string; readonly name?: string; readonly from: JSONValue; readonly to: JSONValue}[];
  /** The first op that moved an item: blamed if the log fails. */
  readonly opIndex: number;
}

type RowOp = Exclude<BatchOp, {op: 'log'}>;

async function applyRowOp(
  writers: TableWriters,
  batch: Batch,
  op: RowOp,
  opIndex: number,
  deviceLog: DeviceLog | undefined,
  ctx: AuthoritativeApplyContext,
  state: BatchState,
  options: {readonly dependents: boolean} = {dependents: true},
): Promise<void> {
  const model = ctx.models[op.table]!; // the guard checked the table
  const pk = model.primaryKey;
  const reject = (r: Omit<BatchRejection, 'opIndex' | 'batchId' | 'table'>): never => {
    throw new RejectionSignal({...r, opIndex, table: op.table, batchId: batch.id});
  };
  const idValue = (op.op === 'delete' ? op.id : op.value)[pk]!;
  const id = String(idValue);

  const before = op.op === 'insert' ? undefined : await ctx.reader.lockRow(model, idValue);
  if (op.op === 'update' && before === undefined) {
    return reject({code: 'not_found', message: `no ${model.className} with ${pk} ${id}: it was deleted, or never synced to the server`});
  }
  if (op.op === 'delete' && before === undefined) return; // already gone: what the write wanted, nothing to log

  const lock = lockingColumn(model);
  const creating = before === undefined;
  // Rails `normalizes` on the server too: a device that skipped it (or an older client) stores the same value.
  const requested = op.op === 'delete' ? {} : normalizeAttributes(model, serverOwnedRemoved(model, op.value, lock));
  let kind: WriteKind;
  let attributes: Record<string, JSONValue>;
  if (op.op === 'delete') {
    kind = 'destroy';
    attributes = {};
  } else if (creating) {
    kind = 'create';
    attributes = {...requested, [pk]: idValue};
  } else {
    attributes = changedColumns(before, requested);
    delete attributes[pk];
    if (Object.keys(attributes).length === 0) return; // nothing really changes: nothing to write or log
    kind = discardKind(model, before, attributes) ?? 'update';
    // Rails' discard sets the column to Time.current: the server's, not the device's.
    if (kind === 'discard') attributes[model.discardable!.column] = ctx.now;
  }

  if (!creating && kind !== 'destroy' && lock !== null) {
    const expected = op.op === 'update' ? op.expected?.[lock] : undefined;
    const actual = before[lock];
    if (typeof expected === 'number' && typeof actual === 'number' && expected !== actual) {
      return reject({
        code: 'stale_object',
        column: lock,
        lockVersion: {expected, actual},
        message:
          `${model.className} ${id} changed since this edit was made (version ${expected}, now ${actual}). ` +
          'Keep yours (retry it based on the current version) or keep theirs (discard this edit).',
      });
    }
  }

  // What the device's log op named: the action counts only if the model declares it (the mutator checks), the note as text.
  const intent = deviceLog === undefined ? undefined : {action: deviceLog.action, note: deviceLog.note};
  const run = runMutators(ctx.mutators, {model, operation: kind, id, before: before ?? null, attributes, now: ctx.now, intent});
  const written: Record<string, JSONValue> = {...run.attributes};
  if (lock !== null && kind !== 'destroy' && !creating) written[lock] = Number(before[lock] ?? 0) + 1;

  const after = kind === 'destroy' ? null : {...(before ?? defaultsOf(model)), ...written};
  if (after !== null) {
    const result = validateRecord(model, after, creating ? 'create' : 'update', creating ? undefined : (before ?? undefined));
    const unique = await uniquenessErrors(model, after, creating ? null : idValue, ctx.reader, creating ? undefined : (before ?? undefined));
    const errors: Record<string, string[]> = {};
    for (const [attribute, messages] of Object.entries(result.errors)) errors[attribute] = [...messages];
    const fullMessages = [...result.fullMessages];
    for (const [attribute, messages] of Object.entries(unique.errors)) (errors[attribute] ??= []).push(...messages);
    fullMessages.push(...unique.fullMessages);
    if (fullMessages.length > 0) {
      return reject({code: 'record_invalid', errors, fullMessages, message: `${model.className} is invalid: ${fullMessages.join(', ')}`});
    }
  }

  const denial = await ctx.check?.({kind, model, id, before: before ?? null, after, columns: Object.keys(requested), opIndex});
  if (denial) return reject({code: denial.code, column: denial.column, message: denial.message});

  if (kind === 'destroy') {
    const key = `${model.table}\0${id}`;
    if (state.destroying.has(key)) return;
    state.destroying.add(key);
    if (options.dependents) await applyDependents(writers, batch, model, idValue, opIndex, ctx, state, reject);
  }

  const list = model.list;
  if (list !== undefined && kind === 'update' && run.pendingActivityLog === null && Object.keys(attributes).every((c) => c === list.column)) {
    noteReorder(state, ctx, model, id, before![list.column] ?? null, written[list.column] ?? null, after!, opIndex);
  }

  const table = writers[op.table]!;
  const pending = run.pendingActivityLog;
  if (kind === 'destroy') {
    // The log goes first, while the row (and what its references point at) is still there.
    if (pending !== null) {
      const read = readingRow(model, idValue, before!, ctx.reader.readColumn);
      await asLogStage(async () => writeLog(writers, model, id, true, pending, deviceLog?.id, batch, read, ctx));
    }
    await table.delete({[pk]: idValue});
    return;
  }
  const writeRow = () => (creating ? table.insert(written) : table.update({...written, [pk]: idValue}));
  if (pending === null) {
    await writeRow();
    return;
  }
  // The log is worked out before the row is written, and the write goes out
  // as soon as the log waits on the database: its first read (a name, a
  // reference through another row) then travels in the same round trip as the
  // write instead of one after it. The reads cannot depend on the write: the
  // row's own columns come from memory (readingRow), and the write changes no
  // other row.
  const reads = signalFirstRead(ctx.reader.readColumn);
  const logRow = buildLogRow(model, id, false, pending, deviceLog?.id, batch, readingRow(model, idValue, after!, reads.read), ctx);
  const settled = logRow.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([reads.first, settled]);
  // The log's write goes out as soon as its row is known, without waiting for
  // the row's write (the writers may pipeline them); the row's outcome is
  // still looked at first, so a failed row write is reported as the row's.
  const rowWritten = writeRow();
  const logWritten = asLogStage(async () => storeLog(writers, model, await logRow, ctx));
  logWritten.catch(() => {});
  await rowWritten;
  await logWritten;
}

/** Runs a log's derivation or write, its failures marked as the log's (stage `log`), not its row's. */
async function asLogStage(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof RejectionSignal || error instanceof LogStageFailure) throw error;
    throw new LogStageFailure(error);
  }
}

/**
 * `read`, and a promise that resolves once `read` was first called — after
 * the call, so that the read's statement is queued on the connection before
 * whatever the waiting caller sends next.
 */
function signalFirstRead(read: ReadColumn): {readonly read: ReadColumn; readonly first: Promise<void>} {
  let signal!: () => void;
  const first = new Promise<void>((resolve) => (signal = resolve));
  return {
    first,
    read: (table, primaryKey, key, column) => {
      const result = read(table, primaryKey, key, column);
      signal();
      return result;
    },
  };
}

/**
 * Rails' `dependent:` options of a record being destroyed, inside the same
 * transaction and before the record itself goes (as Rails runs them in
 * before_destroy): `destroy` destroys each child the same way (its own
 * dependents, checks and log), `delete_all` deletes each child with its log
 * but without going further down, `nullify` clears each child's key (an
 * update, logged), `restrict_with_error`/`restrict_with_exception` refuse the
 * batch while children exist. So a parent never disappears through a silent
 * database cascade that leaves no trace in the audit trail.
 */
async function applyDependents(
  writers: TableWriters,
  batch: Batch,
  model: ModelConfig,
  id: JSONValue,
  opIndex: number,
  ctx: AuthoritativeApplyContext,
  state: BatchState,
  reject: (r: Omit<BatchRejection, 'opIndex' | 'batchId' | 'table'>) => never,
): Promise<void> {
  for (const association of Object.values(model.associations)) {
    const {dependent, kind, through, table} = association;
    if (dependent === undefined || through !== undefined || table === undefined || (kind !== 'has_many' && kind !== 'has_one')) continue;
    const child = ctx.models[table];
    if (child === undefined) continue;
    const conditions: {column: string; value: JSONValue}[] = [{column: association.foreignKey, value: id}];
    if (association.as !== undefined) conditions.push({column: `${association.as}_type`, value: model.className});
    const children = await ctx.reader.lockMatching(child, conditions);
    if (children.length === 0) continue;
    switch (dependent) {
      case 'restrict_with_error':
      case 'restrict_with_exception': {
        const message = `Cannot delete record because dependent ${association.name.replaceAll('_', ' ')} exist`;
        return reject({code: 'record_invalid', errors: {base: [message]}, fullMessages: [message], message: `${model.className}: ${message}`});
      }
      case 'destroy':
      case 'destroy_async':
      case 'delete_all':
      case 'delete':
        for (const childId of children) {
          const op: RowOp = {op: 'delete', table, id: {[child.primaryKey]: childId}};
          await applyRowOp(writers, batch, op, opIndex, undefined, ctx, state, {dependents: dependent === 'destroy' || dependent === 'destroy_async'});
        }
        break;
      case 'nullify':
        for (const childId of children) {
          const value: Record<string, JSONValue> = {[child.primaryKey]: childId, [association.foreignKey]: null};
          if (association.as !== undefined) value[`${association.as}_type`] = null;
          await applyRowOp(writers, batch, {op: 'update', table, value}, opIndex, undefined, ctx, state);
        }
        break;
      default:
        break; // an option this version does not know: leave it to the database
    }
  }
}

/** Records an item's move for its parent's one `reordered` log. */
function noteReorder(
  state: BatchState,
  ctx: AuthoritativeApplyContext,
  items: ModelConfig,
  id: string,
  from: JSONValue,
  to: JSONValue,
  row: RowValue,
  opIndex: number,
): void {
  const scope = items.list?.scope[0];
  const toParent = Object.values(items.associations).find((a) => a.kind === 'belongs_to' && a.foreignKey === scope && a.table !== undefined);
  const parent = toParent?.table === undefined ? undefined : ctx.models[toParent.table];
  const parentId = scope === undefined ? null : row[scope];
  if (parent === undefined || parentId === null || parentId === undefined) return;
  const key = `${parent.table}\0${String(parentId)}`;
  let reorder = state.reorders.get(key);
  if (reorder === undefined) {
    const association = Object.values(parent.associations).find((a) => a.table === items.table && a.foreignKey === scope && a.kind !== 'belongs_to');
    reorder = {parent, parentId: String(parentId), association: association?.name ?? null, items, moves: [], opIndex};
    state.reorders.set(key, reorder);
  }
  const display = items.display;
  const name = display === undefined || display === null ? undefined : row[display];
  reorder.moves.push(name === undefined || name === null ? {id, from, to} : {id, name: String(name), from, to});
}

/**
 * The one log of a list reorder, on the parent (the items' own position
 * changes log nothing each): which items moved from where to where.
 */
async function writeReorderLog(writers: TableWriters, reorder: Reorder, logId: string | undefined, batch: Batch, ctx: AuthoritativeApplyContext): Promise<void> {
  const moves = [...reorder.moves].sort((a, b) => Number(a.to) - Number(b.to)).map((m) => ({...m}));
  const name = await namesFrom(ctx.models, ctx.reader.readColumn)(reorder.parent.table, reorder.parentId);
  const metadata: Record<string, JSONValue> = {association: reorder.association, moves};
  if (name !== null) metadata['name'] = name;
  const pending = {action: 'reordered', metadata};
  await writeLog(writers, reorder.parent, reorder.parentId, false, pending, logId, batch, ctx.reader.readColumn, ctx);
}

async function writeLog(
  writers: TableWriters,
  model: ModelConfig,
  id: string,
  deletesParent: boolean,
  pending: PendingLog,
  logId: string | undefined,
  batch: Batch,
  read: ReadColumn,
  ctx: AuthoritativeApplyContext,
): Promise<void> {
  await storeLog(writers, model, await buildLogRow(model, id, deletesParent, pending, logId, batch, read, ctx), ctx);
}

/** What the model mutators want logged for one write. */
type PendingLog = {readonly action: string; readonly metadata: Readonly<Record<string, JSONValue>>};

/** The log row of one write: references and names read in the transaction, the server's clock, the acting user. */
async function buildLogRow(
  model: ModelConfig,
  id: string,
  deletesParent: boolean,
  pending: PendingLog,
  logId: string | undefined,
  batch: Batch,
  read: ReadColumn,
  ctx: AuthoritativeApplyContext,
): Promise<Record<string, JSONValue>> {
  const log = ctx.activityLog;
  const references = await resolveLogReferences({table: model.table, id}, deletesParent, model, log.referenceColumns, ctx.models, read);
  const metadata = await enrichLog(pending.metadata, model, {table: log.userTable, id: ctx.userID, name: ctx.actorName}, namesFrom(ctx.models, read));
  const row: Record<string, JSONValue> = {
    [log.primaryKey]: logId ?? (ctx.uuid ?? (() => crypto.randomUUID()))(),
    [log.actionColumn]: pending.action,
    [log.metadataColumn]: {...metadata, device_at: batch.createdAt},
    ...references,
    [log.userColumn]: ctx.userID,
    [log.loggableTypeColumn]: model.className,
    [log.loggableIdColumn]: id,
  };
  if (log.createdAtColumn) row[log.createdAtColumn] = ctx.now;
  if (log.updatedAtColumn) row[log.updatedAtColumn] = ctx.now;
  return row;
}

/** Writes a log row in the transaction, or hands a deferred model's to `deferLog`. */
async function storeLog(writers: TableWriters, model: ModelConfig, row: Record<string, JSONValue>, ctx: AuthoritativeApplyContext): Promise<void> {
  if (model.loggable?.mode === 'deferred' && ctx.deferLog !== undefined) ctx.deferLog(row);
  else await writers[ctx.activityLog.table]!.insert(row);
}

/** The request's values without what the server owns: Rails timestamps and the lock version. */
function serverOwnedRemoved(model: ModelConfig, value: RowValue, lock: string | null): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {...value};
  for (const column of SERVER_TIMESTAMPS) if (Object.hasOwn(model.columns, column)) delete out[column];
  if (lock !== null) delete out[lock];
  return out;
}

/** A soft delete or its undo: the discard column going from null to a time, or back. */
function discardKind(model: ModelConfig, before: RowValue, changes: Readonly<Record<string, JSONValue>>): 'discard' | 'undiscard' | null {
  const column = model.discardable?.column;
  if (column === undefined || !Object.hasOwn(changes, column)) return null;
  const was = before[column] ?? null;
  const will = changes[column] ?? null;
  if (was === null && will !== null) return 'discard';
  if (was !== null && will === null) return 'undiscard';
  return null;
}

/** What a new row holds for the columns a create leaves out (the validations see Rails' model defaults). */
function defaultsOf(model: ModelConfig): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {};
  for (const [name, column] of Object.entries(model.columns)) out[name] = literalDefault(column);
  return out;
}

/** Reads the written row's own columns from memory (it is in this transaction already); others from the database. */
function readingRow(model: ModelConfig, id: JSONValue, row: RowValue, read: ReadColumn): ReadColumn {
  return async (table, primaryKey, key, column) => {
    if (table === model.table && key === id && Object.hasOwn(row, column)) return row[column];
    return read(table, primaryKey, key, column);
  };
}
