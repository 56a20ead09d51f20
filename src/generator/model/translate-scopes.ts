import * as P from '@ruby/prism/src/nodes.js';
import type {ConditionOperator, JSONValue, MergedScope, ScopeArgumentTest, ScopeCondition, ScopeConditionTree, ScopeConfig, ScopeStep, ScopeValue} from '../../contract/model-config.ts';
import type {Report} from '../report.ts';
import {callArguments, constantName, hashOf, literalJson, nameOf, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import type {EnumIR} from './translate-enums.ts';
import {relativeTime} from './relative-time.ts';
import {rubyRegexpToJs} from './ruby-regexp.ts';
import {sqlCondition, sqlOrder, SqlOtherTable, SqlUntranslatable} from './translate-sql.ts';
import {arelCondition, ArelUntranslatable} from './translate-arel.ts';
import {aasmScopes} from './aasm-scopes.ts';
import {JoinState, JoinUntranslatable, type JoinModel, type JoinWorld} from './scope-joins.ts';

export interface ScopeIR {
  readonly name: string;
  /** The model's `default_scope` (applied to every read), not a named scope. */
  readonly isDefault?: boolean;
  readonly line: number;
  readonly file: string;
  readonly result: {readonly config: ScopeConfig; readonly merges: readonly MergeRef[]} | {readonly skip: string; readonly source: string};
}

/** A scope of another model this scope merges into a join (`merge(Entry.visible)`). */
export interface MergeRef {
  readonly className: string;
  readonly scope: string;
}

class Untranslatable extends Error {}

function fail(reason: string): never {
  throw new Untranslatable(reason);
}

/**
 * Translates `scope :name, -> { … }` bodies that are a chain of `where(hash)`,
 * `where.not(hash)`, `order`, `limit`, `all`, enum scopes and other scopes of the
 * same model. Everything else (SQL strings, joins, Ruby logic) is reported and
 * skipped: a wrong scope is worse than a missing one.
 */
export function translateScopes(model: ModelIR, enums: readonly EnumIR[], world: JoinWorld): ScopeIR[] {
  const self = world.model(model.className);
  const {columns, declared, scopeMethods, enumByColumn, literalMethods, enumScopes, discardColumn} = scopeSetup(model, enums);
  const joiningScopes = joiningScopesOf(model, scopeMethods);
  const out: ScopeIR[] = [];
  for (const macro of model.macros) {
    if (macro.name !== 'scope') continue;
    const args = callArguments(macro.call);
    const name = nameOf(args.positional[0]);
    const at = {file: macro.source.file, line: macro.line};
    if (name === null) {
      out.push({name: '?', ...at, result: {skip: 'dynamic scope name', source: macro.source.textOf(macro.call).split('\n')[0]!}});
      continue;
    }
    const body = args.positional[1] ?? (args.block === null ? undefined : ({kind: 'lambda', node: macro.call} as RubyValue));
    translate(name, at, macro.source, macro.call, () => {
      if (body?.kind !== 'lambda') fail('the scope body is not a lambda');
      return lambdaParts(body.node);
    });
  }
  // `default_scope { where(…) }` / `default_scope -> { order(…) }`: translated like a scope, applied to every read.
  const defaults = model.macros.filter((m) => m.name === 'default_scope');
  for (const macro of defaults) {
    const args = callArguments(macro.call);
    const body = args.positional[0] ?? (args.block === null ? undefined : ({kind: 'lambda', node: macro.call} as RubyValue));
    translate('default_scope', {file: macro.source.file, line: macro.line}, macro.source, macro.call, () => {
      if (defaults.length > 1) fail('several default_scope declarations (Rails combines them)');
      if (body?.kind !== 'lambda') fail('the default_scope body is not a block or lambda');
      const parts = lambdaParts(body.node);
      if (parts.params.length > 0) fail('a default_scope with parameters');
      return parts;
    });
    const last = out.at(-1);
    if (last?.name === 'default_scope') {
      out[out.length - 1] = {...last, isDefault: true};
      if ('config' in last.result && last.result.config.steps.some((st) => st.op === 'limit')) {
        out[out.length - 1] = {...last, isDefault: true, result: {skip: 'a default_scope with a limit', source: 'default_scope'}};
      }
    }
  }
  // `def self.recent = where(…)`: a class method whose body is one relation expression is a scope.
  for (const m of scopeMethods) {
    translate(m.name, {file: m.source.file, line: m.line}, m.source, m.node, () => methodParts(m.node));
  }
  return out;

  function translate(
    name: string,
    at: {file: string; line: number},
    source: ModelIR['macros'][number]['source'],
    node: P.Node,
    parts: () => {params: string[]; defaults?: Record<string, JSONValue>; expression: P.Node; locals?: ReadonlyMap<string, P.Node>},
  ): void {
    // A later definition of the same name (a class method redefining a scope) wins, as in Ruby.
    const previous = out.findIndex((o) => o.name === name);
    if (previous !== -1) out.splice(previous, 1);
    try {
      if (self === undefined) fail('the model is not known to the join index');
      const {params, defaults, expression, locals} = parts();
      const joins = new JoinState(self, world);
      const merges: MergeRef[] = [];
      const ctx: ChainContext = {
        params: new Set(params),
        columns,
        enumByColumn,
        enumScopes,
        declared,
        self: name,
        table: model.table.name,
        discardColumn,
        constants: model.constants,
        textOf: (n) => source.textOf(n).split('\n')[0]!.slice(0, 60),
        joins,
        joinModel: self,
        world,
        merges,
        className: model.className,
        literalMethods,
        locals: locals ?? new Map(),
        implicitOrder: model.settings.has('implicit_order_column') ? (nameOf(model.settings.get('implicit_order_column')?.value) ?? '?') : null,
        joiningScopes,
        inlining: new Set([name]),
      };
      const steps = translateChain(expression, ctx);
      resolveTableWheres(ctx);
      const joined = joins.conditions();
      if (joined.length > 0) steps.push({op: 'where', conditions: joined});
      // The scopes a joined association's own scope calls are checked like merges (translated, conditions only).
      merges.push(...joins.impliedMerges);
      const config: ScopeConfig = defaults !== undefined && Object.keys(defaults).length > 0 ? {name, params, defaults, steps} : {name, params, steps};
      out.push({name, ...at, result: {config, merges}});
    } catch (error) {
      if (!(error instanceof Untranslatable) && !(error instanceof JoinUntranslatable)) throw error;
      out.push({name, ...at, result: {skip: error.message, source: source.textOf(node).split('\n')[0]!}});
    }
  }
}

/**
 * The conditions an association's scope (`has_one :latest_version, -> { where(latest: true) }`)
 * adds to a join of it, translated against the target model: Rails puts only the scope's WHERE
 * into the join's ON clause (`arel.constraints`), so an order or limit there changes nothing an
 * EXISTS returns and is dropped. Anything else (parameters, joins, Ruby) is a JoinUntranslatable.
 */
export function translateAssociationScope(
  model: ModelIR,
  enums: readonly EnumIR[],
  world: JoinWorld,
  scope: RubyValue,
): {readonly where: ScopeConditionTree[]; readonly scopes: MergedScope[]} {
  try {
    const self = world.model(model.className);
    if (self === undefined) fail('the model is not known to the join index');
    if (scope.kind !== 'lambda') fail('not a lambda');
    const {params, expression, locals} = lambdaParts(scope.node);
    // `->(user) { where(user_id: user.id) }` depends on the owner record, which an EXISTS over a relationship does not have.
    if (params.length > 0) fail('it takes the owner record as a parameter');
    const {columns, declared, enumByColumn, literalMethods, enumScopes, discardColumn} = scopeSetup(model, enums);
    const joins = new JoinState(self, world);
    const ctx: ChainContext = {
      params: new Set(),
      columns,
      enumByColumn,
      enumScopes,
      declared,
      self: '',
      table: model.table.name,
      discardColumn,
      constants: model.constants,
      textOf: (n) => n.constructor.name,
      joins,
      joinModel: self,
      world,
      merges: [],
      className: model.className,
      literalMethods,
      locals: locals ?? new Map(),
      implicitOrder: null,
      joiningScopes: new Map(),
      inlining: new Set(),
    };
    const steps = translateChain(expression, ctx);
    resolveTableWheres(ctx);
    if (joins.roots.size > 0 || ctx.merges.length > 0) fail('it joins or merges (Rails adds those joins too)');
    const where: ScopeConditionTree[] = [];
    const scopes: MergedScope[] = [];
    for (const st of steps) {
      if (st.op === 'order' || st.op === 'limit') continue;
      if (st.op === 'scope') scopes.push({name: st.name, args: st.args});
      else if (st.op === 'where') {
        // A `{scope}` inside a condition would be checked against the joining model's scopes: not here.
        if (treeReferences([st]).length > 0) fail('an or over scopes');
        where.push(...st.conditions);
      } else fail(`a step ${st.op}`);
    }
    return {where, scopes};
  } catch (error) {
    if (error instanceof Untranslatable || error instanceof JoinUntranslatable) throw new JoinUntranslatable(`its association scope is not translated (${error.message})`);
    throw error;
  }
}

const JOIN_CALLS = new Set(['joins', 'inner_joins', 'left_joins', 'left_outer_joins', 'includes', 'eager_load', 'associated', 'missing']);

/**
 * The model's scopes (and relation class methods) without parameters whose chain joins, or calls
 * one that does (`visible` → `with_entry` → `joins(:entry)`); the last definition of a name wins.
 */
function joiningScopesOf(
  model: ModelIR,
  scopeMethods: readonly ModelIR['classMethods'][number][],
): Map<string, () => {expression: P.Node; locals?: ReadonlyMap<string, P.Node>}> {
  type Parts = {params: string[]; expression: P.Node; locals?: ReadonlyMap<string, P.Node>};
  const candidates = new Map<string, Parts>();
  const add = (name: string, parts: () => Parts): void => {
    candidates.delete(name);
    try {
      const p = parts();
      if (p.params.length === 0) candidates.set(name, p);
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
    }
  };
  for (const macro of model.macros) {
    if (macro.name !== 'scope') continue;
    const args = callArguments(macro.call);
    const name = nameOf(args.positional[0]);
    const body = args.positional[1] ?? (args.block === null ? undefined : ({kind: 'lambda', node: macro.call} as RubyValue));
    if (name !== null && body?.kind === 'lambda') add(name, () => lambdaParts(body.node));
  }
  for (const m of scopeMethods) add(m.name, () => methodParts(m.node));
  const out = new Map<string, () => Parts>();
  const joins = (node: P.Node | null | undefined): boolean => {
    for (let call = node; call instanceof P.CallNode; call = call.receiver) if (JOIN_CALLS.has(call.name) || (out.has(call.name) && call.arguments_ === null)) return true;
    return false;
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, p] of candidates) {
      if (out.has(name) || !(joins(p.expression) || [...(p.locals?.values() ?? [])].some(joins))) continue;
      out.set(name, () => p);
      grew = true;
    }
  }
  return out;
}

