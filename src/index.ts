// Public entry point (plain JS flavour): `zero-active-models`. Re-exports by
// name, never renamed (one name, one meaning); internal code never imports
// this file. Grouped by layer, bottom first (see ARCHITECTURE.md).

// ---- errors: everything the library throws, each with its type guard ----
export {BatchOutcomeUnknownError, isBatchOutcomeUnknownError} from './errors/batch-outcome-unknown-error.ts';
export {BatchRejectedError, isBatchRejectedError} from './errors/batch-rejected-error.ts';
export {CliUsageError, isCliUsageError} from './errors/cli-usage-error.ts';
export type {BatchRejectionCode, BatchRejection} from './errors/batch-rejection.ts';
export {ConnectionNotEstablishedError, isConnectionNotEstablishedError} from './errors/connection-not-established-error.ts';
export {DeadLetterNotFoundError, isDeadLetterNotFoundError} from './errors/dead-letter-not-found-error.ts';
export {DuplicateBatchError, isDuplicateBatchError} from './errors/duplicate-batch-error.ts';
export {EditedBatchIdError, isEditedBatchIdError} from './errors/edited-batch-id-error.ts';
export {FlushTimeoutError, isFlushTimeoutError} from './errors/flush-timeout-error.ts';
export {InvalidModelConfigError, isInvalidModelConfigError} from './errors/invalid-model-config-error.ts';
export {InvalidQuerySpecError, isInvalidQuerySpecError} from './errors/invalid-query-spec-error.ts';
export type {InvalidQuerySpecReason} from './errors/invalid-query-spec-error.ts';
export {InvalidScopeError, isInvalidScopeError} from './errors/invalid-scope-error.ts';
export {InvalidTransactionError, isInvalidTransactionError} from './errors/invalid-transaction-error.ts';
export {InvalidTtlError, isInvalidTtlError} from './errors/invalid-ttl-error.ts';
export {InvalidWriteIntentError, isInvalidWriteIntentError} from './errors/invalid-write-intent-error.ts';
export type {InvalidScopeReason} from './errors/invalid-scope-error.ts';
export {LogWithoutWriteError, isLogWithoutWriteError} from './errors/log-without-write-error.ts';
export {MigrationInputError, isMigrationInputError} from './errors/migration-input-error.ts';
export {NotAListError, isNotAListError} from './errors/not-a-list-error.ts';
export {NotDiscardableError, isNotDiscardableError} from './errors/not-discardable-error.ts';
export {NotLeaderError, isNotLeaderError} from './errors/not-leader-error.ts';
export {NotStaleError, isNotStaleError} from './errors/not-stale-error.ts';
export {OutboxClosedError, isOutboxClosedError} from './errors/outbox-closed-error.ts';
export {OutboxVersionError, isOutboxVersionError} from './errors/outbox-version-error.ts';
export {OutboxUnavailableError, isOutboxUnavailableError} from './errors/outbox-unavailable-error.ts';
export type {OutboxUnavailableReason} from './errors/outbox-unavailable-error.ts';
export {RecordInvalidError, isRecordInvalidError} from './errors/record-invalid-error.ts';
export type {ErrorMessages} from './errors/record-invalid-error.ts';
export {RecordNotFoundError, isRecordNotFoundError} from './errors/record-not-found-error.ts';
export {RecordNotSavedError, isRecordNotSavedError} from './errors/record-not-saved-error.ts';
export {ReplayHaltedError, isReplayHaltedError} from './errors/replay-halted-error.ts';
export {SyncClosedError, isSyncClosedError} from './errors/sync-closed-error.ts';
export {SyncNotReadyError, isSyncNotReadyError} from './errors/sync-not-ready-error.ts';
export {TransactionTooLargeError, isTransactionTooLargeError} from './errors/transaction-too-large-error.ts';
export {UnknownAttributeError, isUnknownAttributeError} from './errors/unknown-attribute-error.ts';
export {UnknownModelError, isUnknownModelError} from './errors/unknown-model-error.ts';
export {ZamError, isZamError} from './errors/zam-error.ts';

// ---- contract: what is stored on the device or sent over the wire ----
export {BATCH_FORMAT_VERSION} from './contract/batch.ts';
export type {Batch, BatchFormatVersion, BatchOp, DeleteOp, InsertOp, LogOp, RowValue, UpdateOp, UpsertOp} from './contract/batch.ts';
export {MODEL_CONFIG_VERSION} from './contract/model-config.ts';
export type {
  ActivityLogConfig,
  AssociationConfig,
  AssociationKind,
  ColumnConfig,
  ConditionOperator,
  EnumConfig,
  JSONValue,
  ListConfig,
  LoggableConfig,
  LogMode,
  ModelConfig,
  ReferencePath,
  RelativeTime,
  ScopeCondition,
  ScopeConditionTree,
  ScopeConfig,
  ScopeStep,
  ScopeValue,
  ValidationCondition,
  ValidationConfig,
  ValidationKind,
  ZeroColumnType,
} from './contract/model-config.ts';
export {QUERY_SPEC_VERSION, SPEC_OPERATORS} from './contract/query-spec.ts';
export {MAX_NOTE_LENGTH} from './contract/write-intent.ts';
export type {WriteIntent} from './contract/write-intent.ts';
export type {IncludeSpec, OrderTerm, QuerySpec, ExistsCondition, QueryCondition, SimpleCondition, SpecCondition, SpecOperator, SpecScalar, SpecValue} from './contract/query-spec.ts';
export {ttlMs, ZERO_MAX_TTL_MS} from './contract/ttl.ts';
export type {TTL, TimeUnit} from './contract/ttl.ts';
export type {PreloadRegistration, PreloadStore} from './contract/preload-registration.ts';

