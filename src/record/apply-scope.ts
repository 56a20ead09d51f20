import type {JSONValue, ModelConfig, RelativeTime, ScopeArgumentTest, ScopeConditionTree, ScopeExists, ScopeStep, ScopeValue} from '../contract/model-config.ts';
import type {OrderTerm, QueryCondition, SpecScalar, SpecValue} from '../contract/query-spec.ts';
import {conditionForEntry, negate, simple} from './spec-conditions.ts';
import {InvalidScopeError} from '../errors/invalid-scope-error.ts';
import {resolveRelativeTime} from '../contract/resolve-relative-time.ts';

/** The builder calls a scope needs; `Relation` implements them. */
export interface ScopeTarget<R> {
  whereConditions(conditions: readonly QueryCondition[]): R;
  order(column: string, direction: 'asc' | 'desc'): R;
  limit(n: number): R;
  kept(): R;
  discarded(): R;
  withDiscarded(): R;
}

const MAX_SCOPE_DEPTH = 16;

/**
 * Resolves `{param: 'client_id'}` against the scope's call arguments, and a
 * relative time (`1.week.ago`) against the clock now, when the query is built.
 */
function resolve(value: ScopeValue, params: ReadonlyMap<string, JSONValue>, model: string, scope: string): JSONValue {
  // `where(facility_id: [1, facility.id])`: a list may hold parameters too.
  if (Array.isArray(value)) return value.some(v => v !== null && typeof v === 'object') ? value.map(v => resolve(v as ScopeValue, params, model, scope)) : value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('param' in value && typeof value.param === 'string') {
      if (!params.has(value.param)) throw new InvalidScopeError(model, scope, 'missing_argument', `missing argument "${value.param}"`);
      const arg = params.get(value.param) ?? null;
      if (!('property' in value) || typeof value.property !== 'string') return arg;
      // `facility&.id`: nil stays nil.
      if ('safe' in value && value.safe === true && arg === null) return null;
      // `where(user: user)` also takes the id itself (`where(user: 5)`), or nil.
      if ('orKey' in value && value.orKey === true && (arg === null || typeof arg !== 'object')) return arg;
      // `where(comment: comments)` with a list: Rails' IN over each record's key (or each id itself).
      if ('orKey' in value && value.orKey === true && Array.isArray(arg)) {
        const key = value.property;
        return arg.map(item => (item !== null && typeof item === 'object' && !Array.isArray(item) && key in item ? ((item as Record<string, JSONValue>)[key] ?? null) : item));
      }
      // `user.id` in Rails: the argument is a record (or any object with that attribute).
      if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || !(value.property in arg)) {
        throw new InvalidScopeError(model, scope, 'missing_argument', `argument "${value.param}" must be a record with "${value.property}"`);
      }
      return (arg as Record<string, JSONValue>)[value.property] ?? null;
    }
    if ('relativeTime' in value && typeof value.relativeTime === 'object' && value.relativeTime !== null && !Array.isArray(value.relativeTime)) {
      return resolveRelativeTime(value.relativeTime as RelativeTime['relativeTime'], new Date(), (p) => {
        const n = params.get(p) ?? null;
        // `hours.hours` in Ruby: an Integer or Float; anything else raises NoMethodError there.
        if (typeof n !== 'number' || !Number.isFinite(n)) throw new InvalidScopeError(model, scope, 'missing_argument', `argument "${p}" must be a number (a count of a duration)`);
        return n;
      });
    }
    if ('lookup' in value && typeof value.lookup === 'object' && value.lookup !== null && !Array.isArray(value.lookup)) {
      const {param, table, default: fallback} = value.lookup as {param: string; table: Record<string, JSONValue>; default?: JSONValue};
      const key = params.get(param) ?? null;
      if (typeof key === 'string' && Object.hasOwn(table, key)) return table[key] ?? null;
      if (fallback !== undefined) return fallback;
      throw new InvalidScopeError(model, scope, 'missing_argument', `argument "${param}" is not a key of the scope's table (Ruby's fetch raises KeyError)`);
    }
    if ('concat' in value && Array.isArray(value.concat)) {
      return value.concat.map((part) => rubyToS(resolve(part as ScopeValue, params, model, scope), model, scope)).join('');
    }
  }
  return value as JSONValue;
}