/** What translating any scope of a model needs: its columns, declared scopes, enum and gem scopes. */
function scopeSetup(model: ModelIR, enums: readonly EnumIR[]) {
  const columns = new Set(model.table.columns.map((c) => c.name));
  const declared = new Set<string>();
  for (const macro of model.macros) {
    if (macro.name !== 'scope') continue;
    const name = nameOf(callArguments(macro.call).positional[0]);
    if (name !== null) declared.add(name);
  }
  // Class methods may chain each other (`def self.top = live.limit(3)`): grow until stable.
  const scopeMethods: ModelIR['classMethods'][number][] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of model.classMethods) {
      if (scopeMethods.includes(m) || !isRelationMethod(m.node, declared)) continue;
      scopeMethods.push(m);
      declared.add(m.name);
      grew = true;
    }
  }
  scopeMethods.sort((a, b) => model.classMethods.indexOf(a) - model.classMethods.indexOf(b));
  const enumByColumn = new Map(enums.map((e) => [e.config.column, e]));
  const literalMethods = literalClassMethods(model);
  // Rails defines `open` and (since 6.0) `not_open` for each enum value.
  const enumScopes = new Map<string, {column: string; value: string | number; negate: boolean}>();
  for (const e of enums) {
    if (!e.scopes) continue;
    for (const [key, value] of Object.entries(e.config.values)) {
      enumScopes.set(e.rubyScopes[key]!, {column: e.config.column, value, negate: false});
      enumScopes.set(`not_${e.rubyScopes[key]!}`, {column: e.config.column, value, negate: true});
    }
  }

  // AASM's state scopes (`Order.purchased`), like enum scopes (a declared scope of the same name wins).
  for (const [name, {column, value}] of aasmScopes(model)) if (!enumScopes.has(name)) enumScopes.set(name, {column, value, negate: false});
  const discardColumn = model.includedModules.includes('Discard::Model')
    ? (nameOf(model.settings.get('discard_column')?.value) ?? 'discarded_at')
    : null;
  return {columns, declared, scopeMethods, enumByColumn, literalMethods, enumScopes, discardColumn};
}

/** The scopes `{scope}` nodes of these steps' condition trees name. */
function treeReferences(steps: readonly ScopeStep[]): string[] {
  const out: string[] = [];
  const visit = (t: ScopeConditionTree): void => {
    if ('scope' in t) out.push(t.scope);
    else if ('all' in t) t.all.forEach(visit);
    else if ('any' in t) t.any.forEach(visit);
    else if ('not' in t) visit(t.not);
  };
  for (const st of steps) if (st.op === 'where') st.conditions.forEach(visit);
  return out;
}

function hasExists(t: ScopeConditionTree): boolean {
  if ('exists' in t) return true;
  if ('all' in t) return t.all.some(hasExists);
  if ('any' in t) return t.any.some(hasExists);
  if ('not' in t) return hasExists(t.not);
  return false;
}

/** Every step, the branches of `if` steps included. */
function flatSteps(steps: readonly ScopeStep[]): ScopeStep[] {
  return steps.flatMap((st) => (st.op === 'if' ? [st, ...flatSteps(st.then), ...flatSteps(st.else)] : [st]));
}

/**
 * Across all models, until stable: a scope calling a skipped scope of its own
 * model cannot be translated either, nor one merging another model's scope that
 * is skipped, unknown, or orders/limits (a merge can only add conditions to the
 * join). Then each scope is reported. `scopes` is updated in place.
 */
export function settleScopes(scopes: Map<ModelIR, ScopeIR[]>, enums: ReadonlyMap<ModelIR, readonly EnumIR[]>, report: Report): void {
  const byClass = new Map([...scopes.keys()].map((m) => [m.className, m] as const));
  const conditionsOnly = (model: ModelIR, name: string, seen: Set<string>, noJoins = false): string | null => {
    const key = `${model.className}.${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const s = scopes.get(model)?.find((x) => x.name === name);
    if (s === undefined) {
      const isEnum = (enums.get(model) ?? []).some((e) => e.scopes && Object.values(e.rubyScopes).some((r) => r === name || `not_${r}` === name));
      const discard = model.includedModules.includes('Discard::Model') && (name === 'kept' || name === 'discarded' || name === 'undiscarded');
      return isEnum || discard ? null : `${key} is not a scope of ${model.className}`;
    }
    if ('skip' in s.result) return `${key} is not translated`;
    const steps = flatSteps(s.result.config.steps);
    for (const step of steps) {
      if (step.op === 'order' || step.op === 'limit') return `${key} orders or limits (a merge only adds conditions)`;
      if (step.op === 'scope') {
        const why = conditionsOnly(model, step.name, seen, noJoins);
        if (why !== null) return why;
      }
      // Rails' `or` requires both sides to join the same associations.
      if (noJoins && step.op === 'where' && step.conditions.some(hasExists)) return `${key} joins an association (Rails' or needs the same joins on both sides)`;
    }
    for (const ref of treeReferences(steps)) {
      const why = conditionsOnly(model, ref, seen, noJoins);
      if (why !== null) return why;
    }
    return null;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const [model, out] of scopes) {
      const skipped = new Set(out.filter((s) => 'skip' in s.result).map((s) => s.name));
      for (let i = 0; i < out.length; i++) {
        const s = out[i]!;
        if (!('config' in s.result)) continue;
        const steps = flatSteps(s.result.config.steps);
        const calls = steps.filter((st) => st.op === 'scope').map((st) => (st as {name: string}).name);
        const bad = calls.find((c) => skipped.has(c));
        let why = bad === undefined ? null : `calls scope ${bad}, which is not translated`;
        // `a.or(b)` references: translated scopes of conditions only.
        for (const ref of treeReferences(steps)) {
          if (why !== null) break;
          why = conditionsOnly(model, ref, new Set(), true);
          if (why !== null) why = `or/and over scope ${ref}: ${why}`;
        }
        for (const m of s.result.merges) {
          if (why !== null) break;
          const target = byClass.get(m.className);
          why = target === undefined ? `merges ${m.className}.${m.scope}, a model without scopes` : conditionsOnly(target, m.scope, new Set());
          if (why !== null) why = `merge(${m.className}.${m.scope}): ${why}`;
        }
        if (why !== null) {
          out[i] = {...s, result: {skip: why, source: `scope :${s.name}`}};
          changed = true;
        }
      }
    }
  }
  for (const [model, out] of scopes) {
    for (const s of out) {
      if ('config' in s.result) report.ok('scopes', `${model.baseClassName}:${s.file}:${s.line}:${s.name}`);
      else report.skip('scopes', `${model.className}.${s.name}`, s.result.skip, s, model.baseClassName);
    }
  }
}

const SQL_METHODS = new Set(['where', 'not', 'order', 'reorder', 'rewhere']);

