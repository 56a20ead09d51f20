import type {ActivityLogConfig, LoggableConfig, LogMode, ReferencePath} from '../../contract/model-config.ts';
import type {Report} from '../report.ts';
import {hashOf, literalJson} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import type {AssociationIR} from './translate-associations.ts';

/**
 * Loggable conventions (what `include Loggable` means to the generator):
 *
 * - A model is loggable when it includes a module named `Loggable`, directly,
 *   through another concern, or through a superclass.
 * - Defaults: `excluded` = those of created_at / updated_at / lock_version the
 *   table has; `actions` = `status` → `status_changed` when there is a `status`
 *   column, and `title` (else `name`) → `renamed`; `skip` = false.
 * - A model overrides them with a literal constant in its class body:
 *
 *     LOGGABLE_OPTIONS = { except: %w[cached_total], actions: { stage: "stage_changed" }, skip: false }
 *
 *   `except:` adds to the excluded columns, `actions:` replaces the default
 *   action map, `skip: true` keeps the model in LOGGABLE_MODELS but turns
 *   logging off, `display: :title` names the column records are called by
 *   (default: title, name, …), `priority: %w[status_changed renamed]` orders
 *   the actions when a write changes several mapped columns,
 *   `custom_actions: %w[completed]` declares actions writes may name,
 *   `log_mode: :deferred` writes the model's logs through the batched logger
 *   after the write commits instead of inside its transaction (default
 *   `:atomic`; see LoggableConfig.mode for what deferred gives up). A constant (not a method call) keeps this readable by a
 *   parser without running Ruby.
 * - `references` maps every activity-log reference column (`job_id`,
 *   `client_id`) to the chain of belongs_to columns that leads from the
 *   loggable row to that id, found by a shortest-path search at generation
 *   time. Unreachable columns are omitted (the log stores NULL there).
 */
export const LOGGABLE_OPTIONS_CONSTANT = 'LOGGABLE_OPTIONS';

export function isLoggable(model: ModelIR): boolean {
  return model.includedModules.some((m) => m === 'Loggable' || m.endsWith('::Loggable'));
}

/** A belongs_to edge usable in a reference path: non-polymorphic, pointing at the target's primary key. */
export interface BelongsToEdge {
  readonly column: string;
  readonly targetTable: string;
  /** The association's name (`assigned_to`). */
  readonly name: string;
}

export function translateLoggable(
  model: ModelIR,
  edges: ReadonlyMap<string, readonly BelongsToEdge[]>,
  activityLog: ActivityLogConfig | null,
  report: Report,
): LoggableConfig | null {
  if (!isLoggable(model)) return null;
  const columns = new Set(model.table.columns.map((c) => c.name));
  const excluded = ['created_at', 'updated_at', 'lock_version'].filter((c) => columns.has(c));
  let actions: Record<string, string> = {};
  if (columns.has('status')) actions['status'] = 'status_changed';
  if (columns.has('title')) actions['title'] = 'renamed';
  else if (columns.has('name')) actions['name'] = 'renamed';
  let skip = false;
  let priority: string[] | undefined;
  let customActions: string[] | undefined;
  let mode: LogMode = 'atomic';

  const constant = model.constants.get(LOGGABLE_OPTIONS_CONSTANT);
  if (constant !== undefined) {
    const at = {file: model.definition.file, line: model.definition.line};
    const options = hashOf(constant);
    if (constant.kind !== 'hash') report.warn(`${model.className}::${LOGGABLE_OPTIONS_CONSTANT} is not a literal hash; defaults used`, at);
    for (const [key, value] of options) {
      const json = literalJson(value);
      if (key === 'except' && Array.isArray(json) && json.every((c) => typeof c === 'string')) {
        for (const c of json as string[]) if (!excluded.includes(c)) excluded.push(c);
      } else if (key === 'actions' && json !== null && typeof json === 'object' && !Array.isArray(json)) {
        actions = {};
        for (const [col, action] of Object.entries(json)) if (typeof action === 'string') actions[col] = action;
      } else if (key === 'skip' && typeof json === 'boolean') {
        skip = json;
      } else if ((key === 'priority' || key === 'custom_actions') && Array.isArray(json) && json.every((a) => typeof a === 'string')) {
        if (key === 'priority') priority = json as string[];
        else customActions = [...(json as string[])].sort();
      } else if (key === 'log_mode' && (value.kind === 'symbol' || value.kind === 'string') && (value.value === 'atomic' || value.value === 'deferred')) {
        mode = value.value;
      } else if (key === 'display') {
        // Read by displayColumn (a model-level setting); accepted here.
      } else {
        report.warn(
          `${model.className}::${LOGGABLE_OPTIONS_CONSTANT}: option ${key} ignored (expected except: [...], actions: {...}, skip: true/false, display: :column, priority: [...], custom_actions: [...], log_mode: :atomic/:deferred)`,
          at,
        );
      }
    }
  }

  const references: Record<string, ReferencePath> = {};
  if (activityLog !== null) {
    for (const [column, table] of Object.entries(activityLog.referenceColumns).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const path = shortestPath(model.table.name, table, edges);
      if (path !== null) references[column] = path;
    }
  }
  const belongsTo: Record<string, {association: string; table: string; role: 'user' | 'parent'}> = {};
  for (const edge of [...(edges.get(model.table.name) ?? [])].sort((a, b) => (a.column < b.column ? -1 : 1))) {
    belongsTo[edge.column] = {association: edge.name, table: edge.targetTable, role: edge.targetTable === activityLog?.userTable ? 'user' : 'parent'};
  }
  return {
    excluded,
    actions: sortKeys(actions),
    skip,
    mode,
    references,
    ...(priority !== undefined ? {priority} : {}),
    ...(customActions !== undefined ? {customActions} : {}),
    ...(Object.keys(belongsTo).length > 0 ? {belongsTo} : {}),
  };
}