/**
 * Ruby's `to_s` in an interpolation (`"%#{q}%"`) for the JSON an argument arrives as:
 * nil is "", strings as they are, integers and booleans as Ruby writes them. A float
 * (Ruby writes `1.0`, JSON cannot tell it from `1`), a list or an object refuses.
 */
function rubyToS(v: JSONValue, model: string, scope: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  throw new InvalidScopeError(model, scope, 'missing_argument', `an interpolated argument must be a string, an integer, a boolean or nil (got ${JSON.stringify(v)})`);
}

/** ActiveModel::Type::Boolean's false values among strings; "" is nil, any other string true (and 0 false, other numbers true). */
const RAILS_FALSE_STRINGS = new Set(['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF']);

/**
 * Rails casts a where value by the column's type: `where(contact_made: "false")` (or `0`) on a
 * boolean column compares with false. Scope arguments often arrive as such strings (form filters); other
 * types are compared as given.
 */
function castForColumn(config: ModelConfig, column: string, v: SpecValue): SpecValue {
  const type = Object.hasOwn(config.columns ?? {}, column) ? config.columns[column]?.zeroType : undefined;
  if (type !== 'boolean') return v;
  const cast = (x: SpecScalar): SpecScalar => (typeof x === 'number' ? x !== 0 : typeof x !== 'string' ? x : x === '' ? null : !RAILS_FALSE_STRINGS.has(x));
  return Array.isArray(v) ? (v as readonly SpecScalar[]).map(cast) : cast(v as SpecScalar);
}

/** How a condition tree reaches other models (EXISTS, merged scopes). */
interface TreeContext {
  readonly config: ModelConfig;
  readonly value: (v: ScopeValue) => SpecValue;
  readonly resolveValue: (v: ScopeValue) => JSONValue;
  readonly modelFor: (table: string) => ModelConfig | undefined;
  readonly scope: string;
  readonly depth: number;
}

/** A scope's condition tree → spec conditions; NOT by De Morgan (the spec has no NOT node; NOT EXISTS is a flag). */
function treeCondition(tree: ScopeConditionTree, ctx: TreeContext): QueryCondition {
  if ('all' in tree) return {type: 'and', conditions: tree.all.map(t => treeCondition(t, ctx))};
  if ('any' in tree) return {type: 'or', conditions: tree.any.map(t => treeCondition(t, ctx))};
  if ('not' in tree) return negate(treeCondition(tree.not, ctx));
  if ('exists' in tree) return existsCondition(tree, ctx);
  if ('scope' in tree) {
    // `a.or(b)` over scopes: each side's conditions (an order or limit there is refused by the collector).
    const collector = new ConditionCollector(ctx.config, tree.scope);
    applyScope(collector, ctx.config, tree.scope, tree.args.map(ctx.resolveValue), ctx.depth + 1, ctx.modelFor);
    return {type: 'and', conditions: collector.conditions};
  }
  const v = castForColumn(ctx.config, tree.column, ctx.value(tree.value));
  if (tree.operator === '=') return conditionForEntry(tree.column, v);
  if (tree.operator === '!=') return negate(conditionForEntry(tree.column, v));
  // `col IN (?)` with one bound value: Rails expands an array and quotes a scalar as a one-item list.
  if ((tree.operator === 'IN' || tree.operator === 'NOT IN') && !Array.isArray(v)) return simple(tree.column, tree.operator, [v as SpecScalar]);
  // `where(col: [nil, user&.id])`: a nil argument in an IN list matches nothing (Rails drops it; the IS NULL is its own branch).
  if (tree.operator === 'IN' && Array.isArray(v) && v.includes(null)) return simple(tree.column, 'IN', v.filter((x) => x !== null));
  return simple(tree.column, tree.operator, v as SpecScalar);
}

/**
 * EXISTS over an association: its own conditions and the merged scopes of the
 * target model, expanded here against the target's config. (The STI type Rails
 * adds to a join of an STI subclass is in `where`: the generator writes it.)
 */
