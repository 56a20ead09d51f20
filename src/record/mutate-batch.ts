import type {RowValue} from '../contract/batch.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import {QUERY_SPEC_VERSION} from '../contract/query-spec.ts';
import {modelsByTable} from '../contract/validate-query-spec.ts';
import {ConnectionNotEstablishedError} from '../errors/connection-not-established-error.ts';
import {LogWithoutWriteError} from '../errors/log-without-write-error.ts';
import {UnknownModelError} from '../errors/unknown-model-error.ts';
import {currentConnection} from './establish-connection.ts';
import {ModelCore, type ModelDeps} from './model-core.ts';
import {transaction} from './transaction.ts';
import {openTransaction} from './transaction-scope.ts';
import type {WriteOperation} from './write-operation.ts';

/** One table's writes in the `mutateBatch` call shape; each is recorded into the batch, in call order. */
export interface TableRecorder {
  /** A create: validated and logged like `Model.create(row)`. */
  insert(row: RowValue): Promise<void>;
  /** An update of the row with this primary key: only the columns given; validated and logged like `record.update(…)`. */
  update(row: RowValue): Promise<void>;
  /** Update when the row exists on the device, else insert. */
  upsert(row: RowValue): Promise<void>;
  /** A destroy of the row with this primary key (nothing when it is not there). */
  delete(id: RowValue): Promise<void>;
}

/** `tx.<table>` for every model table. */
export type BatchRecorder = Readonly<Record<string, TableRecorder>>;

type Rec = Record<string, unknown>;

/**
 * The seed design's call shape for a multi-row write: the calls are recorded
 * into ONE batch, exactly as the equivalent model writes would be (same
 * validations, same pipeline, each row with its log) — it is a
 * `transaction()` with a table-level API. An `activity_logs` insert becomes
 * the log of the write of its record in the same batch (keeping its id; the
 * server derives the content anyway); one for a record not written there is
 * an error, as the server would refuse it.
 *
 * @example
 * await mutateBatch(async (tx) => {
 *   await tx.jobs.insert({id: jobId, client_id, title: 'Fix boiler'});
 *   await tx.tasks.insert({id: taskId, job_id: jobId, title: 'Drain'});
 *   await tx.activity_logs.insert({id: logId, action: 'created', loggable_type: 'Job', loggable_id: jobId});
 * }).server;
 */
export function mutateBatch(fn: (tx: BatchRecorder) => Promise<void> | void, deps?: ModelDeps): WriteOperation<void> {
  const connection = deps ?? currentConnection();
  if (connection === null) throw new ConnectionNotEstablishedError('mutateBatch');
  const models = modelsByTable(connection.models ?? []);
  const cores = new Map<string, ModelCore<object, unknown>>();
  const coreFor = (table: string): ModelCore<object, unknown> => {
    const config = models.get(table);
    if (config === undefined) throw new UnknownModelError(table, [...models.keys()]);
    let core = cores.get(table);
    if (core === undefined) cores.set(table, (core = new ModelCore<object, unknown>(config, connection)));
    return core;
  };
  /** The row as the device has it now, or undefined. */
  const current = async (config: ModelConfig, key: RowValue): Promise<Rec | undefined> => {
    const id = key[config.primaryKey];
    if (id === undefined || id === null || typeof id === 'object') throw new TypeError(`${config.className}: a write needs its primary key "${config.primaryKey}"`);
    const [row] = await connection.source.run({
      v: QUERY_SPEC_VERSION,
      table: config.table,
      where: [{type: 'simple', column: config.primaryKey, op: '=', value: id}],
      orderBy: [],
      limit: 1,
      offset: 0,
      includes: [],
    });
    return row === undefined ? undefined : (coreFor(config.table).wrap(row) as Rec);
  };
  const changesOf = (config: ModelConfig, row: RowValue): Rec => {
    const {[config.primaryKey]: _pk, ...changes} = row;
    return changes;
  };
  const log = connection.activityLog;

  const recorder: Record<string, TableRecorder> = {};
  for (const [table, config] of models) {
    const core = coreFor(table);
    const insert = async (row: RowValue) => {
      await core.insert(core.build(row) as Rec);
    };
    const update = async (row: RowValue, before: Rec | undefined) => {
      if (before === undefined) throw new TypeError(`${config.className} ${String(row[config.primaryKey])} is not on this device: nothing to update`);
      await core.change(before, changesOf(config, row));
    };
    recorder[table] = {
      insert: log !== undefined && table === log.table ? (row) => adoptLog(row) : insert,
      update: async (row) => update(row, await current(config, row)),
      upsert: async (row) => {
        const before = await current(config, row);
        if (before === undefined) await insert(row);
        else await update(row, before);
      },
      delete: async (id) => {
        const before = await current(config, id);
        if (before !== undefined) await core.remove(before);
      },
    };
  }

  /** A log row: it names its record; that record's write in this batch gets the log's id. */
  const adoptLog = async (row: RowValue): Promise<void> => {
    const cfg = log!;
    const type = row[cfg.loggableTypeColumn];
    const id = row[cfg.loggableIdColumn];
    const logId = row[cfg.primaryKey];
    const target = [...models.values()].find((m) => m.className === type);
    if (target === undefined || typeof id !== 'string') throw new LogWithoutWriteError(String(type), String(id));
    const writes = openTransaction()?.writes;
    // Without an id to keep, the write's own log stands; either way the log must have its write.
    const found = writes?.adoptLogId?.({table: target.table, id}, typeof logId === 'string' ? logId : null) ?? false;
    if (!found) throw new LogWithoutWriteError(target.table, id);
  };

  return transaction(() => fn(recorder), connection.writer);
}
