import {InvalidQuerySpecError} from '../errors/invalid-query-spec-error.ts';
import type {ColumnConfig, ModelConfig} from './model-config.ts';
import {
  MAX_QUERY_ROWS,
  QUERY_SPEC_VERSION,
  SPEC_OPERATORS,
  type IncludeSpec,
  type OrderTerm,
  type QuerySpec,
  type SpecOperator,
  type SpecScalar,
} from './query-spec.ts';

/** The models a server (or client) exposes, keyed by table name or listed. */
export type ModelSet = Readonly<Record<string, ModelConfig>> | readonly ModelConfig[];

const MAX_CONDITION_DEPTH = 8;
const MAX_CONDITIONS = 256;
const MAX_INCLUDE_DEPTH = 4;
const OPERATORS: ReadonlySet<string> = new Set(SPEC_OPERATORS);

/** Index models by table so a spec's `table` is looked up, never trusted. */
export function modelsByTable(models: ModelSet): ReadonlyMap<string, ModelConfig> {
  const list = Array.isArray(models) ? (models as readonly ModelConfig[]) : Object.values(models);
  return new Map(list.map(m => [m.table, m]));
}

/**
 * Checks that an untrusted value is a QuerySpec that stays inside the
 * generated schema: known table, columns, operators and associations; values
 * of the column's type; sane limit/offset and nesting. Returns the spec typed;
 * throws `InvalidQuerySpecError` (with `reason` and `path`) otherwise.
 *
 * The API server runs this on every named query before building ZQL, so a
 * client can never reach a table or column the app does not expose; the client
 * runs it too, so a typo fails before anything is sent.
 *
 * @example
 * validateQuerySpec(args, [jobConfig, clientConfig]) // → QuerySpec, or throws
 */
export function validateQuerySpec(spec: unknown, models: ModelSet | ReadonlyMap<string, ModelConfig>): QuerySpec {
  const byTable = models instanceof Map ? (models as ReadonlyMap<string, ModelConfig>) : modelsByTable(models as ModelSet);
  if (!isObject(spec)) throw new InvalidQuerySpecError('malformed', '$', 'expected an object');
  if (spec['v'] !== QUERY_SPEC_VERSION) {
    throw new InvalidQuerySpecError(
      'unsupported_version',
      'v',
      `expected version ${QUERY_SPEC_VERSION}, got ${JSON.stringify(spec['v'])}; client and server are out of date with each other`,
    );
  }
  const table = spec['table'];
  if (typeof table !== 'string') throw new InvalidQuerySpecError('malformed', 'table', 'expected a string');
  const model = byTable.get(table);
  if (!model) throw new InvalidQuerySpecError('unknown_table', 'table', `no model for table "${table}"`);

  const counter = {n: 0};
  const where = arrayAt(spec, 'where');
  where.forEach((c, i) => checkCondition(c, model, byTable, `where[${i}]`, 1, counter));
  arrayAt(spec, 'orderBy').forEach((term, i) => checkOrder(term, model, `orderBy[${i}]`));
  checkCount(spec['limit'], 'limit', 'bad_limit', true);
  checkCount(spec['offset'], 'offset', 'bad_offset', false);
  arrayAt(spec, 'includes').forEach((inc, i) => checkInclude(inc, model, byTable, `includes[${i}]`, 1));
  return spec as QuerySpec;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayAt(o: Record<string, unknown>, key: string): readonly unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new InvalidQuerySpecError('malformed', key, 'expected an array');
  return v;
}

function checkCount(v: unknown, path: string, reason: 'bad_limit' | 'bad_offset', nullable: boolean): void {
  if (v === null && nullable) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_QUERY_ROWS) {
    throw new InvalidQuerySpecError(reason, path, `expected an integer from 0 to ${MAX_QUERY_ROWS}, got ${JSON.stringify(v)}`);
  }
}

function columnOf(model: ModelConfig, name: unknown, path: string): ColumnConfig {
  if (typeof name !== 'string') throw new InvalidQuerySpecError('malformed', path, 'expected a column name');
  const column = Object.hasOwn(model.columns, name) ? model.columns[name] : undefined;
  if (!column) throw new InvalidQuerySpecError('unknown_column', path, `${model.table} has no column "${name}"`);
  return column;
}

function checkOrder(term: unknown, model: ModelConfig, path: string): void {
  if (!Array.isArray(term) || term.length !== 2) throw new InvalidQuerySpecError('malformed', path, 'expected [column, direction]');
  const [column, direction] = term as unknown as OrderTerm;
  columnOf(model, column, `${path}[0]`);
  if (direction !== 'asc' && direction !== 'desc') {
    throw new InvalidQuerySpecError('malformed', `${path}[1]`, `direction must be "asc" or "desc"`);
  }
}