// ---- pipeline: a model write → one batch (row + activity log) ----
export {createWritePipeline, DEFAULT_MUTATORS} from './pipeline/write-pipeline.ts';
export type {WritePipeline, WritePipelineOptions} from './pipeline/write-pipeline.ts';
export type {ModelMutator, MutatorContext, PendingActivityLog, WriteKind} from './pipeline/mutator-context.ts';
export {DEFAULT_ACTION_PRIORITY} from './pipeline/activity-log-mutator.ts';
export {activityLogMutator} from './pipeline/activity-log-mutator.ts';
export {timestampsMutator} from './pipeline/timestamps-mutator.ts';

// ---- record: the model layer (ActiveRecord flavour) ----
export {createActiveModel} from './record/create-active-model.ts';
export type {ActiveModel, ActiveRelation} from './record/create-active-model.ts';
export {establishConnection, removeConnection, currentConnection} from './record/establish-connection.ts';
export type {ModelDeps} from './record/model-core.ts';
export type {ModelDataSource, ReadOptions, SpecView, SpecViewListener, ResultType} from './record/model-data-source.ts';
export type {ReadConnection, ReadStatus} from './record/read-connection.ts';
export {localWhenOffline} from './record/local-when-offline.ts';
export {PreloadSet} from './record/preload-set.ts';
export type {Preload, PreloadOptions, PreloadSetOptions, PreloadStatus} from './record/preload-set.ts';
export {preloadStatus, subscribePreloadStatus} from './record/preload-status.ts';
export type {BatchedWrites, ModelWriter, RowWrites, ServerOutcome, WriteResult} from './record/model-writer.ts';
export type {WriteOperation} from './record/write-operation.ts';
export type {ModelRecord, RecordMethods, Writable} from './record/model-record.ts';
export type {ModelStatics} from './record/model-statics.ts';
export {Relation} from './record/relation.ts';
export type {SubscribeInfo, SubscribeOptions, Unsubscribe} from './record/relation.ts';
export type {ListItemMethods, ListMethods, WhereConditions} from './record/model-types.ts';
export {describeActivity} from './record/describe-activity.ts';
export type {ActivityChange, ActivityDescription, ActivityLogLike, DescribeActivityOptions, SentencePart} from './record/describe-activity.ts';
export {transaction} from './record/transaction.ts';
export {mutateBatch} from './record/mutate-batch.ts';
export type {BatchRecorder, TableRecorder} from './record/mutate-batch.ts';
export {validateRecord} from './contract/validate-record.ts';
export type {ValidationResult} from './contract/validate-record.ts';

// ---- sync: outbox, replay, overlay, status, dead letters ----
export type {BatchOutcome, BatchWrite} from './sync/batch-write.ts';
export {keepMine} from './sync/dead-letters/keep-mine.ts';
export type {SyncEngine, SyncEngineOptions} from './sync/engine/sync-engine.ts';
export type {OutboxLocation} from './sync/engine/open-outbox-store.ts';
export type {DeadLetterRecord, OutboxRecord} from './sync/outbox/outbox-record.ts';
export type {ReplayerOptions, ReplayerStats} from './sync/replay/replayer.ts';
export type {FlushOptions} from './sync/status/flush.ts';
export type {SyncStatusSnapshot} from './sync/status/sync-status.ts';

// ---- zero: the Zero client and the models connected to it ----
export {createZamClient} from './zero/zam-client.ts';
export type {ZamClient, ZamClientOptions} from './zero/zam-client.ts';
export {connectModels} from './zero/connect-models.ts';
export type {ConnectModelsOptions, PreloadLocation} from './zero/connect-models.ts';
export {defineModelQueries, modelQueryRequest, MODEL_QUERY_NAMESPACE} from './zero/model-queries.ts';
export type {AuthorizeQuery, ModelQueries} from './zero/model-queries.ts';
export {createZeroModelDataSource} from './zero/zero-model-data-source.ts';
export type {ZeroModelDataSourceOptions} from './zero/zero-model-data-source.ts';
export {FIRST_CONNECT_GRACE_MS, zeroReadConnection} from './zero/zero-read-connection.ts';
export {createModelBatchWriter} from './zero/model-batch-writer.ts';

// ---- cli: the `zero-active-models` binary's config file ----
export type {CliConfig} from './cli/cli-config.ts';
