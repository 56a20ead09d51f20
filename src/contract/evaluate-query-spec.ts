import {associationOrder} from './association-order.ts';
import {InvalidQuerySpecError} from '../errors/invalid-query-spec-error.ts';
import type {AssociationConfig, ModelConfig} from './model-config.ts';
import type {ExistsCondition, IncludeSpec, OrderTerm, QueryCondition, QuerySpec, SpecScalar} from './query-spec.ts';

export type PlainRow = Readonly<Record<string, unknown>>;

/** Reads all rows of a table (an in-memory store, the outbox overlay, a test fake). */
export type RowsOf = (table: string) => readonly PlainRow[];

/**
 * Runs a QuerySpec over in-memory rows with ZQL's semantics, so code that
 * needs query results without Zero (the in-memory data source of the
 * conformance suite, the outbox overlay) agrees with the real client:
 *
 * - comparisons with NULL are false on either side (use IS / IS NOT);
 * - ordering compares like ZQL's `compareValues` (NULL first ascending) and
 *   always ends with the primary key ascending as tiebreak;
 * - `limit` returns `limit + offset` rows and does NOT drop the offset, exactly
 *   like the ZQL `buildZql` produces; pass `{applyOffset: true}` for the final
 *   Rails-visible result;
 * - includes: belongs_to / has_one become a row or `undefined`, has_many an
 *   array in the association's order (`associationOrder`), then the target's primary key. `through` and HABTM
 *   associations are not evaluated here (they come back empty);
 * - EXISTS conditions follow the association over `rowsOf` (through
 *   associations hop by hop; a polymorphic `as:` association also matches the
 *   type column), like ZQL's `whereExists` on the generated relationship.
 */
export function evaluateQuerySpec(
  spec: QuerySpec,
  rowsOf: RowsOf,
  models: ReadonlyMap<string, ModelConfig>,
  options: {readonly applyOffset?: boolean} = {},
): PlainRow[] {
  const model = models.get(spec.table);
  const pk = model?.primaryKey ?? 'id';
  const exists = existsOver(rowsOf, models, model);
  let rows = rowsOf(spec.table).filter(row => spec.where.every(c => matches(row, c, exists)));
  rows = [...rows].sort(comparator([...spec.orderBy, [pk, 'asc']]));
  if (spec.limit !== null) rows = rows.slice(0, spec.limit + spec.offset);
  if (options.applyOffset && spec.offset > 0) rows = rows.slice(spec.offset);
  if (spec.includes.length === 0 || !model) return rows;
  return rows.map(row => withIncludes(row, model, spec.includes, rowsOf, models));
}

/** Decides an EXISTS condition for one row (the data a pure row test does not have). */
export type ExistsTest = (row: PlainRow, condition: ExistsCondition) => boolean;

const noExists: ExistsTest = (_row, c) => {
  throw new InvalidQuerySpecError('unknown_association', c.association, 'an EXISTS condition needs the related rows; evaluate the whole spec (evaluateQuerySpec)');
};

/** True when a row satisfies a condition, with ZQL's NULL rules; `exists` decides EXISTS conditions. */
export function matches(row: PlainRow, c: QueryCondition, exists: ExistsTest = noExists): boolean {
  if (c.type === 'and') return c.conditions.every(sub => matches(row, sub, exists));
  if (c.type === 'or') return c.conditions.some(sub => matches(row, sub, exists));
  if (c.type === 'exists') return exists(row, c) !== c.negated;
  const lhs = (row[c.column] ?? null) as SpecScalar;
  if (c.op === 'IS') return lhs === c.value;
  if (c.op === 'IS NOT') return lhs !== c.value;
  if (lhs === null || c.value === null) return false;
  const rhs = c.value;
  switch (c.op) {
    case '=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
      return compareValues(lhs, rhs as SpecScalar) < 0;
    case '<=':
      return compareValues(lhs, rhs as SpecScalar) <= 0;
    case '>':
      return compareValues(lhs, rhs as SpecScalar) > 0;
    case '>=':
      return compareValues(lhs, rhs as SpecScalar) >= 0;
    case 'IN':
      return (rhs as readonly SpecScalar[]).includes(lhs);
    case 'NOT IN':
      return !(rhs as readonly SpecScalar[]).includes(lhs);
    case 'LIKE':
      return likeToRegExp(String(rhs), '').test(String(lhs));
    case 'NOT LIKE':
      return !likeToRegExp(String(rhs), '').test(String(lhs));
    case 'ILIKE':
      return likeToRegExp(String(rhs), 'i').test(String(lhs));
    case 'NOT ILIKE':
      return !likeToRegExp(String(rhs), 'i').test(String(lhs));
  }
}

