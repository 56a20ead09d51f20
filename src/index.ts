// Public entry point (plain JS flavour). Re-exports by name only; internal code
// never imports this file.
export {ZamError, isZamError} from './errors/zam-error.ts';
export {BatchRejectedError, isBatchRejectedError} from './errors/batch-rejected-error.ts';
export type {BatchRejection, BatchRejectionCode} from './errors/batch-rejected-error.ts';
export {BatchOutcomeUnknownError, isBatchOutcomeUnknownError} from './errors/batch-outcome-unknown-error.ts';
export {BATCH_FORMAT_VERSION} from './sync/batch.ts';
export type {Batch, BatchOp, DeleteOp, InsertOp, LogOp, RowValue, UpdateOp, UpsertOp} from './sync/batch.ts';
export type {BatchWrite, ServerOutcome} from './sync/mutate-batch-result.ts';
export {createModelWriter, DEFAULT_MUTATORS} from './mutators/model-writer.ts';
export type {ModelWriter as BatchModelWriter, ModelWriterOptions} from './mutators/model-writer.ts';
export type {ModelMutator, MutatorContext, PendingActivityLog, WriteOperation} from './mutators/mutator-context.ts';
export {activityLogMutator} from './mutators/activity-log-mutator.ts';
export {timestampsMutator} from './mutators/timestamps-mutator.ts';
export {UnknownModelError} from './mutators/unknown-model-error.ts';
export {createZamClient} from './zero/zam-client.ts';
export type {ZamClient, ZamClientOptions} from './zero/zam-client.ts';
export {MODEL_CONFIG_VERSION} from './record/model-config.ts';
export type {
  ActivityLogConfig,
  AssociationConfig,
  AssociationKind,
  ColumnConfig,
  ConditionOperator,
  EnumConfig,
  JSONValue,
  LoggableConfig,
  ModelConfig,
  ReferencePath,
  ScopeCondition,
  ScopeConfig,
  ScopeStep,
  ScopeValue,
  ValidationConfig,
  ValidationKind,
  ZeroColumnType,
} from './record/model-config.ts';
