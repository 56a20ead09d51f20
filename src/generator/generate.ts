import type {ActivityLogConfig} from '../contract/model-config.ts';
import type {EmitContext, Emitter, GeneratedFile} from './emit/emit-context.ts';
import {emitIndex} from './emit/emit-index.ts';
import {emitLoggable} from './emit/emit-loggable.ts';
import {emitModelConfigs} from './emit/emit-model-configs.ts';
import {emitModelModules} from './emit/emit-model-modules.ts';
import {emitQueries} from './emit/emit-queries.ts';
import {emitModelsIndex} from './emit/emit-models-index.ts';
import {emitSchemaSql} from './emit/emit-schema-sql.ts';
import {emitSchemaTs} from './emit/emit-schema-ts.ts';
import {zeroPrimaryKey} from './emit/zero-table-key.ts';
import {buildModel, type ModelOutput} from './model/build-model.ts';
import {pgTypeOf, zeroSyncedType} from './model/column-types.ts';
import type {ModelIR} from './model/model-ir.ts';
import {appInflector} from './model/app-inflector.ts';
import {resolveModels} from './model/resolve-models.ts';
import {translateAssociations, type AssociationIR} from './model/translate-associations.ts';
import {translateEnums} from './model/translate-enums.ts';
import {activityLogConfig, belongsToEdges} from './model/translate-loggable.ts';
import {scopeSqlStrings, settleScopes, translateScopes} from './model/translate-scopes.ts';
import {joinWorld} from './model/join-world.ts';
import {loadSqlCache, loadSqlParser, saveSqlCache, sqlParserNeeded} from './model/translate-sql.ts';
import {translateValidations} from './model/translate-validations.ts';
import {dropWithheldValidations, withholdColumns} from './model/withheld-columns.ts';
import type {DefinitionIR} from './parse/definition-ir.ts';
import {parseInflections} from './parse/parse-inflections.ts';
import {parseModelFile} from './parse/parse-model-file.ts';
import {parseConstantFiles} from './parse/parse-constant-file.ts';
import {AppConstants} from './model/app-constants.ts';
import {parseSchema} from './parse/parse-schema.ts';
import {readApp} from './read-app.ts';
import {Report} from './report.ts';
import {PrismParseCache} from './ruby/prism-parse-cache.ts';
import {parseRubyFiles} from './ruby/ruby-source.ts';

/**
 * The emitters, in output order. The model modules (`ActiveJob` /
 * `ReactiveJob`) will be one more entry here once the model-layer runtime
 * exists; everything they need is already in EmitContext.
 */
export const EMITTERS: readonly Emitter[] = [
  emitSchemaTs,
  emitSchemaSql,
  emitModelConfigs,
  emitModelModules,
  emitModelsIndex,
  emitQueries,
  emitLoggable,
  emitIndex,
];

export interface GenerateOptions {
  /** Filesystem path of the Rails app root. */
  readonly root: string;
  /** How the root appears in banners and messages (default: `root`). */
  readonly label?: string;
  readonly allowUnknownClasses?: boolean;
  /** A directory for the Ruby and SQL parse caches (the CLI: node_modules/.cache/zero-active-models); none when absent. */
  readonly cacheDir?: string;
}