/**
 * The SQL strings scopes pass to where/order, so that PostgreSQL's parser is
 * loaded (loadSqlParser, ~200 ms) only when some of them are not already in
 * the parse cache, and not at all for apps without SQL strings.
 */
export function scopeSqlStrings(models: readonly ModelIR[]): {sql: string; kind: 'where' | 'order'}[] {
  const out: {sql: string; kind: 'where' | 'order'}[] = [];
  const visit = (node: P.Node): void => {
    if (node instanceof P.CallNode && SQL_METHODS.has(node.name)) {
      const args = node.arguments_?.arguments_ ?? [];
      const first = args[0];
      if (node.name === 'order' || node.name === 'reorder') {
        for (const a of args) if (a instanceof P.StringNode) out.push({sql: a.unescaped.value, kind: 'order'});
      } else if (first instanceof P.StringNode) out.push({sql: first.unescaped.value, kind: 'where'});
      else if (first instanceof P.ArrayNode && first.elements[0] instanceof P.StringNode) out.push({sql: first.elements[0].unescaped.value, kind: 'where'});
    }
    for (const child of node.compactChildNodes()) visit(child);
  };
  for (const m of models) {
    for (const macro of m.macros) if (macro.name === 'scope') visit(macro.call);
    for (const c of m.classMethods) visit(c.node);
  }
  return out;
}

/** Query methods that return a relation: a class method chaining only these (and scopes) is a scope. */
const RELATION_METHODS = new Set([
  'where', 'not', 'or', 'and', 'order', 'reorder', 'limit', 'offset', 'none', 'all', 'joins', 'left_joins', 'left_outer_joins',
  'includes', 'preload', 'eager_load', 'references', 'merge', 'unscoped', 'unscope', 'rewhere', 'distinct', 'select', 'group',
  'having', 'from', 'readonly', 'lock', 'in_order_of', 'excluding', 'without', 'missing', 'associated', 'kept', 'discarded',
  'with_discarded', 'undiscarded', 'strict_loading',
]);

/**
 * A class method is treated as a scope when its body is one expression whose
 * chain starts at a query method or another scope of the model (`def
 * self.recent = where(…).order(…)`); other class methods are ordinary Ruby and
 * not reported as scopes.
 */
function isRelationMethod(def: P.DefNode, scopes: ReadonlySet<string>): boolean {
  const statements = statementsOf(def.body);
  if (statements.length !== 1) return false;
  let node: P.Node | null = statements[0]!;
  let calls = 0;
  // Every call of the chain returns a relation (`where(…).pluck(:id)` or `.update_all` is not a scope).
  while (node instanceof P.CallNode) {
    if (!RELATION_METHODS.has(node.name) && !scopes.has(node.name)) return false;
    calls++;
    node = node.receiver;
  }
  return calls > 0 && (node === null || node instanceof P.SelfNode);
}

function methodParts(def: P.DefNode): {params: string[]; expression: P.Node} {
  const p = def.parameters;
  const params: string[] = [];
  if (p !== null) {
    if (p.optionals.length > 0 || p.rest !== null || p.keywords.length > 0 || p.keywordRest !== null || p.posts.length > 0 || p.block !== null) {
      fail('optional, rest, keyword or block parameters');
    }
    for (const r of p.requireds) {
      if (!(r instanceof P.RequiredParameterNode)) fail('destructuring parameters');
      params.push(r.name);
    }
  }
  return {params, expression: statementsOf(def.body)[0]!};
}

interface ChainContext {
  readonly params: ReadonlySet<string>;
  readonly columns: ReadonlySet<string>;
  readonly enumByColumn: ReadonlyMap<string, EnumIR>;
  readonly enumScopes: ReadonlyMap<string, {column: string; value: string | number; negate: boolean}>;
  readonly declared: ReadonlySet<string>;
  readonly self: string;
  readonly table: string;
  readonly textOf: (node: P.Node) => string;
  /** The soft-delete column when the model includes Discard::Model. */
  readonly discardColumn: string | null;
  /** Literal constants of the class and its concerns (`STATUSES = %w[a b]`). */
  readonly constants: ReadonlyMap<string, RubyValue>;
  /** The joins of this scope's chain, and the `where(table: {…})` waiting for them. */
  readonly joins: JoinState;
  readonly joinModel: JoinModel;
  readonly world: JoinWorld;
  /** Other models' scopes merged into joins, checked once every model is translated. */
  readonly merges: MergeRef[];
  readonly className: string;
  /** `q = where(…)` before the scope's last expression: a relation named once, read as its chain. */
  readonly locals: ReadonlyMap<string, P.Node>;
  /** Class methods without parameters that return a literal (`def self.kinds = %w[a b]`, `@kinds ||= […]`). */
  readonly literalMethods: ReadonlyMap<string, RubyValue>;
  /** `self.implicit_order_column = …` (the column `first` orders by when nothing else does), or null. */
  readonly implicitOrder: string | null;
  /**
   * Scopes of the model without parameters whose chain joins (`scope :with_entry, -> { joins(:entry) }`):
   * a call of one is read as its chain, so the caller's `where(entries: …)` / `merge(Entry.x)` find
   * the join, as Rails merges the called scope's joins into the relation.
   */
  readonly joiningScopes: ReadonlyMap<string, () => {expression: P.Node; locals?: ReadonlyMap<string, P.Node>}>;
  /** The joining scopes being read inline (a cycle is refused). */
  readonly inlining: ReadonlySet<string>;
}

function lambdaParts(node: P.LambdaNode | P.CallNode): {params: string[]; defaults?: Record<string, JSONValue>; expression: P.Node; locals?: ReadonlyMap<string, P.Node>} {
  let paramsNode: P.Node | null;
  let body: P.Node | null;
  if (node instanceof P.LambdaNode) {
    paramsNode = node.parameters;
    body = node.body;
  } else {
    const block = node.block;
    if (!(block instanceof P.BlockNode)) fail('the scope body is not a lambda');
    paramsNode = block.parameters;
    body = block.body;
  }
  const params: string[] = [];
  const defaults: Record<string, JSONValue> = {};
  if (paramsNode instanceof P.BlockParametersNode && paramsNode.parameters !== null) {
    const p = paramsNode.parameters;
    if (p.rest !== null || p.keywords.length > 0 || p.keywordRest !== null || p.posts.length > 0) {
      fail('rest or keyword scope parameters');
    }
    for (const r of p.requireds) {
      if (!(r instanceof P.RequiredParameterNode)) fail('destructuring scope parameters');
      params.push(r.name);
    }
    // `->(max = 5)`, `->(ids = nil)`: a literal default, used when the call passes fewer arguments.
    for (const o of p.optionals) {
      if (!(o instanceof P.OptionalParameterNode)) fail('optional scope parameters of an unusual form');
      const value = literalJson(rubyValue(o.value));
      if (value === undefined) fail(`the default of ${o.name} is a Ruby expression, not a literal`);
      params.push(o.name);
      if (value !== null) defaults[o.name] = value as JSONValue;
    }
  } else if (paramsNode !== null) {
    fail('numbered or `it` block parameters');
  }
  const statements = statementsOf(body);
  if (statements.length === 0) return {params, defaults, expression: new P.NilNode(0, {startOffset: 0, length: 0}, 0)};
  if (statements.length === 1) return {params, defaults, expression: statements[0]!};
  // `q = where(comment: c); user ? q.where(user: user) : q`: locals assigned once, then one expression.
  const locals = new Map<string, P.Node>();
  for (const st of statements.slice(0, -1)) {
    if (!(st instanceof P.LocalVariableWriteNode) || locals.has(st.name) || params.includes(st.name)) fail('the scope body has several statements');
    locals.set(st.name, st.value);
  }
  return {params, defaults, expression: statements.at(-1)!, locals};
}

