import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {ConditionOperator, JSONValue, ScopeConditionTree, ScopeValue} from '../../contract/model-config.ts';

type Libpg = typeof import('libpg-query');
let libpg: Libpg | null = null;
let loading: Promise<void> | null = null;

type Token = {readonly start: number; readonly end: number; readonly text: string; readonly tokenName: string};

/**
 * Scanner and parser results by input text, kept across runs in a cache file
 * (`GenerateOptions.cacheDir`): they depend only on the text and the parser's
 * version, and loading the parser costs more than a whole regeneration of an
 * app whose SQL did not change.
 */
interface SqlCache {
  readonly version: string;
  readonly scan: Record<string, readonly Token[]>;
  readonly parse: Record<string, unknown>;
}

const PARSER_VERSION = (createRequire(import.meta.url)('libpg-query/package.json') as {version: string}).version;
let cache: SqlCache = {version: PARSER_VERSION, scan: {}, parse: {}};
let dirty = false;

function cacheFile(dir: string): string {
  return path.join(dir, 'sql-parse.json');
}

export function loadSqlCache(dir: string): void {
  try {
    const stored = JSON.parse(readFileSync(cacheFile(dir), 'utf8')) as SqlCache;
    if (stored.version === PARSER_VERSION && typeof stored.scan === 'object' && typeof stored.parse === 'object') cache = stored;
  } catch {
    // no cache yet, or unreadable: parse again
  }
}

