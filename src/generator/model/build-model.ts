import type {ActivityLogConfig, ColumnConfig, EnumConfig, ModelConfig, ScopeConfig, ValidationConfig} from '../../contract/model-config.ts';
import {MODEL_CONFIG_VERSION} from '../../contract/model-config.ts';
import type {ColumnIR, SchemaIR} from '../ir.ts';
import {pascalCase} from '../naming/inflector.ts';
import type {Report} from '../report.ts';
import {pgTypeOf, zeroSyncedType, zeroTypeOf} from './column-types.ts';
import type {ModelIR} from './model-ir.ts';
import type {AssociationIR} from './translate-associations.ts';
import type {EnumIR} from './translate-enums.ts';
import {translateList} from './translate-list.ts';
import {translateNormalizes} from './translate-normalizes.ts';
import {displayColumn, translateLoggable, type BelongsToEdge} from './translate-loggable.ts';
import type {ScopeIR} from './translate-scopes.ts';
import type {ValidationIR} from './translate-validations.ts';

/** Everything emit/ needs for one model: the config plus the TODO lines for what was skipped. */
export interface ModelOutput {
  readonly model: ModelIR;
  readonly config: ModelConfig;
  readonly todos: readonly string[];
  /** Whether this model owns its table in MODELS (false for STI subclasses and duplicates). */
  readonly ownsTable: boolean;
}

export function columnConfigs(model: {table: SchemaIR['tables'][number]}, schema: SchemaIR, enums: readonly EnumIR[]): Record<string, ColumnConfig> {
  const out: Record<string, ColumnConfig> = {};
  for (const c of model.table.columns) {
    if (c.withheld !== undefined) continue; // never synced, never named to clients
    const railsEnum = enums.find((e) => e.config.column === c.name);
    const pgEnum = c.enumType === undefined ? undefined : schema.enums.find((e) => e.name === c.enumType);
    let enumValues: readonly string[] | undefined = pgEnum?.values;
    if (enumValues === undefined && railsEnum !== undefined) {
      const stored = Object.values(railsEnum.config.values);
      if (stored.every((v) => typeof v === 'string')) enumValues = stored as string[];
    }
    const zeroType = zeroTypeOf(c);
    const defaultValue = normalizeDefault(c.default, zeroType);
    const config: ColumnConfig = {
      name: c.name,
      railsType: c.type,
      zeroType,
      pgType: pgTypeOf(c),
      nullable: c.nullable,
      ...(defaultValue !== undefined ? {default: defaultValue} : {}),
      ...(c.array === true ? {array: true} : {}),
      ...(enumValues !== undefined ? {enumValues} : {}),
      ...(c.limit !== undefined ? {limit: c.limit} : {}),
      ...(typeof c.precision === 'number' ? {precision: c.precision} : {}),
      ...(c.scale !== undefined ? {scale: c.scale} : {}),
      ...(c.virtual !== undefined ? {virtual: true} : {}),
      ...(zeroSyncedType(c) === null ? {synced: false as const} : {}),
    };
    out[c.name] = config;
  }
  return out;
}

/**
 * Class macros that change what rows mean or look like on the client but have
 * no place in ModelConfig yet: each becomes a TODO in the model's config and a
 * report warning, so nobody assumes the client applies them. Other unknown
 * macros (gems like paper_trail, devise) do not change column data and are
 * ignored.
 */
const SEMANTIC_MACROS: Readonly<Record<string, string>> = {
  serialize: 'serialized column: the client sees the raw stored text',
  store: 'store: the client sees the raw stored column',
  store_accessor: 'store_accessor attributes are keys inside a JSON column on the client',
  attribute: 'custom attribute type/default is not applied by the client',
  delegated_type: 'delegated_type is translated only as its polymorphic belongs_to',
  composed_of: 'value object mapping is not translated',
};

/**
 * Literal defaults as `Model.new` should apply them: schema.rb dumps decimal
 * defaults as strings ("0.0") → numbers; a date/time literal is not an
 * epoch-ms number, so it is left to the database as an SQL default.
 */
function normalizeDefault(value: ColumnIR['default'], zeroType: string): ColumnIR['default'] {
  if (value === undefined || value.kind !== 'literal' || zeroType !== 'number' || typeof value.value !== 'string') return value;
  const n = Number(value.value);
  if (value.value.trim() !== '' && Number.isFinite(n)) return {kind: 'literal', value: n};
  return {kind: 'sql', sql: `'${value.value.replace(/'/g, "''")}'`};
}