function translateChain(node: P.Node, ctx: ChainContext): ScopeStep[] {
  if (node instanceof P.NilNode) return [];
  // A relation the body named before (Ruby relations are immutable: reading it twice builds the same query).
  if (node instanceof P.LocalVariableReadNode && ctx.locals.has(node.name)) return translateChain(ctx.locals.get(node.name)!, ctx);
  // `where(a: x) if x.present?` / `if …; a; else; b; end`: a branch by the arguments (a nil branch is `all`).
  if (node instanceof P.IfNode || node instanceof P.UnlessNode) {
    const test = argumentTest(node.predicate, ctx);
    const otherwise = node instanceof P.IfNode ? node.subsequent : node.elseClause;
    const elseSteps = otherwise === null ? [] : otherwise instanceof P.ElseNode ? branchSteps(otherwise.statements, ctx) : translateChain(otherwise, ctx);
    const thenSteps = branchSteps(node.statements, ctx);
    return node instanceof P.IfNode
      ? [{op: 'if', test, then: thenSteps, else: elseSteps}]
      : [{op: 'if', test: {not: test}, then: thenSteps, else: elseSteps}];
  }
  if (!(node instanceof P.CallNode)) fail(`the scope body is Ruby logic (${node.constructor.name.replace(/Node$/, '')}), not a query chain`);
  if (node.block !== null) fail(`${node.name} with a block`);
  // `where.not(...)`, `where.missing(:a)`, `where.associated(:a)`: a call on an argument-less `where`.
  if ((node.name === 'not' || node.name === 'missing' || node.name === 'associated') && node.receiver instanceof P.CallNode && node.receiver.name === 'where' && node.receiver.arguments_ === null) {
    const before = node.receiver.receiver === null ? [] : receiverSteps(node.receiver.receiver, ctx);
    if (node.name === 'not') return [...before, ...whereSteps(node, ctx, true)];
    const names = callArguments(node).positional;
    if (names.length === 0) fail(`where.${node.name} without associations`);
    if (node.name === 'missing') ctx.joins.missing(names);
    else ctx.joins.associated(names);
    return before;
  }
  const before = node.receiver === null ? [] : receiverSteps(node.receiver, ctx);
  switch (node.name) {
    case 'where':
      return [...before, ...whereSteps(node, ctx, false)];
    case 'joins':
    case 'inner_joins':
      ctx.joins.add(joinArguments(node), 'inner', node.name);
      return before;
    case 'left_joins':
    case 'left_outer_joins':
      ctx.joins.add(joinArguments(node), 'left', node.name);
      return before;
    case 'or':
    case 'and':
      return orSteps(node, ctx);
    case 'distinct':
      // A query over one table's rows has no duplicates; with joins, `distinct` makes Rails' rows EXISTS's.
      if (node.arguments_ !== null) fail('distinct with arguments');
      ctx.joins.distinct = true;
      return before;
    case 'references':
      return before;
    case 'merge':
      return [...before, ...mergeSteps(node, ctx)];
    case 'order':
    case 'reorder':
      if (node.name === 'reorder' && before.some((s) => s.op === 'order')) fail('reorder after order');
      return [...before, ...orderSteps(node, ctx)];
    case 'first':
      return [...before, ...firstSteps(node, before, ctx)];
    case 'limit': {
      const args = callArguments(node);
      if (args.positional.length !== 1 || args.options.size > 0) fail('limit with unusual arguments');
      return [...before, {op: 'limit', value: scopeValue(args.positional[0]!, ctx)}];
    }
    case 'select':
      // `select("jobs.*")`, `select(arel_table[Arel.star])`: every column, the same rows; narrower selects change records.
      if (!selectsEverything(node, ctx.table)) fail('select of some columns or expressions (records would lack attributes)');
      return before;
    case 'none':
      // Rails' `none`: no rows, whatever else the chain says (an empty OR is false).
      if (node.arguments_ !== null) fail('none with arguments');
      return [...before, {op: 'where', conditions: [{any: []}]}];
    case 'all':
      return before;
    case 'includes':
    case 'preload':
    case 'eager_load':
      // Eager loading does not change which rows match (Zero loads relationships on demand),
      // unless a where names the included table: then Rails joins it (one row per record).
      if (node.name !== 'preload') ctx.joins.add(joinArguments(node), 'eager', node.name);
      return before;
    default: {
      // Discard::Model's scopes, when the model is discardable.
      if (ctx.discardColumn !== null && node.arguments_ === null && (node.name === 'kept' || node.name === 'discarded' || node.name === 'undiscarded')) {
        return [...before, {op: 'where', conditions: [{column: ctx.discardColumn, operator: node.name === 'discarded' ? 'IS NOT' : 'IS', value: null}]}];
      }
      if (ctx.declared.has(node.name)) {
        if (node.name === ctx.self) fail('the scope calls itself');
        const args = callArguments(node);
        if (args.options.size > 0) fail(`keyword arguments to scope ${node.name}`);
        const joining = ctx.joiningScopes.get(node.name);
        if (joining !== undefined && args.positional.length === 0) {
          if (ctx.inlining.has(node.name)) fail(`scope ${node.name} calls itself through other scopes`);
          const callee = joining();
          const inner: ChainContext = {...ctx, params: new Set(), self: node.name, locals: callee.locals ?? new Map(), inlining: new Set([...ctx.inlining, node.name])};
          return [...before, ...translateChain(callee.expression, inner)];
        }
        return [...before, {op: 'scope', name: node.name, args: args.positional.map((a) => scopeValue(a, ctx))}];
      }
      // After declared scopes: a `scope :not_done` written by hand wins over the enum's.
      const enumScope = ctx.enumScopes.get(node.name);
      if (enumScope !== undefined && node.arguments_ === null) {
        return [...before, {op: 'where', conditions: [{column: enumScope.column, operator: enumScope.negate ? '!=' : '=', value: enumScope.value}]}];
      }
      fail(`calls ${node.name}, which is not a translatable query method (joins, SQL and Ruby methods are not)`);
    }
  }
}

/**
 * `a.or(b)` / `a.and(b)`: Rails combines the two relations' WHERE clauses (all of
 * `a`'s chain, not its last call). Each side must be conditions only — where steps and
 * scopes of conditions, referenced as `{scope}` and checked in settleScopes — and join
 * nothing: Rails requires both sides to have the same joins, order and limit.
 */
function orSteps(node: P.CallNode, ctx: ChainContext): ScopeStep[] {
  const args = callArguments(node);
  if (node.receiver === null || args.positional.length !== 1 || args.options.size > 0) fail(`${node.name} without exactly one relation`);
  const side = (n: P.Node): ScopeConditionTree => {
    const branch: ChainContext = {...ctx, joins: new JoinState(ctx.joinModel, ctx.world)};
    const steps = translateChain(ownClassChain(n, ctx), branch);
    if (branch.joins.roots.size > 0 || branch.joins.pending.length > 0) fail(`${node.name} with joins on one side`);
    return stepsTree(steps, node.name);
  };
  const left = side(node.receiver);
  const right = side(args.positional[0]!.node);
  return [{op: 'where', conditions: [node.name === 'or' ? {any: [left, right]} : {all: [left, right]}]}];
}

/**
 * `ordered.first(40)`: Rails' `first(n)` is the chain with `LIMIT n`, ordered by the primary key
 * when the chain has no order (an Array, of the same rows in the same order). The key is
 * appended when no order step is written here; after a scope that orders it only breaks ties,
 * as Zero does anyway. `first` alone returns one record (or nil), not a relation: refused.
 */
function firstSteps(node: P.CallNode, before: readonly ScopeStep[], ctx: ChainContext): ScopeStep[] {
  const args = callArguments(node);
  if (args.positional.length !== 1 || args.options.size > 0) fail('first without a count returns a record, not a relation');
  if (ctx.implicitOrder !== null) fail('first on a model with implicit_order_column');
  // `limit(10).first(20)` is LIMIT 10 in Rails (the smaller one), not a replaced limit.
  if (before.some((st) => st.op === 'limit')) fail('first(n) after a limit (Rails takes the smaller of the two)');
  const limit: ScopeStep = {op: 'limit', value: scopeValue(args.positional[0]!, ctx)};
  if (before.some((st) => st.op === 'order')) return [limit];
  const key = ctx.joinModel.primaryKey;
  if (!ctx.columns.has(key)) fail(`first: the primary key ${key} is not one column`);
  return [{op: 'order', column: key, direction: 'asc'}, limit];
}

/** `Job.where(…)` inside Job's own scope is `where(…)` (Rails applies the current scope to it). */
function ownClassChain(node: P.Node, ctx: ChainContext): P.Node {
  if (!(node instanceof P.CallNode)) return node;
  if (node.receiver === null) return node;
  const root = constantName(node.receiver);
  if (root !== null) return root.replace(/^::/, '') === ctx.className || ctx.className.endsWith(`::${root}`) ? withoutReceiver(node) : node;
  const inner = ownClassChain(node.receiver, ctx);
  if (inner === node.receiver) return node;
  const copy = Object.create(Object.getPrototypeOf(node) as object) as P.CallNode;
  Object.assign(copy, node, {receiver: inner});
  return copy;
}

/** Steps of conditions as one condition tree (AND); orders, limits and conditional steps refuse. */
function stepsTree(steps: readonly ScopeStep[], method: string): ScopeConditionTree {
  const all: ScopeConditionTree[] = [];
  for (const st of steps) {
    if (st.op === 'where') all.push(...st.conditions);
    else if (st.op === 'scope') all.push({scope: st.name, args: st.args});
    else fail(`${method} over a relation with ${st.op === 'if' ? 'a condition on the arguments' : `an ${st.op}`} (Rails requires both sides to match)`);
  }
  return all.length === 1 ? all[0]! : {all};
}

/** One branch of an if: its own joins, finished inside the branch. */
function branchSteps(statements: P.StatementsNode | null, ctx: ChainContext): ScopeStep[] {
  const list = statementsOf(statements);
  if (list.length === 0) return [];
  if (list.length !== 1) fail('a branch with several statements');
  const branch: ChainContext = {...ctx, joins: new JoinState(ctx.joinModel, ctx.world)};
  const steps = translateChain(list[0]!, branch);
  resolveTableWheres(branch);
  const joined = branch.joins.conditions();
  return joined.length > 0 ? [...steps, {op: 'where', conditions: joined}] : steps;
}

