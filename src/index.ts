// Public entry point (plain JS flavour). Re-exports by name only; internal code
// never imports this file.
export {ZamError, isZamError} from './errors/zam-error.ts';
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