function checkCondition(
  c: unknown,
  model: ModelConfig,
  byTable: ReadonlyMap<string, ModelConfig>,
  path: string,
  depth: number,
  counter: {n: number},
): void {
  if (!isObject(c)) throw new InvalidQuerySpecError('malformed', path, 'expected a condition object');
  if (depth > MAX_CONDITION_DEPTH || ++counter.n > MAX_CONDITIONS) {
    throw new InvalidQuerySpecError('malformed', path, 'conditions nested too deep or too many');
  }
  if (c['type'] === 'and' || c['type'] === 'or') {
    arrayAt(c, 'conditions').forEach((sub, i) => checkCondition(sub, model, byTable, `${path}.conditions[${i}]`, depth + 1, counter));
    return;
  }
  if (c['type'] === 'exists') {
    const target = existsTarget(c, model, byTable, path);
    if (typeof c['negated'] !== 'boolean') throw new InvalidQuerySpecError('malformed', `${path}.negated`, 'expected a boolean');
    // Zero 1.9's client cannot run not(exists()) (bugs.rocicorp.dev/issue/3438): refused here, not later inside Zero.
    if (c['negated']) throw new InvalidQuerySpecError('unknown_operator', `${path}.negated`, 'NOT EXISTS is not supported by Zero\'s client');
    arrayAt(c, 'where').forEach((sub, i) => checkCondition(sub, target, byTable, `${path}.where[${i}]`, depth + 1, counter));
    return;
  }
  if (c['type'] !== 'simple') throw new InvalidQuerySpecError('malformed', `${path}.type`, 'expected simple, exists, and or or');
  const column = columnOf(model, c['column'], `${path}.column`);
  const op = c['op'];
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    throw new InvalidQuerySpecError('unknown_operator', `${path}.op`, `unsupported operator ${JSON.stringify(op)}`);
  }
  checkValue(column, op as SpecOperator, c['value'], `${path}.value`);
}

/** The model an EXISTS reaches: an association of `model` that has a Zero relationship. */
function existsTarget(c: Record<string, unknown>, model: ModelConfig, byTable: ReadonlyMap<string, ModelConfig>, path: string): ModelConfig {
  const name = c['association'];
  if (typeof name !== 'string') throw new InvalidQuerySpecError('malformed', `${path}.association`, 'expected an association name');
  const assoc = Object.hasOwn(model.associations, name) ? model.associations[name] : undefined;
  if (!assoc) throw new InvalidQuerySpecError('unknown_association', `${path}.association`, `${model.name} has no association "${name}"`);
  const target = assoc.table === undefined ? undefined : byTable.get(assoc.table);
  if (!target || assoc.relationship === false) {
    throw new InvalidQuerySpecError('unknown_association', `${path}.association`, `"${name}" has no Zero relationship to test with EXISTS`);
  }
  return target;
}

function checkValue(column: ColumnConfig, op: SpecOperator, value: unknown, path: string): void {
  const bad = (why: string) => new InvalidQuerySpecError('bad_value', path, `${column.name} ${op}: ${why}`);
  if (op === 'IN' || op === 'NOT IN') {
    if (!Array.isArray(value)) throw bad('expected an array');
    if (value.length > MAX_QUERY_ROWS) throw bad('list too long');
    for (const v of value) if (!scalarFits(column, v)) throw bad(`${JSON.stringify(v)} is not a ${column.zeroType}`);
    return;
  }
  if (op === 'IS' || op === 'IS NOT') {
    if (value !== null && !scalarFits(column, value)) throw bad(`expected null or a ${column.zeroType}`);
    return;
  }
  if (op === 'LIKE' || op === 'NOT LIKE' || op === 'ILIKE' || op === 'NOT ILIKE') {
    if (column.zeroType !== 'string' || typeof value !== 'string') throw bad('LIKE needs a string column and a string pattern');
    return;
  }
  // Comparisons never match NULL in SQL; a null here is a mistake (use IS).
  if (value === null) throw bad('compare with null using IS / IS NOT (or where({col: null}))');
  if (column.zeroType === 'json') throw bad('json columns can only be tested with IS / IS NOT null');
  if (!scalarFits(column, value)) throw bad(`${JSON.stringify(value)} is not a ${column.zeroType}`);
}

function scalarFits(column: ColumnConfig, v: unknown): v is SpecScalar {
  switch (column.zeroType) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'json':
      return false;
  }
}

function checkInclude(
  inc: unknown,
  model: ModelConfig,
  byTable: ReadonlyMap<string, ModelConfig>,
  path: string,
  depth: number,
): void {
  if (!isObject(inc) || typeof inc['name'] !== 'string') throw new InvalidQuerySpecError('malformed', path, 'expected {name, includes}');
  if (depth > MAX_INCLUDE_DEPTH) throw new InvalidQuerySpecError('malformed', path, 'includes nested too deep');
  const name = inc['name'];
  const assoc = Object.hasOwn(model.associations, name) ? model.associations[name] : undefined;
  if (!assoc) throw new InvalidQuerySpecError('unknown_association', path, `${model.name} has no association "${name}"`);
  // Its Zero relationship follows only the keys: read, it would return rows Rails' association does not have.
  if (assoc.relationship === 'exists') {
    throw new InvalidQuerySpecError(
      'unknown_association',
      path,
      `${model.name}.${name} cannot be included: its relationship is for joins only (the association's scope or polymorphic type is not in it)`,
    );
  }
  const nested = arrayAt(inc, 'includes');
  if (nested.length === 0) return;
  const target = assoc.table ? byTable.get(assoc.table) : undefined;
  if (!target) throw new InvalidQuerySpecError('unknown_association', path, `cannot include through "${name}" (no target model)`);
  nested.forEach((sub, i) => checkInclude(sub as IncludeSpec, target, byTable, `${path}.includes[${i}]`, depth + 1));
}