/** Columns that name a record to a person, in order of preference (never an email: it may be private). */
const DISPLAY_COLUMNS = ['title', 'name', 'full_name', 'display_name', 'label', 'subject', 'number', 'code'];

/** The column a model's records are named by: `LOGGABLE_OPTIONS[:display]`, else the first usual one it has, else null. */
export function displayColumn(model: ModelIR, report: Report): string | null {
  const columns = new Set(model.table.columns.map((c) => c.name));
  const constant = model.constants.get(LOGGABLE_OPTIONS_CONSTANT);
  const declared = constant === undefined ? undefined : hashOf(constant).get('display');
  if (declared !== undefined) {
    const name = declared.kind === 'symbol' || declared.kind === 'string' ? declared.value : null;
    if (name !== null && columns.has(name)) return name;
    report.warn(`${model.className}::${LOGGABLE_OPTIONS_CONSTANT}: display: must name a column of ${model.table.name}`, {file: model.definition.file, line: model.definition.line});
  }
  return DISPLAY_COLUMNS.find((c) => columns.has(c)) ?? null;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Breadth-first over belongs_to edges (sorted by column for determinism), at most 4 hops. */
function shortestPath(from: string, to: string, edges: ReadonlyMap<string, readonly BelongsToEdge[]>): ReferencePath | null {
  if (from === to) return [];
  const queue: {table: string; path: {table: string; column: string}[]}[] = [{table: from, path: []}];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const {table, path} = queue.shift()!;
    if (path.length >= 4) continue;
    const out = [...(edges.get(table) ?? [])].sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
    for (const edge of out) {
      const next = [...path, {table, column: edge.column}];
      if (edge.targetTable === to) return next;
      if (seen.has(edge.targetTable)) continue;
      seen.add(edge.targetTable);
      queue.push({table: edge.targetTable, path: next});
    }
  }
  return null;
}

/** belongs_to edges per table, from every model's translated associations. */
export function belongsToEdges(
  associations: ReadonlyMap<ModelIR, readonly AssociationIR[]>,
  primaryKeys: ReadonlyMap<string, string>,
): Map<string, BelongsToEdge[]> {
  const edges = new Map<string, BelongsToEdge[]>();
  for (const [model, list] of associations) {
    for (const a of list) {
      const c = a.config;
      if (c.kind !== 'belongs_to' || c.polymorphic === true || c.table === undefined) continue;
      if (primaryKeys.get(c.table) !== c.primaryKey) continue;
      const existing = edges.get(model.table.name) ?? [];
      if (!existing.some((e) => e.column === c.foreignKey)) existing.push({column: c.foreignKey, targetTable: c.table, name: c.name});
      edges.set(model.table.name, existing);
    }
  }
  return edges;
}

/**
 * The activity-log table description, from the `ActivityLog` model: its
 * non-polymorphic belongs_to other than the user become reference columns.
 */
export function activityLogConfig(models: readonly ModelIR[], associations: ReadonlyMap<ModelIR, readonly AssociationIR[]>): ActivityLogConfig | null {
  const model = models.find((m) => m.className === 'ActivityLog') ?? models.find((m) => m.table.name === 'activity_logs');
  if (model === undefined) return null;
  const columns = new Set(model.table.columns.map((c) => c.name));
  const pick = (...names: string[]): string | null => names.find((n) => columns.has(n)) ?? null;
  const list = associations.get(model) ?? [];
  const polymorphic = list.find((a) => a.config.kind === 'belongs_to' && a.config.polymorphic === true);
  const loggableName = polymorphic?.config.name ?? 'loggable';
  const userColumn = pick('user_id', 'actor_id', 'author_id') ?? 'user_id';
  const userTable = list.find((a) => a.config.kind === 'belongs_to' && a.config.foreignKey === userColumn)?.config.table;
  const referenceColumns: Record<string, string> = {};
  for (const a of [...list].sort((x, y) => (x.config.foreignKey < y.config.foreignKey ? -1 : 1))) {
    const c = a.config;
    if (c.kind !== 'belongs_to' || c.polymorphic === true || c.table === undefined || c.foreignKey === userColumn) continue;
    referenceColumns[c.foreignKey] = c.table;
  }
  return {
    table: model.table.name,
    model: model.className,
    primaryKey: model.primaryKey,
    userColumn,
    actionColumn: pick('action', 'event') ?? 'action',
    loggableTypeColumn: `${loggableName}_type`,
    loggableIdColumn: `${loggableName}_id`,
    metadataColumn: pick('metadata', 'changeset', 'data') ?? 'metadata',
    createdAtColumn: pick('created_at'),
    updatedAtColumn: pick('updated_at'),
    referenceColumns,
    statusColumn: pick('status'),
    ...(userTable !== undefined ? {userTable} : {}),
  };
}