export function buildModel(
  model: ModelIR,
  schema: SchemaIR,
  parts: {associations: readonly AssociationIR[]; scopes: readonly ScopeIR[]; enums: readonly EnumIR[]; validations: readonly ValidationIR[]},
  edges: ReadonlyMap<string, readonly BelongsToEdge[]>,
  activityLog: ActivityLogConfig | null,
  ownsTable: boolean,
  report: Report,
): ModelOutput {
  const todos: string[] = [];
  const associations: ModelConfig['associations'] = Object.fromEntries(
    // `relationship: false`: no Zero relationship of that name, so no EXISTS (or include) over it;
    // `'exists'`: one over the plain keys, for EXISTS that add the association's conditions, never read.
    [...parts.associations]
      .sort((a, b) => (a.config.name < b.config.name ? -1 : 1))
      .map((a) => [
        a.config.name,
        'skip' in a.zero
          ? {...a.config, relationship: false as const}
          : a.zero.existsOnly !== undefined
            ? {...a.config, relationship: 'exists' as const}
            : a.config,
      ]),
  );
  const scopes: Record<string, ScopeConfig> = {};
  let defaultScope: ScopeConfig['steps'] | undefined;
  for (const s of [...parts.scopes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if ('config' in s.result && s.isDefault === true) defaultScope = s.result.config.steps;
    else if ('config' in s.result) scopes[s.name] = s.result.config;
    else if (s.isDefault === true) {
      todos.push(`default_scope (${s.file}:${s.line}): ${s.result.skip}; queries return rows Rails would hide`);
      report.warn(`${model.className}: default_scope is not applied by the client (${s.result.skip})`, s);
    } else todos.push(`scope :${s.name} (${s.file}:${s.line}): ${s.result.skip}`);
  }
  const enums: Record<string, EnumConfig> = Object.fromEntries(
    [...parts.enums].sort((a, b) => (a.config.column < b.config.column ? -1 : 1)).map((e) => [e.config.column, e.config]),
  );
  const validations: ValidationConfig[] = [];
  for (const v of parts.validations) {
    if ('config' in v.result) validations.push(v.result.config);
    else if ('skip' in v.result) todos.push(`validation ${v.result.subject} (${v.file}:${v.line}): ${v.result.skip}`);
  }
  const normalized = translateNormalizes(model, report);
  todos.push(...normalized.todos);
  for (const a of parts.associations) {
    if ('skip' in a.zero) todos.push(`relationship ${a.config.name} (${a.file}:${a.line}): ${a.zero.skip}`);
    else if (a.zero.existsOnly !== undefined) {
      todos.push(`relationship ${a.config.name} (${a.file}:${a.line}): joins only (EXISTS with its conditions); includes refused: ${a.zero.existsOnly.why}`);
    }
  }
  for (const macro of model.macros) {
    const why = SEMANTIC_MACROS[macro.name];
    if (why === undefined) continue;
    todos.push(`${macro.name} (${macro.source.file}:${macro.line}): ${why}`);
    report.warn(`${model.className}: ${macro.name}: ${why}`, {file: macro.source.file, line: macro.line});
  }
  const columnNames = new Set(model.table.columns.map((c) => c.name));
  let discardable: ModelConfig['discardable'] = null;
  const discardSetting = model.settings.get('discard_column');
  if (model.includedModules.some((m) => m === 'Discard::Model')) {
    const column = (discardSetting?.value.kind === 'string' || discardSetting?.value.kind === 'symbol' ? discardSetting.value.value : null) ?? 'discarded_at';
    if (columnNames.has(column)) discardable = {column};
    else report.warn(`${model.className} includes Discard::Model but has no ${column} column`, model.definition);
  } else if (model.macros.some((m) => m.name === 'acts_as_paranoid') && columnNames.has('deleted_at')) {
    discardable = {column: 'deleted_at'};
  }
  const config: ModelConfig = {
    version: MODEL_CONFIG_VERSION,
    className: model.className,
    name: pascalCase(model.className),
    table: model.table.name,
    primaryKey: model.primaryKey,
    columns: columnConfigs(model, schema, parts.enums),
    associations,
    scopes,
    ...(defaultScope === undefined ? {} : {defaultScope}),
    enums,
    validations,
    ...(Object.keys(normalized.normalizes).length > 0 ? {normalizes: normalized.normalizes} : {}),
    loggable: translateLoggable(model, edges, activityLog, report),
    discardable,
    sti: model.sti,
  };
  const list = translateList(model, parts.associations, report);
  const display = displayColumn(model, report);
  return {model, config: {...config, ...(list !== undefined ? {list} : {}), display}, todos, ownsTable};
}