export interface GenerateResult {
  readonly files: readonly GeneratedFile[];
  readonly report: Report;
  readonly hash: string;
  /** Milliseconds per phase (read, parse, resolve, translate, emit), for `--timings` and the benchmark. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Rails app → generated files in memory. Throws a GeneratorError for invalid input. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const label = (options.label ?? options.root).replace(/\\/g, '/').replace(/\/+$/, '') || '.';
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  const app = await readApp(options.root, label);
  phase('read');
  const report = new Report();

  // prism's WASM parser is loaded only for files whose parse is not in the cache (see PrismParseCache).
  const parseCache = options.cacheDir === undefined ? null : PrismParseCache.load(options.cacheDir);
  const [schemaSource, ...rubySources] = await parseRubyFiles([app.schema, ...app.initializers, ...app.models], parseCache);
  parseCache?.save();
  const inflector = appInflector(rubySources.slice(0, app.initializers.length).flatMap(parseInflections), report);
  const modelSources = rubySources.slice(app.initializers.length);
  phase('parse');
  const parsedSchema = parseSchema(schemaSource!);
  for (const t of parsedSchema.todos) report.warn(`schema.rb: ${t.message}`, t);
  for (const table of parsedSchema.tables) {
    for (const column of table.columns) {
      if (zeroSyncedType(column) === null && column.virtual === undefined) {
        report.warn(`${table.name}.${column.name}: PostgreSQL type ${pgTypeOf(column)} is not synced by Zero (server-side only)`, column);
      }
    }
    if (table.name.includes('.')) report.skip('tables', table.name, 'outside the public schema (zero-cache syncs public); kept in schema.sql only', table);
    else if (zeroPrimaryKey(table) === null) report.skip('tables', table.name, 'no primary key (Zero needs one); kept in schema.sql only', table);
    else report.ok('tables');
  }

  const external = await parseConstantFiles(app.constantFiles, (file, line, message) =>
    report.warn(`not read for constants (prism: ${message}); validations naming its constants stay TODOs`, {file, line: line ?? 1}),
  );
  const definitions = new Map<string, DefinitionIR>();
  for (const source of modelSources) parseModelFile(source, definitions);
  phase('read schema and models');
  // Secrets and ZERO_PRIVATE columns are marked before anything is translated, so no output names them.
  const {schema, resolved} = withholdColumns(parsedSchema, resolveModels(definitions, parsedSchema, report, inflector), report);
  const constants = new AppConstants(external.constants, external.namespaces, definitions, resolved.models);
  phase('resolve');

  const allowUnknownClasses = options.allowUnknownClasses ?? false;
  const associations = new Map<ModelIR, AssociationIR[]>();
  for (const model of resolved.models) associations.set(model, translateAssociations(model, resolved, report, {allowUnknownClasses}));

  const primaryKeys = new Map(schema.tables.map((t) => [t.name, t.primaryKey[0] ?? '']));
  const edges = belongsToEdges(associations, primaryKeys);
  const activityLog: ActivityLogConfig | null = activityLogConfig(resolved.models, associations);

  const owners = new Map<string, ModelIR>();
  for (const model of resolved.models) {
    if (model.baseClassName !== model.className) continue;
    const existing = owners.get(model.table.name);
    if (existing === undefined) owners.set(model.table.name, model);
    else report.warn(`${model.className} also uses table ${model.table.name}; MODELS maps it to ${existing.className}`, model.definition);
  }

  // PostgreSQL's parser only for SQL strings that are not in the parse cache yet.
  const sqlStrings = scopeSqlStrings(resolved.models);
  if (sqlStrings.length > 0 && options.cacheDir !== undefined) loadSqlCache(options.cacheDir);
  if (sqlParserNeeded(sqlStrings)) await loadSqlParser();
  const enumsOf = new Map(resolved.models.map((model) => [model, translateEnums(model, report)] as const));
  const world = joinWorld(resolved.models, associations, enumsOf, inflector);
  const scopesOf = new Map(resolved.models.map((model) => [model, translateScopes(model, enumsOf.get(model) ?? [], world)] as const));
  // Scopes merge other models' scopes (`merge(Entry.visible)`): settled once all are translated.
  settleScopes(scopesOf, enumsOf, report);
  const outputs: ModelOutput[] = [];
  for (const model of resolved.models) {
    const enums = enumsOf.get(model) ?? [];
    const parts = {
      associations: associations.get(model) ?? [],
      enums,
      scopes: scopesOf.get(model) ?? [],
      validations: dropWithheldValidations(model, translateValidations(model, report, belongsToKeys(associations.get(model) ?? []), enums, constants), report),
    };
    outputs.push(buildModel(model, schema, parts, edges, activityLog, owners.get(model.table.name) === model, report));
  }

  if (options.cacheDir !== undefined) saveSqlCache(options.cacheDir);
  phase('translate');
  uniqueNames(outputs, report);
  const associationsByTable = new Map<string, readonly AssociationIR[]>();
  for (const [table, model] of owners) associationsByTable.set(table, associations.get(model) ?? []);
  const context: EmitContext = {
    banner: {input: label, hash: app.hash},
    schema,
    models: outputs,
    associationsByTable,
    activityLog,
  };
  const files = EMITTERS.flatMap((emit) => emit(context)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  phase('emit');
  return {files, report, hash: app.hash, timings};
}

/**
 * `Admin::User` and `AdminUser` would both become `AdminUser` (types, file
 * `admin_user.config.ts`, export `adminUserConfig`). The later class name gets
 * a numeric suffix, deterministically, and a warning.
 */
function uniqueNames(outputs: ModelOutput[], report: Report): void {
  const used = new Set<string>();
  const sorted = [...outputs].sort((a, b) => (a.config.className < b.config.className ? -1 : 1));
  for (const output of sorted) {
    let name = output.config.name;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${output.config.name}${n}`;
    used.add(name.toLowerCase());
    if (name !== output.config.name) {
      report.warn(`${output.config.className}: TS name ${output.config.name} is taken; using ${name}`, output.model.definition);
      const index = outputs.indexOf(output);
      outputs[index] = {...output, config: {...output.config, name}};
    }
  }
}

/** belongs_to association name → foreign-key column, for `validates :client, presence: true`. */
function belongsToKeys(associations: readonly AssociationIR[]): Map<string, string> {
  return new Map(associations.filter((a) => a.config.kind === 'belongs_to').map((a) => [a.config.name, a.config.foreignKey]));
}
