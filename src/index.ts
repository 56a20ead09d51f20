// Public entry point (plain JS flavour). Re-exports by name only; internal code
// never imports this file.
export {ZamError, isZamError} from './errors/zam-error.ts';
export {BatchRejectedError, isBatchRejectedError} from './errors/batch-rejected-error.ts';
export type {BatchRejection, BatchRejectionCode} from './errors/batch-rejected-error.ts';
export {BatchOutcomeUnknownError, isBatchOutcomeUnknownError} from './errors/batch-outcome-unknown-error.ts';
export {BATCH_FORMAT_VERSION} from './contract/batch.ts';
export type {Batch, BatchOp, DeleteOp, InsertOp, LogOp, RowValue, UpdateOp, UpsertOp} from './contract/batch.ts';
export type {BatchWrite, ServerOutcome} from './sync/mutate-batch-result.ts';
export type {DeadLetterRecord, OutboxRecord} from './sync/outbox/outbox-record.ts';
export type {SyncStatusSnapshot} from './sync/status/sync-status.ts';
export {createModelWriter, DEFAULT_MUTATORS} from './pipeline/write-pipeline.ts';
export type {ModelWriter as BatchModelWriter, ModelWriterOptions} from './pipeline/write-pipeline.ts';
export type {ModelMutator, MutatorContext, PendingActivityLog, WriteOperation} from './pipeline/mutator-context.ts';
export {activityLogMutator} from './pipeline/activity-log-mutator.ts';
export {timestampsMutator} from './pipeline/timestamps-mutator.ts';
export {UnknownModelError} from './errors/unknown-model-error.ts';
export {createZamClient} from './zero/zam-client.ts';
export type {ZamClient, ZamClientOptions} from './zero/zam-client.ts';
export {MODEL_CONFIG_VERSION} from './contract/model-config.ts';
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
} from './contract/model-config.ts';
// ---- models (ActiveRecord flavour) ----
export {createActiveModel} from './record/create-active-model.ts';
export type {ActiveModel, ActiveRelation} from './record/create-active-model.ts';
export {establishConnection, removeConnection, currentConnection} from './record/establish-connection.ts';
export type {ModelDeps} from './record/model-core.ts';
export type {ModelDataSource, SpecView, SpecViewListener, ResultType} from './record/model-data-source.ts';
export type {ModelWriter, WriteResult, WriteOperation as ModelWriteOperation, ServerOutcome as ModelServerOutcome} from './record/model-writer.ts';
export type {ModelRecord, RecordMethods, Writable} from './record/model-record.ts';
export type {ModelStatics} from './record/model-statics.ts';
export {Relation} from './record/relation.ts';
export type {SubscribeInfo} from './record/relation.ts';
export type {WhereConditions} from './record/model-types.ts';
export {QUERY_SPEC_VERSION, SPEC_OPERATORS} from './contract/query-spec.ts';
export type {QuerySpec, SpecCondition, SpecOperator} from './contract/query-spec.ts';
export {validateRecord} from './record/validate-record.ts';
export type {ValidationResult} from './record/validate-record.ts';
export {RecordNotFoundError, isRecordNotFoundError} from './errors/record-not-found-error.ts';
export {RecordInvalidError, isRecordInvalidError} from './errors/record-invalid-error.ts';
export {InvalidQuerySpecError, isInvalidQuerySpecError} from './errors/invalid-query-spec-error.ts';
export {UnknownAttributeError, isUnknownAttributeError} from './errors/unknown-attribute-error.ts';
export {ConnectionNotEstablishedError, isConnectionNotEstablishedError} from './errors/connection-not-established-error.ts';
export {defineModelQueries, modelQueryRequest, MODEL_QUERY_NAMESPACE} from './zero/model-queries.ts';
export type {AuthorizeQuery, ModelQueries} from './zero/model-queries.ts';
export {createZeroModelDataSource} from './zero/zero-model-data-source.ts';
export {createModelBatchWriter} from './zero/model-batch-writer.ts';
export {connectModels} from './zero/connect-models.ts';
