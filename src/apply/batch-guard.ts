import type {BatchRejection} from '../errors/batch-rejection.ts';
import {RejectionSignal} from './rejection-signal.ts';
import type {ActivityLogConfig, ColumnConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {Batch, RowValue} from '../contract/batch.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_TYPES = new Set(['integer', 'bigint', 'smallint', 'primary_key', 'serial', 'bigserial']);

/**
 * `guardBatch`, with a refusal turned into the caller's error type (Zero's
 * ApplicationError on both sides, so client and server report the same
 * structured details). Other failures pass through unchanged.
 */
export function guardBatchOrThrow(
  batch: Batch,
  models: Readonly<Record<string, ModelConfig>>,
  activityLog: ActivityLogConfig,
  toError: (rejection: BatchRejection) => Error,
): void {
  try {
    guardBatch(batch, models, activityLog);
  } catch (error) {
    if (error instanceof RejectionSignal) throw toError(error.rejection);
    throw error;
  }
}

/**
 * I7, the server decides: every op must name a generated table and its
 * columns, with values of the column's type. Runs before anything touches the
 * database, so a refused batch writes nothing.
 */
export function guardBatch(
  batch: Batch,
  models: Readonly<Record<string, ModelConfig>>,
  activityLog: ActivityLogConfig,
): void {
  batch.ops.forEach((op, opIndex) => {
    const reject = (r: Omit<BatchRejection, 'opIndex' | 'batchId'>): never => {
      throw new RejectionSignal({...r, opIndex, batchId: batch.id});
    };
    if (op.op === 'log') {
      const parent = models[op.loggable.table];
      if (parent === undefined) {
        reject({code: 'unknown_table', table: op.loggable.table, message: `no table "${op.loggable.table}" in the schema`});
      } else if (parent.loggable === null || parent.loggable.skip) {
        reject({code: 'invalid_batch', table: op.loggable.table, message: `table "${op.loggable.table}" is not loggable`});
      } else if (op.table !== activityLog.table) {
        reject({code: 'invalid_batch', table: op.table, message: `activity logs go to "${activityLog.table}"`});
      } else {
        checkPrimaryKeyValue(parent, op.loggable.id, reject);
      }
      checkRow(models[activityLog.table]!, op.value, reject);
      return;
    }
    const model = models[op.table];
    if (model === undefined) {
      return reject({code: 'unknown_table', table: op.table, message: `no table "${op.table}" in the schema`});
    }
    if (op.table === activityLog.table) {
      // The audit trail is written by the server alone: a client only sends `log` ops, which the server derives.
      return reject({
        code: 'forbidden',
        table: op.table,
        message: `"${op.table}" is the activity log: clients never write it directly; its rows come from each write's log`,
      });
    }
    const row = op.op === 'delete' ? op.id : op.value;
    if (row[model.primaryKey] === undefined) {
      reject({
        code: 'missing_primary_key',
        table: op.table,
        column: model.primaryKey,
        message: `${op.op} on "${op.table}" needs its primary key "${model.primaryKey}"`,
      });
    }
    if (op.op === 'delete') {
      for (const column of Object.keys(op.id)) {
        if (column !== model.primaryKey) {
          reject({code: 'unknown_column', table: op.table, column, message: `delete takes only the primary key "${model.primaryKey}"`});
        }
      }
    }
    checkRow(model, row, reject);
    if (op.op === 'update' && op.expected !== undefined) checkRow(model, op.expected, reject);
  });
}

function checkRow(
  model: ModelConfig,
  row: RowValue,
  reject: (r: Omit<BatchRejection, 'opIndex' | 'batchId'>) => never,
): void {
  for (const [name, value] of Object.entries(row)) {
    const column = model.columns[name];
    if (column === undefined) {
      reject({code: 'unknown_column', table: model.table, column: name, message: `no column "${name}" in "${model.table}"`});
    } else if (column.virtual) {
      reject({code: 'read_only_column', table: model.table, column: name, message: `"${model.table}.${name}" is computed by the database`});
    } else {
      const problem = valueProblem(column, value);
      if (problem !== null) {
        reject({code: 'invalid_value', table: model.table, column: name, message: `"${model.table}.${name}" ${problem}`});
      }
    }
  }
}

function checkPrimaryKeyValue(
  model: ModelConfig,
  id: string,
  reject: (r: Omit<BatchRejection, 'opIndex' | 'batchId'>) => never,
): void {
  const column = model.columns[model.primaryKey];
  const problem = column === undefined ? null : valueProblem(column, id);
  if (problem !== null) {
    reject({code: 'invalid_value', table: model.table, column: model.primaryKey, message: `loggable id ${problem}`});
  }
}

/** Null when `value` fits `column`, else what is wrong with it. */
export function valueProblem(column: ColumnConfig, value: JSONValue): string | null {
  if (value === null) return column.nullable ? null : 'cannot be null';
  if (column.array) return Array.isArray(value) ? null : 'must be an array';
  switch (column.zeroType) {
    case 'string': {
      if (typeof value !== 'string') return `must be a string, got ${describe(value)}`;
      if (column.pgType === 'uuid' && !UUID.test(value)) return 'must be a UUID';
      if (column.limit !== undefined && value.length > column.limit) {
        return `is longer than ${column.limit} characters`;
      }
      if (column.enumValues !== undefined && !column.enumValues.includes(value)) {
        return `must be one of ${column.enumValues.join(', ')}`;
      }
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${describe(value)}`;
      if (INTEGER_TYPES.has(column.railsType) && !Number.isInteger(value)) return 'must be an integer';
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be a boolean, got ${describe(value)}`;
    case 'json':
      return null;
  }
}

function describe(value: JSONValue): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