function existsCondition(tree: ScopeExists, ctx: TreeContext): QueryCondition {
  const assoc = Object.hasOwn(ctx.config.associations, tree.exists) ? ctx.config.associations[tree.exists] : undefined;
  const target = assoc?.table === undefined ? undefined : ctx.modelFor(assoc.table);
  if (!assoc || !target) {
    throw new InvalidScopeError(ctx.config.name, ctx.scope, 'unknown_scope', `association "${tree.exists}" or its model is not part of this connection`);
  }
  const where: QueryCondition[] = [];
  const inner: TreeContext = {...ctx, config: target};
  where.push(...tree.where.map(t => treeCondition(t, inner)));
  for (const merged of tree.scopes ?? []) {
    const collector = new ConditionCollector(target, merged.name);
    applyScope(collector, target, merged.name, merged.args.map(ctx.resolveValue), ctx.depth + 1, ctx.modelFor);
    where.push(...collector.conditions);
  }
  return {type: 'exists', association: tree.exists, where, negated: false};
}

/**
 * A merged scope's conditions, collected for an EXISTS: Rails' `merge` of a
 * joined model's scope adds its WHERE; an order or limit there would sort or
 * cut the outer query by the joined table, which a query over one table's rows
 * cannot do (the generator does not emit such merges).
 */