/** `x.present?`, `x.blank?`, `x.nil?`, `x`, `!…`, `&&`, `||` over the scope's parameters. */
function argumentTest(node: P.Node, ctx: ChainContext): ScopeArgumentTest {
  if (node instanceof P.AndNode) return {all: [argumentTest(node.left, ctx), argumentTest(node.right, ctx)]};
  if (node instanceof P.OrNode) return {any: [argumentTest(node.left, ctx), argumentTest(node.right, ctx)]};
  if (node instanceof P.ParenthesesNode) {
    const inner = statementsOf(node.body);
    if (inner.length === 1) return argumentTest(inner[0]!, ctx);
  }
  const param = (n: P.Node | null): string => {
    if (n instanceof P.LocalVariableReadNode && ctx.params.has(n.name)) return n.name;
    fail(`the scope's condition \`${ctx.textOf(node)}\` tests something other than its arguments`);
  };
  if (node instanceof P.LocalVariableReadNode) return {param: param(node), test: 'truthy'};
  if (node instanceof P.CallNode && node.arguments_ === null && node.block === null) {
    if (node.name === '!') return {not: argumentTest(node.receiver!, ctx)};
    if (node.name === 'present?' || node.name === 'blank?' || node.name === 'nil?' || node.name === 'empty?') {
      return {param: param(node.receiver), test: node.name === 'present?' ? 'present' : node.name === 'blank?' ? 'blank' : node.name === 'nil?' ? 'nil' : 'empty'};
    }
  }
  // `/true|false/.match?(x.to_s)`, `x.match?(/\A\d+\z/)`: the argument against a regexp JS reads the same way.
  if (node instanceof P.CallNode && node.name === 'match?' && node.block === null && node.arguments_?.arguments_.length === 1 && node.receiver !== null) {
    const [recv, arg] = [node.receiver, node.arguments_.arguments_[0]!];
    const re = rubyValue(recv).kind === 'regexp' ? rubyValue(recv) : rubyValue(arg);
    const subject = re.node === recv ? arg : recv;
    if (re.kind === 'regexp') {
      const toS = subject instanceof P.CallNode && subject.name === 'to_s' && subject.arguments_ === null && subject.block === null && subject.receiver !== null;
      const target = toS ? (subject as P.CallNode).receiver : subject;
      // String#match? is on the argument; Regexp#match?(x) needs a String too, unless converted with to_s.
      if (re.node === recv && !toS) fail(`the scope's condition \`${ctx.textOf(node)}\` matches an argument that may not be a string`);
      const js = rubyRegexpToJs(re.source, re.flags);
      if ('reason' in js) fail(`the scope's condition \`${ctx.textOf(node)}\`: regexp ${js.reason}`);
      return toS ? {param: param(target), matches: js.source, flags: js.flags, toS: true} : {param: param(target), matches: js.source, flags: js.flags};
    }
  }
  // `checked == 1`, `kind != "all"`: the argument against a literal (either side).
  if (node instanceof P.CallNode && (node.name === '==' || node.name === '!=') && node.block === null && node.arguments_?.arguments_.length === 1 && node.receiver !== null) {
    const [a, b] = [node.receiver, node.arguments_.arguments_[0]!];
    const [p, lit] = a instanceof P.LocalVariableReadNode ? [a, b] : [b, a];
    const value = rubyValue(lit);
    // A symbol never == a string in Ruby, and arguments arrive as JSON: only strings, numbers, booleans, nil.
    const json = value.kind === 'string' || value.kind === 'integer' || value.kind === 'float' || value.kind === 'boolean' ? value.value : value.kind === 'nil' ? null : undefined;
    if (json !== undefined) {
      const test: ScopeArgumentTest = {param: param(p), equals: json};
      return node.name === '==' ? test : {not: test};
    }
  }
  fail(`the scope's condition \`${ctx.textOf(node)}\` tests something other than its arguments`);
}

function selectsEverything(node: P.CallNode, table: string): boolean {
  const args = node.arguments_?.arguments_ ?? [];
  const star = (a: P.Node): boolean => {
    if (a instanceof P.StringNode) return a.unescaped.value === '*' || a.unescaped.value === `${table}.*`;
    // arel_table[Arel.star] / arel_table.project(Arel.star)
    if (!(a instanceof P.CallNode) || !(a.receiver instanceof P.CallNode) || a.receiver.name !== 'arel_table' || a.receiver.receiver !== null) return false;
    const inner = a.arguments_?.arguments_ ?? [];
    const arelStar = inner.length === 1 && inner[0] instanceof P.CallNode && inner[0].name === 'star' && inner[0].receiver instanceof P.ConstantReadNode && inner[0].receiver.name === 'Arel';
    return (a.name === '[]' || a.name === 'project') && arelStar;
  };
  return args.length > 0 && node.block === null && args.every(star);
}

function receiverSteps(node: P.Node, ctx: ChainContext): ScopeStep[] {
  if (node instanceof P.SelfNode) return [];
  if (node instanceof P.LocalVariableReadNode && ctx.locals.has(node.name)) return translateChain(ctx.locals.get(node.name)!, ctx);
  if (node instanceof P.ConstantReadNode || node instanceof P.ConstantPathNode) fail('the chain starts at another class');
  return translateChain(node, ctx);
}

function whereSteps(node: P.CallNode, ctx: ChainContext, negate: boolean): ScopeStep[] {
  const args = callArguments(node);
  let hash: Map<string, RubyValue>;
  if (args.positional.length === 0) hash = args.options;
  else if (args.positional.length === 1 && args.positional[0]!.kind === 'hash' && args.options.size === 0) {
    hash = new Map();
    for (const [k, v] of (args.positional[0] as Extract<RubyValue, {kind: 'hash'}>).entries) {
      const key = nameOf(k);
      if (key === null) fail('where with a non-name key');
      hash.set(key, v);
    }
  } else if (args.positional[0]?.kind === 'string' || (args.positional[0]?.kind === 'array' && args.positional[0].items[0]?.kind === 'string')) {
    const tree = sqlWhere(args, ctx);
    if ('joined' in tree) {
      // `joins(:case_assignments).where("case_assignments.active is true")`: inside that join's EXISTS.
      ctx.joins.pending.push({key: tree.joined, sql: (target) => {
        const inner = tree.build(target);
        return negate ? {not: inner} : inner;
      }});
      return [];
    }
    return [{op: 'where', conditions: [negate ? {not: tree} : tree]}];
  } else if (args.positional.length === 1 && args.options.size === 0 && args.positional[0]!.kind === 'other') {
    // `where(arel_table[:expires_at].eq(nil).or(arel_table[:expires_at].gt(Time.now.utc)))`
    let tree: ScopeConditionTree;
    try {
      tree = arelCondition(args.positional[0]!.node, {table: ctx.table, className: ctx.className, columns: ctx.columns, value: (n) => scopeValue(rubyValue(n), ctx)});
    } catch (error) {
      if (error instanceof ArelUntranslatable) fail(`where with an Arel expression: ${error.message}`);
      throw error;
    }
    return [{op: 'where', conditions: [negate ? {not: tree} : tree]}];
  } else fail('where with non-hash arguments');
  if (hash.size === 0) fail('empty where');
  if (negate && hash.size > 1) fail('where.not with several columns (NOT (a AND b) is not a list of conditions)');
  const conditions: ScopeConditionTree[] = [];
  for (const [rawColumn, value] of hash) {
    // `where(jobs: {col: …})` / `"jobs.status"` on the model's own table; `where(clients: {…})` on a joined one.
    let column = rawColumn;
    if (column.startsWith(`${ctx.table}.`)) column = column.slice(ctx.table.length + 1);
    if (ctx.columns.has(column)) {
      const sub = value.kind === 'other' ? subqueryCondition(column, value.node, ctx, negate) : null;
      if (sub !== null) conditions.push(sub);
      else conditions.push(...conditionsFor(column, value, ctx, negate));
      continue;
    }
    if (value.kind === 'hash') {
      const entries = hashOf(value);
      if (entries.size !== value.entries.length) fail(`where on ${rawColumn} with a non-name key`);
      if (rawColumn === ctx.table) {
        if (negate && entries.size > 1) fail('where.not with several columns (NOT (a AND b) is not a list of conditions)');
        for (const [c, v] of entries) {
          if (!ctx.columns.has(c)) fail(`where on ${ctx.table}.${c}, which is not a column`);
          conditions.push(...conditionsFor(c, v, ctx, negate));
        }
        continue;
      }
      if (negate && entries.size > 1) fail('where.not with several columns (NOT (a AND b) is not a list of conditions)');
      ctx.joins.pending.push({key: rawColumn, entries, negate});
      continue;
    }
    // `where("contact_types.id": ids)`: a column of a joined table, named with its table.
    const dot = rawColumn.indexOf('.');
    if (dot > 0) {
      if (negate && hash.size > 1) fail('where.not with several columns (NOT (a AND b) is not a list of conditions)');
      ctx.joins.pending.push({key: rawColumn.slice(0, dot), entries: new Map([[rawColumn.slice(dot + 1), value]]), negate});
      continue;
    }
    const belongsTo = ctx.joinModel.belongsTo.get(rawColumn);
    if (belongsTo !== undefined) {
      conditions.push(...belongsToConditions(rawColumn, belongsTo, value, ctx, negate));
      continue;
    }
    fail(`where on ${rawColumn}, which is not a column of ${ctx.table} (nor a belongs_to or a joined table)`);
  }
  return conditions.length === 0 ? [] : [{op: 'where', conditions}];
}