export function saveSqlCache(dir: string): void {
  if (!dirty) return;
  try {
    mkdirSync(dir, {recursive: true});
    const tmp = `${cacheFile(dir)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, cacheFile(dir));
    dirty = false;
  } catch {
    // a read-only cache directory only costs the next run a parser load
  }
}

class ParserNotLoaded extends Error {}

function scanTokens(sql: string): readonly Token[] {
  const hit = cache.scan[sql];
  if (hit !== undefined) return hit;
  if (libpg === null) throw new ParserNotLoaded();
  const tokens = libpg.scanSync(sql).tokens.map(({start, end, text, tokenName}) => ({start, end, text, tokenName}));
  cache.scan[sql] = tokens;
  dirty = true;
  return tokens;
}

function parseTree(query: string): {stmts?: {stmt: unknown}[]} {
  if (Object.hasOwn(cache.parse, query)) return cache.parse[query] as {stmts?: {stmt: unknown}[]};
  if (libpg === null) throw new ParserNotLoaded();
  let tree: unknown;
  try {
    tree = libpg.parseSync(query);
  } catch (error) {
    tree = {error: (error as Error).message};
  }
  cache.parse[query] = tree;
  dirty = true;
  return tree as {stmts?: {stmt: unknown}[]};
}

/** Whether translating these SQL strings needs the parser loaded (some text is not in the cache). */
export function sqlParserNeeded(strings: readonly {readonly sql: string; readonly kind: 'where' | 'order'}[]): boolean {
  if (libpg !== null) return false;
  try {
    for (const {sql, kind} of strings) {
      try {
        if (kind === 'where') parseTree(`${WHERE_PREFIX}${numberBinds(sql).sql}`);
        else parseTree(`${ORDER_PREFIX}${sql}`);
      } catch (error) {
        if (!(error instanceof SqlUntranslatable)) throw error;
      }
    }
  } catch (error) {
    if (error instanceof ParserNotLoaded) return true;
    throw error;
  }
  return false;
}

const WHERE_PREFIX = 'SELECT 1 WHERE ';
const ORDER_PREFIX = 'SELECT 1 ORDER BY ';

/**
 * Loads PostgreSQL's own parser (libpg-query, WASM; ~200 ms) once, only for apps
 * that have SQL-string scopes. SQL in scopes is parsed by it, never by regexps.
 */
export function loadSqlParser(): Promise<void> {
  loading ??= import('libpg-query').then(async (mod) => {
    await mod.loadModule();
    libpg = mod;
  });
  return loading;
}

export class SqlUntranslatable extends Error {}

/** A column of another table (`case_assignments.active`): the caller may translate the SQL over that joined table. */
export class SqlOtherTable extends SqlUntranslatable {
  readonly table: string;
  constructor(table: string, reason: string) {
    super(reason);
    this.table = table;
  }
}

function fail(reason: string): never {
  throw new SqlUntranslatable(reason);
}

/** What an SQL fragment may refer to. */
export interface SqlContext {
  readonly table: string;
  readonly columns: ReadonlySet<string>;
  /**
   * Every column must be named with the table (`case_assignments.active`): the SQL is read over a
   * joined table, where an unqualified name would be the scope's own table's.
   */
  readonly qualifiedOnly?: boolean;
  /** Value of the n-th `?` (0-based) or of `:name`, already translated; throws to refuse. */
  readonly bind: (ref: number | string) => ScopeValue;
  /** A relative time for `now()` / `CURRENT_TIMESTAMP` / `CURRENT_DATE`. */
  readonly now: (date: boolean) => ScopeValue;
}

/**
 * Rails' bind placeholders (`?`, `:name`) → PostgreSQL's `$n`, found with
 * PostgreSQL's scanner so `::` casts and quoted text are told apart. A `?`
 * inside a string literal is refused: Rails would substitute it there too.
 */
function numberBinds(sql: string): {sql: string; refs: (number | string)[]} {
  const bytes = Buffer.from(sql, 'utf8');
  const tokens = scanTokens(sql);
  const refs: (number | string)[] = [];
  let out = '';
  let at = 0;
  let positional = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenName === 'SCONST' && /[?]/.test(t.text)) fail('a `?` inside an SQL string literal');
    const next = tokens[i + 1];
    let replace: {end: number; ref: number | string} | null = null;
    if (t.text === '?') replace = {end: t.end, ref: positional++};
    else if (t.text === ':' && next !== undefined && next.start === t.end && /^[A-Za-z]\w*$/.test(next.text)) {
      replace = {end: next.end, ref: next.text};
      i++;
    }
    if (replace === null) continue;
    out += bytes.subarray(at, t.start).toString('utf8');
    refs.push(replace.ref);
    out += `$${refs.length}`;
    at = replace.end;
  }
  out += bytes.subarray(at).toString('utf8');
  return {sql: out, refs};
}

type Node = Record<string, unknown>;

function kindOf(node: unknown): [string, Node] {
  if (node === null || typeof node !== 'object') fail('unexpected SQL node');
  const [entry] = Object.entries(node as Node);
  if (entry === undefined) fail('empty SQL node');
  return [entry[0], entry[1] as Node];
}

function statementOf(sql: string, prefix: string): Node {
  const parsed = parseTree(`${prefix}${sql}`) as {stmts?: {stmt: unknown}[]; error?: string};
  if (parsed.error !== undefined) fail(`SQL that PostgreSQL does not parse (${parsed.error})`);
  const stmts = parsed.stmts ?? [];
  if (stmts.length !== 1) fail('SQL with several statements');
  const [kind, select] = kindOf(stmts[0]!.stmt);
  if (kind !== 'SelectStmt') fail('SQL that is not a condition');
  for (const key of Object.keys(select)) {
    if (!['targetList', 'whereClause', 'sortClause', 'limitOption', 'op'].includes(key)) fail(`SQL with ${key}`);
  }
  if (select['op'] !== 'SETOP_NONE') fail('SQL with a set operation');
  return select;
}

/** `"jobs"."status"`, `status` → a column of the model's table; anything else refuses. */
function column(node: Node, ctx: SqlContext): string {
  const fields = (node['fields'] as unknown[]).map((f) => {
    const [k, v] = kindOf(f);
    if (k !== 'String') fail('`*` or an unusual column reference');
    return v['sval'] as string;
  });
  if (ctx.qualifiedOnly === true && fields.length === 1) fail(`column ${fields[0]!} without its table, next to columns of ${ctx.table}`);
  const name = fields.length === 1 ? fields[0]! : fields.length === 2 && fields[0] === ctx.table ? fields[1]! : null;
  if (name === null && fields.length === 2) throw new SqlOtherTable(fields[0]!, `column ${fields.join('.')} of another table`);
  if (name === null) fail(`column ${fields.join('.')} of another table (joins are not translated)`);
  if (!ctx.columns.has(name)) fail(`${name}, which is not a column of ${ctx.table}`);
  return name;
}

function constant(node: Node): JSONValue {
  if (node['isnull'] === true) return null;
  if ('ival' in node) return ((node['ival'] as Node)['ival'] as number | undefined) ?? 0;
  if ('fval' in node) return Number((node['fval'] as Node)['fval']);
  if ('sval' in node) return ((node['sval'] as Node)['sval'] as string | undefined) ?? '';
  if ('boolval' in node) return ((node['boolval'] as Node)['boolval'] as boolean | undefined) ?? false;
  fail('an unusual SQL constant');
}

/** A value operand: a constant, a bind, or now / CURRENT_TIMESTAMP / CURRENT_DATE. */
function operand(node: unknown, ctx: SqlContext, refs: readonly (number | string)[]): ScopeValue | undefined {
  const [kind, v] = kindOf(node);
  if (kind === 'A_Const') return constant(v);
  if (kind === 'ParamRef') return ctx.bind(refs[(v['number'] as number) - 1]!);
  if (kind === 'SQLValueFunction') {
    const op = v['op'] as string;
    if (op === 'SVFOP_CURRENT_TIMESTAMP' || op === 'SVFOP_LOCALTIMESTAMP') return ctx.now(false);
    if (op === 'SVFOP_CURRENT_DATE') return ctx.now(true);
    fail(`SQL ${op.replace('SVFOP_', '')}`);
  }
  if (kind === 'FuncCall') {
    const name = (v['funcname'] as unknown[]).map((f) => kindOf(f)[1]['sval']).join('.');
    if (name === 'now' && v['args'] === undefined) return ctx.now(false);
    fail(`SQL function ${name}()`);
  }
  return undefined;
}

const COMPARISONS: Readonly<Record<string, ConditionOperator>> = {'=': '=', '<>': '!=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>='};
const FLIPPED: Readonly<Record<string, ConditionOperator>> = {'=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<='};

function isNullValue(v: ScopeValue): boolean {
  return v === null;
}

function condition(node: unknown, ctx: SqlContext, refs: readonly (number | string)[]): ScopeConditionTree {
  const [kind, v] = kindOf(node);
  const sub = (n: unknown): ScopeConditionTree => condition(n, ctx, refs);
  switch (kind) {
    case 'BoolExpr': {
      const args = (v['args'] as unknown[]).map(sub);
      if (v['boolop'] === 'AND_EXPR') return {all: args};
      if (v['boolop'] === 'OR_EXPR') return {any: args};
      return {not: args[0]!};
    }
    case 'NullTest':
      return {column: column(kindOf(v['arg'])[1], ctx), operator: v['nulltesttype'] === 'IS_NULL' ? 'IS' : 'IS NOT', value: null};
    case 'ColumnRef':
      // `WHERE active`: a boolean column on its own.
      return {column: column(v, ctx), operator: '=', value: true};
    case 'BooleanTest': {
      const col = column(kindOf(v['arg'])[1], ctx);
      const test = v['booltesttype'] as string;
      if (test === 'IS_TRUE') return {column: col, operator: '=', value: true};
      if (test === 'IS_FALSE') return {column: col, operator: '=', value: false};
      fail(`SQL ${test.replace('_', ' ')}`);
      break;
    }
    case 'A_Expr':
      return expression(v, ctx, refs);
    default:
      fail(`SQL ${kind}`);
  }
}

function expression(v: Node, ctx: SqlContext, refs: readonly (number | string)[]): ScopeConditionTree {
  const name = (v['name'] as unknown[]).map((n) => kindOf(n)[1]['sval'] as string).join('.');
  const exprKind = v['kind'] as string;
  const [leftKind, left] = kindOf(v['lexpr']);
  const value = (n: unknown): ScopeValue => {
    const v = operand(n, ctx, refs);
    return v === undefined ? fail('an SQL expression where a value was expected') : v;
  };
  const list = (n: unknown): ScopeValue[] => {
    const [k, l] = kindOf(n);
    if (k !== 'List') return [value(n)];
    return (l['items'] as unknown[]).map(value);
  };
  switch (exprKind) {
    case 'AEXPR_OP': {
      const op = COMPARISONS[name];
      if (op === undefined) fail(`SQL operator ${name}`);
      let col: string;
      let val: ScopeValue;
      let operator = op;
      if (leftKind === 'ColumnRef') {
        col = column(left, ctx);
        val = value(v['rexpr']);
      } else {
        const [rightKind, right] = kindOf(v['rexpr']);
        if (rightKind !== 'ColumnRef') fail('an SQL comparison without a column');
        col = column(right, ctx);
        val = value(v['lexpr']);
        operator = FLIPPED[op]!;
      }
      // `col = NULL` is never true in SQL; refuse rather than turn it into IS NULL.
      if (isNullValue(val)) fail('a comparison with NULL (never true in SQL)');
      return {column: col, operator, value: val};
    }
    case 'AEXPR_IN': {
      if (leftKind !== 'ColumnRef') fail('IN without a column');
      const items = list(v['rexpr']);
      const operator = name === '=' ? 'IN' : 'NOT IN';
      // `col IN (?)` with one bind: Rails expands the bound array (or quotes one value).
      if (items.length === 1 && typeof items[0] === 'object' && items[0] !== null && !Array.isArray(items[0])) return {column: column(left, ctx), operator, value: items[0]};
      if (items.some((i) => typeof i === 'object' && i !== null && !Array.isArray(i))) fail('IN with several binds');
      return {column: column(left, ctx), operator, value: items as JSONValue[]};
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      if (leftKind !== 'ColumnRef') fail('LIKE without a column');
      if (v['rexpr'] !== undefined && kindOf(v['rexpr'])[0] === 'FuncCall') fail('LIKE … ESCAPE');
      const like: ScopeConditionTree = {column: column(left, ctx), operator: exprKind === 'AEXPR_LIKE' ? 'LIKE' : 'ILIKE', value: value(v['rexpr'])};
      return name.startsWith('!') ? {not: like} : like;
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      if (leftKind !== 'ColumnRef') fail('BETWEEN without a column');
      const col = column(left, ctx);
      const [from, to] = list(v['rexpr']);
      const between: ScopeConditionTree = {all: [{column: col, operator: '>=', value: from!}, {column: col, operator: '<=', value: to!}]};
      return exprKind === 'AEXPR_BETWEEN' ? between : {not: between};
    }
    default:
      fail(`SQL ${exprKind.replace('AEXPR_', '').toLowerCase()} expression`);
  }
}

/** A Rails `where("…", binds)` string → a condition tree on the model's own columns. */
export function sqlCondition(sql: string, ctx: SqlContext): ScopeConditionTree {
  const {sql: numbered, refs} = numberBinds(sql);
  const select = statementOf(numbered, WHERE_PREFIX);
  if (select['sortClause'] !== undefined) fail('ORDER BY inside a condition');
  return condition(select['whereClause'], ctx, refs);
}

/** A Rails `order("a DESC, b")` string → columns and directions; NULLS FIRST/LAST and expressions refuse. */
export function sqlOrder(sql: string, ctx: Pick<SqlContext, 'table' | 'columns'>): {column: string; direction: 'asc' | 'desc'}[] {
  const select = statementOf(sql, ORDER_PREFIX);
  const full: SqlContext = {...ctx, bind: () => fail('a bind in ORDER BY'), now: () => fail('now() in ORDER BY')};
  return (select['sortClause'] as unknown[]).map((s) => {
    const [, sortBy] = kindOf(s);
    const [kind, node] = kindOf(sortBy['node']);
    if (kind !== 'ColumnRef') fail('ORDER BY an expression');
    if (sortBy['sortby_nulls'] !== 'SORTBY_NULLS_DEFAULT') fail('ORDER BY … NULLS FIRST/LAST');
    const dir = sortBy['sortby_dir'];
    if (dir === 'SORTBY_USING') fail('ORDER BY … USING');
    return {column: column(node, full), direction: dir === 'SORTBY_DESC' ? 'desc' : 'asc'};
  });
}