class ConditionCollector implements ScopeTarget<ConditionCollector> {
  readonly conditions: QueryCondition[] = [];
  readonly orders: OrderTerm[] = [];
  readonly #config: ModelConfig;
  readonly #scope: string;
  readonly #ordersAllowed: boolean;
  constructor(config: ModelConfig, scope: string, ordersAllowed = false) {
    this.#config = config;
    this.#scope = scope;
    this.#ordersAllowed = ordersAllowed;
  }
  whereConditions(conditions: readonly QueryCondition[]): ConditionCollector {
    this.conditions.push(...conditions);
    return this;
  }
  order(column: string, direction: 'asc' | 'desc'): ConditionCollector {
    if (!this.#ordersAllowed) throw new InvalidScopeError(this.#config.name, this.#scope, 'not_mergeable', 'a merged scope cannot order the outer query');
    this.orders.push([column, direction]);
    return this;
  }
  limit(): ConditionCollector {
    throw new InvalidScopeError(this.#config.name, this.#scope, 'not_mergeable', 'a merged scope cannot limit the outer query');
  }
  kept(): ConditionCollector {
    return this.#discard('IS');
  }
  discarded(): ConditionCollector {
    return this.#discard('IS NOT');
  }
  withDiscarded(): ConditionCollector {
    return this;
  }
  #discard(op: 'IS' | 'IS NOT'): ConditionCollector {
    const column = this.#config.discardable?.column;
    if (column === undefined) throw new InvalidScopeError(this.#config.name, this.#scope, 'unknown_scope', 'the model is not discardable');
    return this.whereConditions([simple(column, op, null)]);
  }
}

/**
 * Applies a scope by name to a relation: a generated `scope` (its steps:
 * where / order / limit / other scopes, with parameters), an enum scope
 * (`open` → `where(status: 'open')`), or the discard scopes. Scopes are
 * expanded here on the client, so specs only ever hold plain conditions.
 */
export function applyScope<R extends ScopeTarget<R>>(
  rel: R,
  config: ModelConfig,
  name: string,
  args: readonly JSONValue[],
  depth = 0,
  modelFor: (table: string) => ModelConfig | undefined = () => undefined,
): R {
  if (depth > MAX_SCOPE_DEPTH) throw new InvalidScopeError(config.name, name, 'too_deep', `scopes call each other more than ${MAX_SCOPE_DEPTH} deep`);
  const scope = name === DEFAULT_SCOPE ? (config.defaultScope && {name, params: [], steps: config.defaultScope}) : Object.hasOwn(config.scopes, name) ? config.scopes[name] : undefined;
  if (scope) {
    const defaults = 'defaults' in scope ? scope.defaults : undefined;
    // An argument not passed takes the parameter's default (`->(max = 5)`); an explicit nil stays nil.
    const params = new Map(scope.params.map((p, i) => [p, i < args.length ? (args[i] ?? null) : (defaults?.[p] ?? null)] as const));
    const resolveValue = (v: ScopeValue): JSONValue => resolve(v, params, config.name, name);
    const tree: TreeContext = {config, value: v => resolveValue(v) as SpecValue, resolveValue, modelFor, scope: name, depth};
    return applySteps(rel, config, name, scope.steps, params, tree, depth, modelFor);
  }
  for (const e of Object.values(config.enums)) {
    for (const [railsName, methods] of Object.entries(e.methods)) {
      if (methods.scope === name) return rel.whereConditions([simple(e.column, '=', e.values[railsName] ?? null)]);
    }
  }
  if (name === 'kept') return rel.kept();
  if (name === 'discarded') return rel.discarded();
  if (name === 'with_discarded' || name === 'withDiscarded') return rel.withDiscarded();
  throw new InvalidScopeError(config.name, name, 'unknown_scope', 'no such scope; run `npm run generate` if it was added in Rails');
}

/** A scope's steps in order; `if` steps pick a branch by the call's arguments. */
function applySteps<R extends ScopeTarget<R>>(
  rel: R,
  config: ModelConfig,
  name: string,
  steps: readonly ScopeStep[],
  params: ReadonlyMap<string, JSONValue>,
  tree: TreeContext,
  depth: number,
  modelFor: (table: string) => ModelConfig | undefined,
): R {
  let out = rel;
  for (const step of steps) {
    switch (step.op) {
      case 'where':
        out = out.whereConditions(step.conditions.map(c => treeCondition(c, tree)));
        break;
      case 'order':
        out = out.order(step.column, step.direction);
        break;
      case 'limit':
        out = out.limit(Number(tree.resolveValue(step.value)));
        break;
      case 'scope':
        out = applyScope(out, config, step.name, step.args.map(tree.resolveValue), depth + 1, modelFor);
        break;
      case 'if':
        out = applySteps(out, config, name, argumentTest(step.test, params) ? step.then : step.else, params, tree, depth, modelFor);
        break;
    }
  }
  return out;
}

/** ActiveSupport's `blank?` on an argument as it arrives (JSON). */
function blank(v: JSONValue | undefined): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function argumentTest(t: ScopeArgumentTest, params: ReadonlyMap<string, JSONValue>): boolean {
  if ('all' in t) return t.all.every(x => argumentTest(x, params));
  if ('any' in t) return t.any.some(x => argumentTest(x, params));
  if ('not' in t) return !argumentTest(t.not, params);
  const v = params.get(t.param) ?? null;
  if ('equals' in t) return v === t.equals;
  if ('matches' in t) {
    if (t.toS !== true && typeof v !== 'string') throw new InvalidScopeError('', t.param, 'missing_argument', `argument "${t.param}" must be a string (Ruby's match? on anything else raises NoMethodError)`);
    return new RegExp(t.matches, t.flags).test(t.toS === true ? rubyToS(v, '', t.param) : (v as string));
  }
  switch (t.test) {
    case 'empty':
      // Ruby's empty? on a String, Array or Hash; nil.empty? raises in Rails too.
      if (v === null || typeof v !== 'object' && typeof v !== 'string') throw new InvalidScopeError('', t.param, 'missing_argument', `argument "${t.param}" has no empty? (Ruby would raise NoMethodError)`);
      return typeof v === 'string' || Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
    case 'present':
      return !blank(v);
    case 'blank':
      return blank(v);
    case 'nil':
      return v === null;
    case 'truthy':
      return v !== null && v !== false;
  }
}

/** The name `applyScope` knows a model's default_scope by (no Ruby or JS method can have it). */
const DEFAULT_SCOPE = '\0default_scope';

/**
 * A model's `default_scope` as conditions and order terms to put before the
 * relation's own (Rails applies it to every query unless `unscoped`); empty
 * when the model has none.
 */
export function defaultScopeParts(config: ModelConfig, modelFor: (table: string) => ModelConfig | undefined): {where: QueryCondition[]; orderBy: OrderTerm[]} {
  if (!config.defaultScope || config.defaultScope.length === 0) return {where: [], orderBy: []};
  const collector = new ConditionCollector(config, 'default_scope', true);
  applyScope(collector, config, DEFAULT_SCOPE, [], 0, modelFor);
  return {where: collector.conditions, orderBy: collector.orders};
}

/** Every scope-like method name of a model: generated scopes and enum scopes. */
export function scopeMethodNames(config: ModelConfig): string[] {
  const names = Object.keys(config.scopes);
  for (const e of Object.values(config.enums)) for (const m of Object.values(e.methods)) names.push(m.scope);
  return names;
}