/**
 * `where(user: user)` / `where(user: nil)` over a belongs_to: its foreign key, as Rails
 * expands it — a record's primary key (or an id passed instead), nil, or a literal id.
 */
function belongsToConditions(
  name: string,
  assoc: {readonly foreignKey: string; readonly primaryKey: string; readonly polymorphic: boolean},
  value: RubyValue,
  ctx: ChainContext,
  negate: boolean,
): ScopeCondition[] {
  if (assoc.polymorphic) fail(`where(${name}: …) on a polymorphic belongs_to (the type comes from the record's class)`);
  if (!ctx.columns.has(assoc.foreignKey)) fail(`where(${name}: …): foreign key ${assoc.foreignKey} is not a column`);
  const op = (o: ConditionOperator): ConditionOperator => (negate ? NEGATED[o] : o);
  // `where(orders: {facility:})`: Ruby 3.1's shorthand for `facility: facility`.
  if (value.kind === 'other' && value.node instanceof P.ImplicitNode) return belongsToConditions(name, assoc, rubyValue(value.node.value), ctx, negate);
  if (value.kind === 'nil') return [{column: assoc.foreignKey, operator: op('IS'), value: null}];
  if (value.kind === 'lvar') {
    if (!ctx.params.has(value.name)) fail(`uses local variable ${value.name}`);
    return [{column: assoc.foreignKey, operator: op('='), value: {param: value.name, property: assoc.primaryKey, orKey: true}}];
  }
  if (value.kind === 'integer' || value.kind === 'string') return [{column: assoc.foreignKey, operator: op('='), value: value.value}];
  fail(`where(${name}: \`${ctx.textOf(value.node)}\`): only a record parameter, nil or a literal id`);
}

/** The associations a joins/includes call names: `joins(:a, b: :c)` (the trailing hash is keyword arguments to prism). */
function joinArguments(node: P.CallNode): RubyValue[] {
  return (node.arguments_?.arguments_ ?? []).map((a) => rubyValue(a));
}

/** `where(table: {…})` on joined tables, once the chain's joins are known. */
function resolveTableWheres(ctx: ChainContext): void {
  for (const p of ctx.joins.pending) {
    const node = ctx.joins.nodeForKey(p.key, 'sql' in p);
    const target = node.target;
    if ('sql' in p) {
      node.where.push(p.sql(target));
      continue;
    }
    const [only] = p.entries;
    // `left_joins(:x).where(x: {id: nil})`: Rails' where.missing.
    if (p.entries.size === 1 && only![0] === target.primaryKey && only![1].kind === 'nil' && !p.negate && node.mode !== 'inner') {
      node.missing = true;
      continue;
    }
    const inner: ChainContext = {...ctx, columns: target.columns, enumByColumn: target.enumByColumn, table: target.table, joinModel: target};
    for (const [column, value] of p.entries) {
      // `where(case_assignments: {volunteer: v})`: a belongs_to of the joined model, by its foreign key.
      const belongsTo = target.columns.has(column) ? undefined : target.belongsTo.get(column);
      if (belongsTo !== undefined) {
        node.where.push(...belongsToConditions(column, belongsTo, value, inner, p.negate));
        continue;
      }
      if (!target.columns.has(column)) fail(`where on ${p.key}.${column}, which is not a column of ${target.table}`);
      node.where.push(...conditionsFor(column, value, inner, p.negate));
    }
  }
}

/**
 * `merge(Other.scope(args))`: the other model's scope inside the join of that
 * model (checked later: it must be translated and only add conditions);
 * `merge(Self.scope)` or `merge(scope)` is the model's own scope.
 */
function mergeSteps(node: P.CallNode, ctx: ChainContext): ScopeStep[] {
  const args = callArguments(node);
  if (args.positional.length !== 1 || args.options.size > 0) fail('merge with several arguments');
  const calls: P.CallNode[] = [];
  let n: P.Node | null = args.positional[0]!.node;
  while (n instanceof P.CallNode) {
    calls.unshift(n);
    n = n.receiver;
  }
  const className = n === null ? ctx.className : constantName(n);
  if (className === null || calls.length === 0) fail('merge of something other than scopes of a model');
  const own = className.replace(/^::/, '') === ctx.className || ctx.className.endsWith(`::${className}`) || n === null;
  if (own) return calls.flatMap((c) => translateChain(withoutReceiver(c), ctx));
  const joined = ctx.joins.nodeForClass(className);
  for (const c of calls) {
    if (c.block !== null) fail(`merge(${className}.${c.name}) with a block`);
    const callArgs = callArguments(c);
    if (callArgs.options.size > 0) fail(`merge(${className}.${c.name}) with keyword arguments`);
    // A scope the target's gem defines (AASM's state scopes): its condition, inside the EXISTS.
    const builtin = joined.target.builtinScopes.get(c.name);
    if (builtin !== undefined && !joined.target.scopeNames.has(c.name) && callArgs.positional.length === 0 && c.arguments_ === null) {
      joined.where.push({column: builtin.column, operator: '=', value: builtin.value});
      continue;
    }
    joined.scopes.push({name: c.name, args: callArgs.positional.map((a) => scopeValue(a, ctx))});
    ctx.merges.push({className: joined.target.className, scope: c.name});
  }
  return [];
}

/**
 * `where(id: Instrument.not_archived.select(:schedule_id))` — `id IN (SELECT schedule_id FROM
 * products WHERE …)` — is an EXISTS over an association joining on exactly those two columns
 * (a has_many whose foreign key is the selected column, or a belongs_to whose key is `column`):
 * the same rows, each once, as IN returns them. The subquery's chain becomes the EXISTS's
 * conditions: its `where`s, the scopes it calls (merged, checked like `merge`), and the STI type
 * of its class. Null when the value is not `Model.….select(:column)`; `where.not` (NOT IN, a
 * NOT EXISTS here) and a subquery with no such association are refused.
 */
function subqueryCondition(column: string, node: P.Node, ctx: ChainContext, negate: boolean): ScopeConditionTree | null {
  let top = node;
  if (top instanceof P.CallNode && top.name === 'distinct' && top.arguments_ === null && top.receiver !== null) top = top.receiver;
  if (!(top instanceof P.CallNode) || top.name !== 'select' || top.block !== null || top.receiver === null) return null;
  const selectArgs = callArguments(top).positional;
  const selected = selectArgs.length === 1 ? nameOf(selectArgs[0]) : null;
  const calls: P.CallNode[] = [];
  let n: P.Node | null = top.receiver;
  while (n instanceof P.CallNode) {
    calls.unshift(n);
    n = n.receiver;
  }
  const className = n === null ? null : constantName(n)?.replace(/^::/, '');
  if (className === null || className === undefined) return null;
  const what = `where(${column}: ${className}.….select(…))`;
  if (selected === null || !/^\w+$/.test(selected)) fail(`${what}: a subquery selecting something other than one column`);
  if (negate) fail(`${what} under where.not is NOT IN, a NOT EXISTS: Zero's client does not run not(exists()) (bugs.rocicorp.dev/issue/3438)`);
  const sub = ctx.world.model(className) ?? ctx.world.model(`${ctx.className.split('::').slice(0, -1).join('::')}::${className}`);
  if (sub === undefined) fail(`${what}: ${className} is not a model with a table`);
  if (sub.className === ctx.className) fail(`${what}: a subquery over the model's own table`);
  if (sub.hasDefaultScope) fail(`${what}: ${sub.className} has a default_scope, which Rails adds to the subquery`);
  if (sub.unjoinable !== null) fail(`${what}: ${sub.unjoinable}`);
  // Any relationship on those two columns to that table is the same EXISTS (the STI type is added below).
  const association = [...ctx.joinModel.associations.values()].find((a) => {
    if (a.unavailable !== null || a.keys === null || a.targetClass === undefined) return false;
    const target = ctx.world.model(a.targetClass);
    return target !== undefined && target.table === sub.table && a.keys.own === column && a.keys.other === selected && (target.className === sub.className || target.stiCondition === null);
  });
  if (association === undefined) fail(`${what}: no association of ${ctx.className} joins ${column} to ${sub.table}.${selected}`);
  const target = ctx.world.model(association.targetClass!)!;
  const where: ScopeConditionTree[] = sub.stiCondition === null ? [] : [{column: sub.stiCondition.column, operator: '=', value: sub.stiCondition.typeName}];
  const scopes: {name: string; args: ScopeValue[]}[] = [];
  const inner: ChainContext = {
    ...ctx, columns: sub.columns, enumByColumn: sub.enumByColumn, table: sub.table, joinModel: sub, className: sub.className,
    joins: new JoinState(sub, ctx.world), declared: new Set(), enumScopes: new Map(), discardColumn: null, self: '',
  };
  for (const c of calls) {
    if (c.block !== null) fail(`${what}: ${c.name} with a block`);
    if (c.name === 'distinct' && c.arguments_ === null) continue;
    if (c.name === 'all' && c.arguments_ === null) continue;
    if (c.name === 'where' || (c.name === 'not' && c.receiver instanceof P.CallNode && c.receiver.name === 'where' && c.receiver.arguments_ === null)) {
      if (c.name === 'where' && c.arguments_ === null) continue;
      for (const st of whereSteps(c, inner, c.name === 'not')) if (st.op === 'where') where.push(...st.conditions);
      continue;
    }
    const callArgs = callArguments(c);
    if (callArgs.options.size > 0) fail(`${what}: ${className}.${c.name} with keyword arguments`);
    // A scope the target's gem defines (AASM's state scopes): its condition.
    const builtin = sub.builtinScopes.get(c.name);
    if (builtin !== undefined && !sub.scopeNames.has(c.name) && c.arguments_ === null) {
      where.push({column: builtin.column, operator: '=', value: builtin.value});
      continue;
    }
    scopes.push({name: c.name, args: callArgs.positional.map((a) => scopeValue(a, ctx))});
    // Expanded against the relationship's model when the query runs: checked there (conditions only).
    ctx.merges.push({className: target.className, scope: c.name});
  }
  if (inner.joins.roots.size > 0 || inner.joins.pending.length > 0) fail(`${what}: a subquery with joins`);
  return scopes.length > 0 ? {exists: association.name, where, scopes} : {exists: association.name, where};
}

