import type {AST, Condition, CorrelatedSubquery, Schema} from '@rocicorp/zero';
import type {SpecCondition} from '../../contract/query-spec.ts';
import type {ReadFilter} from './read-filters.ts';

/** Zero's always-false condition (an empty OR), as its own expression builder writes it. */
const FALSE: Condition = {type: 'or', conditions: []};

/**
 * Narrows a resolved query's AST to what the user may read: every table the
 * query touches — the queried one, each related subquery (`includes`,
 * `related()`) at any depth, and each EXISTS / NOT EXISTS subquery in a
 * `where` — gets that table's read filter ANDed into its own `where`.
 * Working on the AST (after the query was built, whoever built it) means no
 * query — a model query, an app's own synced query, a hand-written raw
 * request — can reach a row the policy hides, and limits apply to the
 * visible rows only. The AST is in server names (what zero-cache runs).
 */
export function restrictQueryAst(ast: AST, filterFor: (table: string) => ReadFilter, schema: Schema): AST {
  return astRestrictor(filterFor, schema)(ast);
}

/**
 * `restrictQueryAst` for many queries of one request: each table's filter is
 * turned into an AST condition once, not once per query.
 */
export function astRestrictor(filterFor: (table: string) => ReadFilter, schema: Schema): (ast: AST) => AST {
  const names = serverNames(schema);
  const rules = new Map<string, Condition | null>();
  const ruleFor = (serverTable: string): Condition | null => {
    let rule = rules.get(serverTable);
    if (rule === undefined) {
      const filter = filterFor(names.tableOf(serverTable));
      rule =
        filter.kind === 'all' ? null : filter.kind === 'none' ? FALSE : toAstCondition(filter.condition, (column) => names.columnOf(serverTable, column));
      rules.set(serverTable, rule);
    }
    return rule;
  };
  const restrict = (node: AST): AST => {
    const rule = ruleFor(node.table);
    const own = node.where === undefined ? undefined : restrictCondition(node.where);
    const where = rule === null ? own : own === undefined ? rule : {type: 'and' as const, conditions: [own, rule]};
    const related = node.related?.map(restrictSubquery);
    return {...node, ...(where === undefined ? {} : {where}), ...(related === undefined ? {} : {related})};
  };
  const restrictSubquery = (sub: CorrelatedSubquery): CorrelatedSubquery => ({...sub, subquery: restrict(sub.subquery)});
  const restrictCondition = (c: Condition): Condition => {
    switch (c.type) {
      case 'simple':
        return c;
      case 'and':
      case 'or':
        return {...c, conditions: c.conditions.map(restrictCondition)};
      case 'correlatedSubquery':
        return {...c, related: restrictSubquery(c.related)};
    }
  };
  return restrict;
}

/** A query-spec condition as a Zero AST condition over literal values. */
function toAstCondition(c: SpecCondition, column: (name: string) => string): Condition {
  switch (c.type) {
    case 'and':
    case 'or':
      return {type: c.type, conditions: c.conditions.map((sub) => toAstCondition(sub, column))};
    case 'simple':
      return {
        type: 'simple',
        op: c.op,
        left: {type: 'column', name: column(c.column)},
        right: {type: 'literal', value: c.value as never},
      };
  }
}

interface ServerNames {
  /** Client (policy) table name of a server table name. */
  tableOf(serverTable: string): string;
  /** Server column name of a client column of the table (given by its server name). */
  columnOf(serverTable: string, column: string): string;
}

type SchemaTables = Readonly<
  Record<string, {readonly name: string; readonly serverName?: string; readonly columns: Readonly<Record<string, {readonly serverName?: string}>>}>
>;

const namesCache = new WeakMap<Schema, ServerNames>();

/** Zero maps client names to server names (`.from()`); policies speak client names. */
function serverNames(schema: Schema): ServerNames {
  const cached = namesCache.get(schema);
  if (cached !== undefined) return cached;
  const tables = schema.tables as SchemaTables;
  const clientTable = new Map<string, string>();
  const serverColumn = new Map<string, Map<string, string>>();
  for (const [name, table] of Object.entries(tables)) {
    const server = table.serverName ?? name;
    clientTable.set(server, name);
    serverColumn.set(server, new Map(Object.entries(table.columns).map(([c, col]) => [c, col.serverName ?? c])));
  }
  const names: ServerNames = {
    tableOf: (serverTable) => clientTable.get(serverTable) ?? serverTable,
    columnOf: (serverTable, column) => serverColumn.get(serverTable)?.get(column) ?? column,
  };
  namesCache.set(schema, names);
  return names;
}
