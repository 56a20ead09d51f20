import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {ModelWriter, ServerOutcome, WriteResult} from '../record/model-writer.ts';
import {createWritePipeline, type WritePipelineOptions} from '../pipeline/write-pipeline.ts';
import type {Batch, BatchOp, RowValue} from '../contract/batch.ts';
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

/**
 * The record layer's `ModelWriter` over the mutator pipeline
 * (`createWritePipeline`): each model write is ONE batch — the row plus its
 * activity log — sent with ONE `send`. Adapts the shapes: the record layer
 * wants the values actually written (id, timestamps from the pipeline) when
 * the batch is applied locally, which is the parent op of the batch the
 * pipeline just built, captured as it is sent.
 *
 * @example
 * const writer = createModelBatchWriter({models: MODELS, activityLog: ACTIVITY_LOG, send: b => zam.mutateBatch(b)});
 */
export function createModelBatchWriter(options: ModelBatchWriterOptions): ModelWriter {
  let sent: Batch | null = null;
  const pipeline = createWritePipeline<BatchWrite>({
    models: options.models,
    activityLog: options.activityLog,
    mutators: options.mutators,
    uuid: options.uuid,
    now: options.now,
    send(batch) {
      sent = batch;
      return options.send(batch);
    },
  });

  /** The parent row values of the batch `write()` sent (synchronously). */
  const capture = <W>(table: string, write: () => W): {result: W; values: RowValue} => {
    sent = null;
    const result = write();
    const batch = sent as Batch | null;
    sent = null;
    const parent = batch?.ops.find((op: BatchOp) => (op.op === 'insert' || op.op === 'update') && op.table === table);
    return {result, values: parent && 'value' in parent ? parent.value : {}};
  };

  const result = <T>(write: BatchWrite | null, value: T): WriteResult<T> => {
    if (write === null) return {client: Promise.resolve(value), server: Promise.resolve(NOTHING_CHANGED)};
    return {
      client: write.client.then(() => value),
      server: write.server.then(outcome => ({status: outcome.status, batchId: write.batchId})),
    };
  };

  const withKey = (config: ModelConfig, id: string | number, before: RowValue): RowValue => ({
    ...before,
    [config.primaryKey]: id as JSONValue,
  });

  return {
    create(config, attrs) {
      const {result: created, values} = capture(config.table, () => pipeline.create(config.table, attrs));
      return result(created.write, values);
    },
    update(config, id, changes, before) {
      const {result: write, values} = capture(config.table, () => pipeline.update(config.table, withKey(config, id, before), changes));
      const {[config.primaryKey]: _pk, ...written} = values;
      return result(write, written as RowValue);
    },
    destroy(config, id, before) {
      return result(pipeline.destroy(config.table, withKey(config, id, before)), undefined);
    },
    discard(config, id, before) {
      const {result: write, values} = capture(config.table, () => pipeline.discard(config.table, withKey(config, id, before)));
      const {[config.primaryKey]: _pk, ...written} = values;
      return result(write, written as RowValue);
    },
    undiscard(config, id, before) {
      const {result: write, values} = capture(config.table, () => pipeline.undiscard(config.table, withKey(config, id, before)));
      const {[config.primaryKey]: _pk, ...written} = values;
      return result(write, written as RowValue);
    },
  };
}