/** The same call as if written without a receiver (`Job.open` inside Job's own merge is `open`). */
function withoutReceiver(call: P.CallNode): P.CallNode {
  const copy = Object.create(Object.getPrototypeOf(call) as object) as P.CallNode;
  Object.assign(copy, call, {receiver: null});
  return copy;
}

/**
 * `where("status = ? AND due_at < ?", s, 1.week.ago)`, `where("name ILIKE :q", q: x)`,
 * `where(["a = ?", x])`: the SQL parsed by PostgreSQL's parser (translate-sql.ts),
 * binds translated as scope values (quoted as written: no enum mapping, as Rails).
 */
function sqlWhere(args: ReturnType<typeof callArguments>, ctx: ChainContext): ScopeConditionTree | {joined: string; build: (target: JoinModel) => ScopeConditionTree} {
  const first = args.positional[0]!;
  const [sqlValue, ...positional] = first.kind === 'array' ? first.items : args.positional;
  const named = first.kind === 'array' ? new Map<string, RubyValue>() : args.options;
  if (first.kind === 'array' && args.positional.length > 1) fail('where with an SQL array and more arguments');
  const single = positional.length === 1 && positional[0]!.kind === 'hash' && named.size === 0 ? hashOf(positional[0]) : null;
  const names = single ?? named;
  const values = single === null ? positional : [];
  const sql = (sqlValue as {value: string}).value;
  const over = (table: string, columns: ReadonlySet<string>, qualifiedOnly: boolean): ScopeConditionTree => {
    let used = 0;
    const tree = sqlCondition(sql, {
      table,
      columns,
      qualifiedOnly,
      bind: (ref) => {
        const v = typeof ref === 'number' ? values[ref] : names.get(ref);
        if (v === undefined) fail(`SQL bind ${typeof ref === 'number' ? '?' : `:${ref}`} without a value`);
        if (typeof ref === 'number') used = Math.max(used, ref + 1);
        return scopeValue(v, ctx);
      },
      now: (date) => ({relativeTime: {ms: 0, months: 0, date}}),
    });
    if (used !== values.length) fail('where with more bind values than `?` placeholders');
    return tree;
  };
  const refuse = (error: unknown): never => {
    if (error instanceof SqlUntranslatable) fail(`where with SQL ${JSON.stringify(sql.slice(0, 60))}: ${error.message}`);
    throw error;
  };
  try {
    return over(ctx.table, ctx.columns, false);
  } catch (error) {
    // Every column named with one other table: read over that table once the chain's joins are known.
    if (!(error instanceof SqlOtherTable)) return refuse(error);
    const joined = error.table;
    return {
      joined,
      build: (target) => {
        try {
          return over(target.table, target.columns, true);
        } catch (inner) {
          // Columns of two tables in one condition: an EXISTS holds conditions on the joined table only.
          if (inner instanceof SqlOtherTable) fail(`where with SQL ${JSON.stringify(sql.slice(0, 60))}: ${inner.message}, next to ${joined}'s (a condition over two tables)`);
          return refuse(inner);
        }
      },
    };
  }
}

const NEGATED: Record<ConditionOperator, ConditionOperator> = {
  '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<', IN: 'NOT IN', 'NOT IN': 'IN', IS: 'IS NOT', 'IS NOT': 'IS', LIKE: 'LIKE', ILIKE: 'ILIKE',
};

/** `Float::INFINITY` / `-Float::INFINITY` as a range end: Rails leaves that side of the range open. */
function isInfinity(value: RubyValue | null): boolean {
  if (value === null) return false;
  if (value.kind === 'const') return value.name.replace(/^::/, '') === 'Float::INFINITY';
  const n = value.node;
  return n instanceof P.CallNode && n.name === '-@' && n.arguments_ === null && n.receiver !== null && isInfinity(rubyValue(n.receiver));
}

/** A range's bounds as conditions (`a..b` is `>= a AND <= b`, `a...b` is `< b`; nil or infinite ends are open). */
function rangeConditions(column: string, value: Extract<RubyValue, {kind: 'range'}>, ctx: ChainContext): ScopeCondition[] {
  const out: ScopeCondition[] = [];
  const open = (v: RubyValue | null): boolean => v === null || v.kind === 'nil' || isInfinity(v);
  if (!open(value.from)) out.push({column, operator: '>=', value: scopeValue(value.from!, ctx, column)});
  if (!open(value.to)) out.push({column, operator: value.exclusive ? '<' : '<=', value: scopeValue(value.to!, ctx, column)});
  if (out.length === 0) fail('where with an unbounded range');
  return out;
}

function conditionsFor(column: string, raw: RubyValue, ctx: ChainContext, negate: boolean): ScopeConditionTree[] {
  const constant = raw.kind === 'const' ? ctx.constants.get(raw.name.split('::').pop()!) : literalMethodValue(raw, ctx);
  const value = constant !== undefined && constant.kind !== 'const' ? constant : raw;
  const cond = (operator: ConditionOperator, v: ScopeValue): ScopeCondition => ({column, operator: negate ? NEGATED[operator] : operator, value: v});
  if (value.kind === 'nil') return [cond('IS', null)];
  if (value.kind === 'range') {
    const bounds = rangeConditions(column, value, ctx);
    // NOT (a <= col AND col <= b): Rails' where.not over a BETWEEN.
    if (negate) return [bounds.length === 1 ? cond(bounds[0]!.operator, bounds[0]!.value) : {not: {all: bounds}}];
    return bounds;
  }
  if (value.kind === 'array') {
    // Rails splits an array into its values (IN), nil (IS NULL) and ranges, ORed: `[nil, 1, 2]`, `[nil, ...5.minutes.ago]`.
    const nils = value.items.filter((i) => i.kind === 'nil');
    const ranges = value.items.filter((i): i is Extract<RubyValue, {kind: 'range'}> => i.kind === 'range');
    const plain = value.items.filter((i) => i.kind !== 'nil' && i.kind !== 'range');
    if (nils.length === 0 && ranges.length === 0) {
      const items = plain.map((i) => scopeValue(i, ctx, column));
      // `where(id: [ids])`: Rails builds a one-item list as its item, so a bound list is that list (IN).
      if (items.length === 1 && items[0] !== null && typeof items[0] === 'object' && !Array.isArray(items[0])) return [cond('=', items[0])];
      return [cond('IN', items as JSONValue[])];
    }
    const any: ScopeConditionTree[] = [];
    if (plain.length > 0) any.push({column, operator: 'IN', value: plain.map((i) => scopeValue(i, ctx, column)) as JSONValue[]});
    if (nils.length > 0) any.push({column, operator: 'IS', value: null});
    for (const r of ranges) {
      const bounds = rangeConditions(column, r, ctx);
      any.push(bounds.length === 1 ? bounds[0]! : {all: bounds});
    }
    const tree: ScopeConditionTree = any.length === 1 ? any[0]! : {any};
    return [negate ? {not: tree} : tree];
  }
  return [cond('=', scopeValue(value, ctx, column))];
}