/** ZQL's value order: NULL before everything, then by type-specific order. */
export function compareValues(a: unknown, b: unknown): number {
  a = a ?? null;
  b = b ?? null;
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return String(a) < String(b) ? -1 : 1;
}

export function comparator(order: readonly OrderTerm[]): (a: PlainRow, b: PlainRow) => number {
  return (a, b) => {
    for (const [column, direction] of order) {
      const c = compareValues(a[column], b[column]);
      if (c !== 0) return direction === 'asc' ? c : -c;
    }
    return 0;
  };
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRe(pattern[++i] ?? '');
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRe(ch);
  }
  return new RegExp(`^${source}$`, `s${flags}`);
}

function escapeRe(s: string): string {
  return s.replace(/[$()*+.?[\]\\^{|}/-]/g, '\\$&');
}

function withIncludes(
  row: PlainRow,
  model: ModelConfig,
  includes: readonly IncludeSpec[],
  rowsOf: RowsOf,
  models: ReadonlyMap<string, ModelConfig>,
): PlainRow {
  const out: Record<string, unknown> = {...row};
  for (const inc of includes) {
    const assoc = model.associations[inc.name];
    const target = assoc?.table ? models.get(assoc.table) : undefined;
    if (!assoc || !target || assoc.through || assoc.kind === 'has_and_belongs_to_many') {
      out[inc.name] = assoc?.kind === 'has_many' || assoc?.kind === 'has_and_belongs_to_many' ? [] : undefined;
      continue;
    }
    const nested = (r: PlainRow) => (inc.includes.length ? withIncludes(r, target, inc.includes, rowsOf, models) : r);
    const candidates = rowsOf(target.table);
    if (assoc.kind === 'belongs_to') {
      const key = row[assoc.foreignKey];
      const found = key == null ? undefined : candidates.find(r => r[assoc.primaryKey] === key);
      out[inc.name] = found && nested(found);
    } else {
      const key = row[assoc.primaryKey];
      const related = candidates
        .filter(r => key != null && r[assoc.foreignKey] === key)
        .sort(comparator([...associationOrder(assoc, target), [target.primaryKey, 'asc']]))
        .map(nested);
      out[inc.name] = assoc.kind === 'has_one' ? related[0] : related;
    }
  }
  return out;
}

/**
 * EXISTS over in-memory rows: the association's related rows of `row`, any of
 * which satisfies the condition's own `where` (evaluated against the target
 * model, so nested EXISTS work too).
 */
export function existsOver(rowsOf: RowsOf, models: ReadonlyMap<string, ModelConfig>, model: ModelConfig | undefined): ExistsTest {
  return (row, c) => {
    const assoc = model?.associations[c.association];
    const target = assoc?.table === undefined ? undefined : models.get(assoc.table);
    if (!model || !assoc || !target) return false;
    const nested = existsOver(rowsOf, models, target);
    return relatedRows(row, model, assoc, rowsOf, models).some(r => c.where.every(sub => matches(r, sub, nested)));
  };
}

/** The rows an association of `row` reaches: by its keys, or `through` hop by hop (HABTM: none). */
export function relatedRows(
  row: PlainRow,
  model: ModelConfig,
  assoc: AssociationConfig,
  rowsOf: RowsOf,
  models: ReadonlyMap<string, ModelConfig>,
  depth = 0,
): PlainRow[] {
  if (assoc.table === undefined || depth > 4) return [];
  const candidates = rowsOf(assoc.table);
  if (assoc.through !== undefined) {
    const via = model.associations[assoc.through];
    const middle = via?.table === undefined ? undefined : models.get(via.table);
    if (!via || !middle) return [];
    // The source association on the intermediate model: the one reaching the same table by the same keys.
    const source = Object.values(middle.associations).find(
      a => a.table === assoc.table && a.foreignKey === assoc.foreignKey && a.primaryKey === assoc.primaryKey,
    );
    if (!source) return [];
    const seen = new Set<PlainRow>();
    for (const m of relatedRows(row, model, via, rowsOf, models, depth + 1)) {
      for (const r of relatedRows(m, middle, source, rowsOf, models, depth + 1)) seen.add(r);
    }
    return [...seen];
  }
  // HABTM: the config does not carry the join table's second key, so its rows are not followed here.
  if (assoc.kind === 'has_and_belongs_to_many') return [];
  if (assoc.kind === 'belongs_to') {
    const key = row[assoc.foreignKey];
    return key == null ? [] : candidates.filter(r => r[assoc.primaryKey] === key);
  }
  const key = row[assoc.primaryKey];
  const typeColumn = assoc.as === undefined ? undefined : `${assoc.as}_type`;
  return candidates.filter(r => key != null && r[assoc.foreignKey] === key && (typeColumn === undefined || r[typeColumn] === model.className));
}
