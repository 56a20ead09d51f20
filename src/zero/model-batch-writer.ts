import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {BatchedWrites, ModelWriter, RowWrites, ServerOutcome, WriteResult} from '../record/model-writer.ts';
import {createWritePipeline, type WritePipelineOptions} from '../pipeline/write-pipeline.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp, type RowValue} from '../contract/batch.ts';
import {MAX_BATCH_BYTES, MAX_OPS_PER_BATCH} from '../contract/batch-schema.ts';
import {TransactionTooLargeError} from '../errors/transaction-too-large-error.ts';
import type {BatchWrite} from '../sync/batch-write.ts';

export interface ModelBatchWriterOptions {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** Sends one batch: `zam.mutateBatch` (or the outbox in front of it). */
  readonly send: (batch: Batch) => BatchWrite;
  readonly mutators?: WritePipelineOptions<BatchWrite>['mutators'];
  readonly uuid?: (() => string) | undefined;
  readonly now?: (() => number) | undefined;
}

const NOTHING_CHANGED: ServerOutcome = {status: 'unchanged', batchId: null};

function noop(): void {}

/** How a writer delivers the batch the pipeline built for one write, and what the write's promises are. */
type Deliver = <T>(batch: Batch | null, value: T) => WriteResult<T>;

/**
 * The record layer's `ModelWriter` over the write pipeline
 * (`createWritePipeline`): each model write is ONE batch — the row plus its
 * activity log — sent with ONE `send`; `batch()` collects several writes'
 * ops into one batch instead (transactions, relation writes). Adapts the
 * shapes: the record layer wants the values actually written (id, timestamps,
 * lock version from the pipeline), which is the parent op of the batch the
 * pipeline just built.
 *
 * @example
 * const writer = createModelBatchWriter({models: MODELS, activityLog: ACTIVITY_LOG, send: b => zam.mutateBatch(b)});
 */
export function createModelBatchWriter(options: ModelBatchWriterOptions): ModelWriter {
  const uuid = options.uuid ?? (() => crypto.randomUUID());
  const sendNow: Deliver = (batch, value) => {
    if (batch === null) return {client: Promise.resolve(value), server: Promise.resolve(NOTHING_CHANGED)};
    const write = options.send(batch);
    return {
      client: write.client.then(() => value),
      server: write.server.then((outcome) => ({status: outcome.status, batchId: write.batchId})),
    };
  };
  return {
    ...rowWrites(options, sendNow),
    batch: () => collectingWrites(options, uuid, sendNow),
  };
}

/** Writes through the pipeline, each built batch handed to `deliver`. */
function rowWrites(options: ModelBatchWriterOptions, deliver: Deliver): RowWrites {
  let built: Batch | null = null;
  const pipeline = createWritePipeline<Batch>({
    models: options.models,
    activityLog: options.activityLog,
    mutators: options.mutators,
    uuid: options.uuid,
    now: options.now,
    send(batch) {
      built = batch;
      return batch;
    },
  });

  /** The batch `write()` built (synchronously) and its parent row's values. */
  const capture = (table: string, write: () => unknown): {batch: Batch | null; values: RowValue} => {
    built = null;
    write();
    const batch = built as Batch | null;
    built = null;
    const parent = batch?.ops.find((op: BatchOp) => (op.op === 'insert' || op.op === 'update') && op.table === table);
    return {batch, values: parent && 'value' in parent ? parent.value : {}};
  };
  const withoutKey = (config: ModelConfig, values: RowValue): RowValue => {
    const {[config.primaryKey]: _pk, ...written} = values;
    return written as RowValue;
  };
  const withKey = (config: ModelConfig, id: string | number, before: RowValue): RowValue => ({
    ...before,
    [config.primaryKey]: id as JSONValue,
  });

  return {
    create(config, attrs, intent) {
      const {batch, values} = capture(config.table, () => pipeline.create(config.table, attrs, intent));
      return deliver(batch, values);
    },
    update(config, id, changes, before, intent) {
      const {batch, values} = capture(config.table, () => pipeline.update(config.table, withKey(config, id, before), changes, intent));
      return deliver(batch, withoutKey(config, values));
    },
    destroy(config, id, before, intent) {
      const {batch} = capture(config.table, () => pipeline.destroy(config.table, withKey(config, id, before), intent));
      return deliver(batch, undefined);
    },
    discard(config, id, before) {
      const {batch, values} = capture(config.table, () => pipeline.discard(config.table, withKey(config, id, before)));
      return deliver(batch, withoutKey(config, values));
    },
    undiscard(config, id, before) {
      const {batch, values} = capture(config.table, () => pipeline.undiscard(config.table, withKey(config, id, before)));
      return deliver(batch, withoutKey(config, values));
    },
    log(config, id, entry) {
      const {batch} = capture(config.table, () => pipeline.log(config.table, String(id), entry));
      return deliver(batch, undefined);
    },
  };
}

/**
 * Writes collected into one batch: the pipeline builds each write's ops as
 * usual (row + log), they are concatenated in order, and `commit` sends them
 * as ONE batch. Refused up front when the batch would exceed a batch's limits
 * (the server would refuse it; better to say so before anything is stored).
 */
function collectingWrites(options: ModelBatchWriterOptions, uuid: () => string, sendNow: Deliver): BatchedWrites {
  const collected: Batch[] = [];
  let settle: {resolve: (o: ServerOutcome) => void; reject: (e: unknown) => void} = {resolve: noop, reject: noop};
  const server = new Promise<ServerOutcome>((resolve, reject) => (settle = {resolve, reject}));
  server.catch(noop);
  let closed = false;
  const collect: Deliver = (batch, value) => {
    if (closed) throw new Error('this batch was already committed or rolled back');
    if (batch !== null) collected.push(batch);
    return {client: Promise.resolve(value), server};
  };
  return {
    ...rowWrites(options, collect),
    get size() {
      return collected.length;
    },
    commit() {
      closed = true;
      const ops = collected.flatMap((b) => b.ops);
      if (ops.length === 0) {
        settle.resolve(NOTHING_CHANGED);
        return {client: Promise.resolve(), server: Promise.resolve(NOTHING_CHANGED)};
      }
      const batch: Batch = {v: BATCH_FORMAT_VERSION, id: uuid(), ops, createdAt: collected[0]!.createdAt};
      const bytes = JSON.stringify(batch).length;
      if (ops.length > MAX_OPS_PER_BATCH || bytes > MAX_BATCH_BYTES) {
        const error = new TransactionTooLargeError(ops.length, bytes, MAX_OPS_PER_BATCH, MAX_BATCH_BYTES);
        settle.reject(error);
        throw error;
      }
      const result = sendNow(batch, undefined);
      result.server.then(settle.resolve, settle.reject);
      return result;
    },
    rollback(reason) {
      closed = true;
      collected.length = 0;
      settle.reject(reason);
    },
    adoptLogId(loggable, logId) {
      const key = options.activityLog.primaryKey;
      for (let b = collected.length - 1; b >= 0; b--) {
        const batch = collected[b]!;
        const index = batch.ops.findLastIndex((op) => op.op === 'log' && op.loggable.table === loggable.table && op.loggable.id === loggable.id);
        if (index < 0) continue;
        if (logId === null) return true;
        const op = batch.ops[index] as Extract<BatchOp, {op: 'log'}>;
        const ops = [...batch.ops];
        ops[index] = {...op, value: {...op.value, [key]: logId}};
        collected[b] = {...batch, ops};
        return true;
      }
      return false;
    },
  };
}