function scopeValue(value: RubyValue, ctx: ChainContext, column?: string): ScopeValue {
  if (value.kind === 'const') {
    const constant = ctx.constants.get(value.name.split('::').pop()!);
    if (constant === undefined || constant.kind === 'const') fail(`uses constant ${value.name}, which is not a literal in the class`);
    return scopeValue(constant, ctx, column);
  }
  if (value.kind === 'lvar') {
    if (!ctx.params.has(value.name)) fail(`uses local variable ${value.name}`);
    return {param: value.name};
  }
  if (value.kind === 'symbol' || value.kind === 'string') {
    // `where(status: :open)` stores the enum's value, not its name.
    const e = column === undefined ? undefined : ctx.enumByColumn.get(column);
    if (e !== undefined && value.value in e.config.values) return e.config.values[value.value]!;
    return value.value;
  }
  if (value.kind === 'hash') fail('where with a nested hash (joined table)');
  // `where(uri:)`: Ruby 3.1's shorthand for `uri: uri`.
  if (value.kind === 'other' && value.node instanceof P.ImplicitNode) return scopeValue(rubyValue(value.node.value), ctx, column);
  if (value.kind === 'other') {
    const time = relativeTime(value.node, (name) => ctx.constants.get(name), (name) => ctx.params.has(name));
    if (time !== null) return time;
    // `->(user) { where(user_id: user.id) }`: an attribute of a record passed as the argument (`user&.id`: nil stays nil).
    const n = value.node;
    if (n instanceof P.CallNode && n.arguments_ === null && n.block === null && n.receiver instanceof P.LocalVariableReadNode && /^[a-z_]\w*$/.test(n.name)) {
      if (!ctx.params.has(n.receiver.name)) fail(`uses local variable ${n.receiver.name}`);
      return n.isSafeNavigation() ? {param: n.receiver.name, property: n.name, safe: true} : {param: n.receiver.name, property: n.name};
    }
    if (n instanceof P.InterpolatedStringNode) return interpolation(n, ctx);
    const method = literalMethodValue(value, ctx);
    if (method !== undefined) return scopeValue(method, ctx, column);
    const lookup = constantLookup(n, ctx);
    if (lookup !== null) return lookup;
  }
  const json = literalJson(value);
  if (json === undefined) fail(`value \`${ctx.textOf(value.node)}\` is a Ruby expression, not a literal or a scope parameter`);
  return json as JSONValue;
}

/**
 * `where(type: mergeable_types)` with `def self.mergeable_types = @m ||= %w[A B]`: a class
 * method of the model without parameters whose one statement is a literal (or memoizes one)
 * always returns that literal, so its value is the literal's.
 */
function literalClassMethods(model: ModelIR): Map<string, RubyValue> {
  const out = new Map<string, RubyValue>();
  // Ancestors' methods come first: the last definition of a name is the one Ruby calls.
  for (const m of model.classMethods) {
    const body = statementsOf(m.node.body);
    const stmt = body.length !== 1 ? undefined : body[0] instanceof P.InstanceVariableOrWriteNode ? body[0].value : body[0];
    const value = stmt === undefined || m.node.parameters !== null ? undefined : rubyValue(stmt);
    if (value !== undefined && literalJson(value) !== undefined) out.set(m.name, value);
    else out.delete(m.name);
  }
  return out;
}

/** The literal a call of such a method (`mergeable_types`, `self.mergeable_types`) stands for. */
function literalMethodValue(value: RubyValue, ctx: ChainContext): RubyValue | undefined {
  const n = value.kind === 'other' ? value.node : null;
  if (!(n instanceof P.CallNode) || n.arguments_ !== null || n.block !== null || (n.receiver !== null && !(n.receiver instanceof P.SelfNode))) return undefined;
  return ctx.literalMethods.get(n.name);
}

/**
 * `TITLE_ORDER.fetch(title, DEFAULT)` / `TITLE_ORDER[title]`: a literal hash constant of the class
 * with string keys, looked up by a scope argument when the query is built (the default a literal
 * or a literal constant). Null when the node is not such a call.
 */
function constantLookup(node: P.Node, ctx: ChainContext): ScopeValue | null {
  if (!(node instanceof P.CallNode) || (node.name !== 'fetch' && node.name !== '[]') || node.block !== null || node.receiver === null) return null;
  const receiver = rubyValue(node.receiver);
  const args = node.arguments_?.arguments_ ?? [];
  if (receiver.kind !== 'const' || args.length < 1 || args.length > (node.name === 'fetch' ? 2 : 1)) return null;
  const hash = ctx.constants.get(receiver.name.split('::').pop()!);
  const key = rubyValue(args[0]!);
  if (hash?.kind !== 'hash' || key.kind !== 'lvar' || !ctx.params.has(key.name)) return null;
  const table: Record<string, JSONValue> = {};
  for (const [k, v] of hash.entries) {
    const json = literalJson(v);
    if (k.kind !== 'string' || json === undefined) fail(`${receiver.name}.${node.name}(${key.name}): a hash with keys other than strings or values other than literals`);
    // An object literal's `__proto__` key sets its prototype instead of an entry.
    if (k.value === '__proto__') fail(`${receiver.name}.${node.name}(${key.name}): a "__proto__" key`);
    table[k.value] = json as JSONValue;
  }
  const lookup = {param: key.name, table};
  if (node.name === '[]') return {lookup: {...lookup, default: null}};
  if (args.length === 1) return {lookup};
  const fallback = scopeValue(rubyValue(args[1]!), ctx);
  if (fallback !== null && typeof fallback === 'object' && !Array.isArray(fallback)) fail(`${receiver.name}.fetch(${key.name}, …): a default other than a literal`);
  return {lookup: {...lookup, default: fallback}};
}

/**
 * `"%#{query}%"`, `"#{user.name}%"`: literal parts and scope arguments (or an attribute
 * of one), joined when the query is built as Ruby's to_s would (the runtime refuses
 * values whose to_s JSON cannot tell, such as floats). Other embedded Ruby is refused.
 */
function interpolation(node: P.InterpolatedStringNode, ctx: ChainContext): ScopeValue {
  const parts: ScopeValue[] = [];
  for (const part of node.parts) {
    if (part instanceof P.StringNode) {
      parts.push(part.unescaped.value);
      continue;
    }
    const inner = part instanceof P.EmbeddedStatementsNode ? statementsOf(part.statements) : [];
    const only = inner.length === 1 ? inner[0]! : null;
    const isArgument = only instanceof P.LocalVariableReadNode || (only instanceof P.CallNode && only.receiver instanceof P.LocalVariableReadNode && only.arguments_ === null && only.block === null);
    if (!isArgument) fail(`value \`${ctx.textOf(node)}\` interpolates Ruby other than a scope argument`);
    const v = scopeValue(rubyValue(only), ctx);
    if (v === null || typeof v !== 'object' || !('param' in v)) fail(`value \`${ctx.textOf(node)}\` interpolates Ruby other than a scope argument`);
    parts.push(v);
  }
  return {concat: parts};
}

function orderSteps(node: P.CallNode, ctx: ChainContext): ScopeStep[] {
  const args = callArguments(node);
  const steps: ScopeStep[] = [];
  const push = (column: string, direction: string): void => {
    let col = column;
    if (col.startsWith(`${ctx.table}.`)) col = col.slice(ctx.table.length + 1);
    if (!ctx.columns.has(col)) fail(`order by ${column}, which is not a column of ${ctx.table}`);
    const dir = direction.toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') fail(`order direction ${direction}`);
    steps.push({op: 'order', column: col, direction: dir});
  };
  for (const arg of args.positional) {
    if (arg.kind === 'symbol') push(arg.value, 'asc');
    else if (arg.kind === 'string') {
      // `"col"`, `"jobs.col DESC, b"`, parsed by PostgreSQL's parser; expressions and NULLS FIRST/LAST are skipped.
      try {
        for (const term of sqlOrder(arg.value, ctx)) push(term.column, term.direction);
      } catch (error) {
        if (error instanceof SqlOtherTable) fail(`order with SQL ${JSON.stringify(arg.value)}: ${error.message} (a query orders by its own table's columns)`);
        if (error instanceof SqlUntranslatable) fail(`order with SQL ${JSON.stringify(arg.value)}: ${error.message}`);
        throw error;
      }
    } else if (arg.kind === 'hash') {
      for (const [k, v] of arg.entries) {
        const key = nameOf(k);
        const dir = nameOf(v);
        if (key === null || dir === null) fail('order with a non-literal hash');
        push(key, dir);
      }
    } else fail('order with a non-literal argument');
  }
  for (const [key, v] of args.options) {
    const dir = nameOf(v);
    if (dir === null) fail('order with a non-literal direction');
    push(key, dir);
  }
  return steps;
}

