import type {AssociationConfig, AssociationKind} from '../../contract/model-config.ts';
import {UnknownClassError} from '../errors/unknown-class-error.ts';
import type {MacroIR} from '../parse/definition-ir.ts';
import type {Report} from '../report.ts';
import * as P from '@ruby/prism/src/nodes.js';
import {callArguments, nameOf, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import {computeTypeCandidates, type ResolvedModels} from './resolve-models.ts';

const KINDS = new Set<string>(['belongs_to', 'has_many', 'has_one', 'has_and_belongs_to_many']);

/** `through:` chains followed at most this deep (each level re-translates the intermediate model). */
const MAX_THROUGH_DEPTH = 3;

/** Namespaces of classes Rails engines define outside app/models: never an error, always a skip. */
const EXTERNAL_NAMESPACES = ['ActiveStorage::', 'ActionText::', 'ActionMailbox::', 'Doorkeeper::', 'PaperTrail::', 'Audited::'];

/** One hop of a Zero relationship. */
export interface ZeroHop {
  readonly sourceField: readonly string[];
  readonly destField: readonly string[];
  readonly destTable: string;
}

/**
 * A relationship over the plain keys of an association whose rows are fewer than its keys
 * reach (a scoped association, a polymorphic `as:`): exact for EXISTS, where Rails' join puts
 * the scope's conditions (and `<as>_type = …`) into the ON clause, so each EXISTS over it adds
 * them; never read (an include would return every keyed row, not the association's).
 */
export interface ExistsOnly {
  /** Why it is not readable as a relationship (the former skip reason). */
  readonly why: string;
  /** The association's scope lambda (its conditions go into every EXISTS), when it has one. */
  readonly scope?: RubyValue | undefined;
  /**
   * A has_one whose scope orders or limits picks "the one" among several rows; a join (which ignores
   * the order) then repeats the owner per matching row, as a has_many's does.
   */
  readonly picksAmongMany?: boolean | undefined;
  /** `as:`: the owner's type as Rails stores it in `<as>_type` (its STI base class name). */
  readonly type?: {readonly column: string; readonly value: string} | undefined;
}

export interface AssociationIR {
  readonly config: AssociationConfig;
  readonly line: number;
  readonly file: string;
  /** The Zero relationship, or why there is none (polymorphic, missing table, …). */
  readonly zero:
    | {readonly cardinality: 'one' | 'many'; readonly hops: readonly ZeroHop[]; readonly existsOnly?: ExistsOnly | undefined}
    | {readonly skip: string};
}

export interface AssociationOptions {
  /** Turn unknown target classes into skips instead of errors (`--allow-unknown-classes`). */
  readonly allowUnknownClasses: boolean;
  /** Only direct associations (used for the intermediate model of a `through:`; avoids cycles). */
  readonly directOnly?: boolean;
  /** How many `through:` levels deep this translation is (nested through recurses, at most MAX_THROUGH_DEPTH). */
  readonly depth?: number;
}

/**
 * An acronym declared somewhere the generator does not read (an initializer
 * without `inflections`, a gem) makes Rails derive `IPPool` where the app's
 * inflector says `IpPool`: a unique case-insensitive match stands in.
 */
function resolveIgnoringCase(resolved: ResolvedModels, className: string): string | null {
  const wanted = className.replace(/^::/, '').toLowerCase();
  const matches = [...resolved.definitions.keys()].filter((k) => k.toLowerCase() === wanted);
  return matches.length === 1 ? matches[0]! : null;
}

/**
 * Translates belongs_to / has_many / has_one / habtm with ActiveRecord's
 * defaults for class names and keys (`Reflection#foreign_key`,
 * `#association_primary_key`). `through:` is resolved in a second pass because
 * it may name an association declared later in the class.
 */
export function translateAssociations(
  model: ModelIR,
  resolved: ResolvedModels,
  report: Report,
  options: AssociationOptions,
): AssociationIR[] {
  const inflector = resolved.inflector;
  const underscore = (w: string): string => inflector.underscore(w);
  const foreignKeyFor = (c: string): string => inflector.foreignKey(c);
  const direct = new Map<string, AssociationIR>();
  const through: {macro: MacroIR; name: string; opts: Map<string, RubyValue>}[] = [];
  const out: AssociationIR[] = [];
  const at = (m: MacroIR) => ({file: m.source.file, line: m.line});

  const targetModel = (macro: MacroIR, className: string): ModelIR | 'unknown' => {
    // A concern's association belongs to the including model, as in Rails.
    const declaring = (macro.owner ?? model.definition).name;
    const name =
      computeTypeCandidates(declaring, className).find((c) => resolved.definitions.has(c)) ?? resolveIgnoringCase(resolved, className) ?? className;
    const target = resolved.byClass.get(name);
    if (target !== undefined) return target;
    const external = EXTERNAL_NAMESPACES.some((ns) => name.startsWith(ns));
    if (!external && !options.allowUnknownClasses && !resolved.definitions.has(name)) {
      // `Noticed::Notification`: a namespace app/models does not define is most likely a gem's.
      const namespace = name.includes('::') ? name.slice(0, name.indexOf('::')) : null;
      const gem = namespace !== null && ![...resolved.definitions.keys()].some((k) => k === namespace || k.startsWith(`${namespace}::`));
      throw new UnknownClassError(
        macro.source.file,
        macro.line,
        className,
        `${macro.name} :${nameOf(callArguments(macro.call).positional[0]) ?? '?'}`,
        gem
          ? `or, as app/models has no ${namespace} (a gem's namespace?), pass --allow-unknown-classes to skip associations to classes it does not define (each reported as a skip)`
          : undefined,
      );
    }
    return 'unknown';
  };

  for (const macro of model.macros) {
    if (!KINDS.has(macro.name)) continue;
    const args = callArguments(macro.call);
    const name = nameOf(args.positional[0]);
    if (name === null) {
      report.skip('associations', `${model.className}.${macro.name}`, 'dynamic association name', at(macro), model.baseClassName);
      continue;
    }
    const opts = new Map(macro.inherited);
    for (const [k, v] of args.options) opts.set(k, v);
    const kind = macro.name as AssociationKind;
    const subject = `${model.className}.${name}`;
    if (opts.has('through')) {
      if (options.directOnly !== true) through.push({macro, name, opts});
      continue;
    }
    if (opts.has('class_name') && nameOf(opts.get('class_name')) === null) {
      report.skip('associations', subject, 'class_name: is computed at runtime (interpolated string or expression)', at(macro), model.baseClassName);
      continue;
    }
    const str = (key: string): string | undefined => nameOf(opts.get(key)) ?? undefined;
    const bool = (key: string): boolean | undefined => {
      const v = opts.get(key);
      return v?.kind === 'boolean' ? v.value : undefined;
    };
    const explicitClass = str('class_name');
    const polymorphic = bool('polymorphic') === true;
    const dependent = str('dependent');
    const as = str('as');

    if (kind === 'belongs_to' && polymorphic) {
      const config: AssociationConfig = {
        name,
        kind,
        foreignKey: str('foreign_key') ?? `${name}_id`,
        primaryKey: str('primary_key') ?? 'id',
        optional: bool('optional'),
        polymorphic: true,
      };
      const ir: AssociationIR = {config, ...at(macro), zero: {skip: 'polymorphic belongs_to: the target table depends on the row'}};
      direct.set(name, ir);
      out.push(ir);
      report.ok('associations', `${model.baseClassName}:${ir.file}:${ir.line}:${name}`);
      continue;
    }

    // Rails' derive_class_name: singular for collections only (`has_one :settings` is `Settings`).
    const collection = kind === 'has_many' || kind === 'has_and_belongs_to_many';
    const className = explicitClass ?? inflector.camelize(collection ? inflector.singularize(name) : name);
    const target = targetModel(macro, className);
    if (target === 'unknown') {
      report.skip('associations', subject, `target class ${className} is not a model with a table in app/models`, at(macro), model.baseClassName);
      continue;
    }
    const ownerFk = as !== undefined ? `${as}_id` : foreignKeyFor(model.baseClassName);
    let config: AssociationConfig;
    let zero: AssociationIR['zero'];
    if (kind === 'belongs_to') {
      const fk = str('foreign_key') ?? `${underscore(name)}_id`;
      const pk = str('primary_key') ?? target.primaryKey;
      config = {name, kind, model: target.className, table: target.table.name, foreignKey: fk, primaryKey: pk, optional: bool('optional'), dependent};
      zero = {cardinality: 'one', hops: [{sourceField: [fk], destField: [pk], destTable: target.table.name}]};
    } else if (kind === 'has_many' || kind === 'has_one') {
      const fk = str('foreign_key') ?? ownerFk;
      const pk = str('primary_key') ?? model.primaryKey;
      config = {name, kind, model: target.className, table: target.table.name, foreignKey: fk, primaryKey: pk, as, dependent};
      const hops = [{sourceField: [pk], destField: [fk], destTable: target.table.name}];
      const cardinality = kind === 'has_many' ? 'many' : 'one';
      // Rails stores `polymorphic_name` (the STI base class's name) in `<as>_type`; an override is Ruby code.
      const overridden = model.classMethods.some((m) => m.name === 'polymorphic_name');
      zero =
        as === undefined
          ? {cardinality, hops}
          : overridden
            ? {skip: `polymorphic ${kind} (as: :${as}): ${model.className} overrides polymorphic_name, the ${as}_type value`}
            : {
                cardinality,
                hops,
                existsOnly: {
                  why: `polymorphic ${kind} (as: :${as}): Zero relationships cannot filter on ${as}_type`,
                  type: {column: `${as}_type`, value: model.baseClassName},
                },
              };
    } else {
      // has_and_belongs_to_many: the join table name is the two table names in lexical order.
      const joinTable = str('join_table') ?? habtmJoinTable(model.table.name, target.table.name);
      const fk = str('foreign_key') ?? ownerFk;
      const afk = str('association_foreign_key') ?? foreignKeyFor(target.className);
      config = {name, kind, model: target.className, table: target.table.name, foreignKey: fk, primaryKey: model.primaryKey, joinTable, dependent};
      zero = {
        cardinality: 'many',
        hops: [
          {sourceField: [model.primaryKey], destField: [fk], destTable: joinTable},
          {sourceField: [afk], destField: [target.primaryKey], destTable: target.table.name},
        ],
      };
    }
    const scopeProblem = associationScopeProblem(args.positional[1], kind);
    // Scoped belongs_to/has_many/has_one: EXISTS over the keys plus the scope's conditions (HABTM stays a skip).
    if (scopeProblem !== null && !('skip' in zero)) {
      zero =
        kind === 'has_and_belongs_to_many'
          ? {skip: scopeProblem}
          : {
              ...zero,
              existsOnly: {
                why: zero.existsOnly === undefined ? scopeProblem : `${zero.existsOnly.why}; ${scopeProblem}`,
                scope: args.positional[1],
                picksAmongMany: kind === 'has_one' && scopeOrdersOrLimits(args.positional[1]),
                type: zero.existsOnly?.type,
              },
            };
    }
    const order = scopeProblem === null ? associationOrder(args.positional[1]) : undefined;
    if (order !== undefined) config = {...config, order};
    const ir: AssociationIR = {config: stripUndefined(config), ...at(macro), zero};
    direct.set(name, ir);
    out.push(ir);
    report.ok('associations', `${model.baseClassName}:${ir.file}:${ir.line}:${name}`);
  }

  // A through association may go through another one (nested through): resolve in dependency order.
  const depth = options.depth ?? 0;
  const pending = [...through];
  const resolvedThrough = new Map<string, AssociationIR>();
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    for (const item of [...pending]) {
      const throughName = nameOf(item.opts.get('through'));
      if (throughName !== null && !direct.has(throughName) && !resolvedThrough.has(throughName) && pending.some((p) => p !== item && p.name === throughName)) continue;
      pending.splice(pending.indexOf(item), 1);
      progress = true;
      const ir = translateThrough(item);
      if (ir !== null) resolvedThrough.set(item.name, ir);
    }
  }
  for (const {macro, name} of pending) {
    report.skip('associations', `${model.className}.${name}`, 'through: associations that go through each other in a cycle', {file: macro.source.file, line: macro.line}, model.baseClassName);
  }

  function translateThrough({macro, name, opts}: (typeof through)[number]): AssociationIR | null {
    const subject = `${model.className}.${name}`;
    const throughName = nameOf(opts.get('through'));
    const first = throughName === null ? undefined : (direct.get(throughName) ?? resolvedThrough.get(throughName));
    if (first === undefined || first.config.table === undefined) {
      const reason = `through: :${throughName ?? '?'} is not a translatable association of ${model.className}`;
      report.skip('associations', subject, reason, {file: macro.source.file, line: macro.line}, model.baseClassName);
      return null;
    }
    const firstModel = resolved.byClass.get(first.config.model ?? '');
    const sourceName = nameOf(opts.get('source'));
    const candidates = sourceName !== null ? [sourceName] : [name, inflector.singularize(name)];
    // The source may itself be a through association of the intermediate model (nested through).
    const secondAssociations = firstModel === undefined ? [] : intermediateAssociations(firstModel, resolved, depth + 1);
    const second = secondAssociations.find((a) => candidates.includes(a.config.name));
    if (second === undefined || second.config.table === undefined) {
      report.skip('associations', subject, `source association ${candidates.join('/')} not found on ${firstModel?.className ?? first.config.model}`, {file: macro.source.file, line: macro.line}, model.baseClassName);
      return null;
    }
    const kind = macro.name as AssociationKind;
    const config: AssociationConfig = stripUndefined({
      name,
      kind,
      model: second.config.model,
      table: second.config.table,
      foreignKey: second.config.foreignKey,
      primaryKey: second.config.primaryKey,
      through: throughName ?? undefined,
      dependent: nameOf(opts.get('dependent')) ?? undefined,
    });
    let zero: AssociationIR['zero'];
    if ('skip' in first.zero) zero = {skip: `through :${throughName}: ${first.zero.skip}`};
    else if ('skip' in second.zero) zero = {skip: `through :${throughName}: ${second.zero.skip}`};
    // The conditions of an EXISTS-only hop would be lost in a two-hop relationship.
    else if (first.zero.existsOnly !== undefined) zero = {skip: `through :${throughName}: ${first.zero.existsOnly.why}`};
    else if (second.zero.existsOnly !== undefined) zero = {skip: `through :${throughName}: ${second.zero.existsOnly.why}`};
    else if (first.zero.hops.length + second.zero.hops.length > 2) {
      zero = {skip: `through :${throughName} is ${first.zero.hops.length + second.zero.hops.length} hops: Zero relationships have at most two`};
    }
    else zero = {cardinality: kind === 'has_one' ? 'one' : 'many', hops: [...first.zero.hops, ...second.zero.hops]};
    // `has_many :assigned, -> { active }, through: …`: the scope filters the target rows, as on a direct association.
    const scope = callArguments(macro.call).positional[1];
    const scopeProblem = associationScopeProblem(scope, kind);
    if (scopeProblem !== null && !('skip' in zero)) {
      zero = {...zero, existsOnly: {why: scopeProblem, scope, picksAmongMany: kind === 'has_one' && scopeOrdersOrLimits(scope)}};
    }
    const ir: AssociationIR = {config, file: macro.source.file, line: macro.line, zero};
    out.push(ir);
    report.ok('associations', `${model.baseClassName}:${macro.source.file}:${macro.line}:${name}`);
    return ir;
  }
  // Rails lets a later declaration replace an earlier one of the same name (a
  // class redefining a concern's association): keep the last, say so.
  const byName = new Map<string, AssociationIR>();
  for (const a of out) {
    const previous = byName.get(a.config.name);
    if (previous !== undefined && options.directOnly !== true) {
      report.warn(`${model.className}.${a.config.name} is declared again (first at ${previous.file}:${previous.line}); the later declaration wins`, a);
    }
    byName.set(a.config.name, a);
  }
  return [...byName.values()];
}

/**
 * An association scope (`has_many :tasks, -> { order(:position) }`) changes
 * which rows belong to the association. Zero relationships have no filter, so
 * only an order-only scope on a has_many (same rows, different order) keeps a
 * relationship; anything else becomes a TODO instead of a wrong relationship.
 */
function associationScopeProblem(scope: RubyValue | undefined, kind: AssociationKind): string | null {
  if (scope === undefined || scope.kind !== 'lambda') return null;
  const node = scope.node;
  const body = node instanceof P.LambdaNode ? node.body : node.block instanceof P.BlockNode ? node.block.body : null;
  const statements = statementsOf(body);
  let call: P.Node | null | undefined = statements.length === 1 ? statements[0] : undefined;
  let orderOnly = call !== undefined;
  while (call instanceof P.CallNode) {
    if (call.name !== 'order') orderOnly = false;
    call = call.receiver;
  }
  if (call !== null && call !== undefined) orderOnly = false;
  if (orderOnly && kind === 'has_many') return null;
  return kind === 'has_many' || kind === 'has_and_belongs_to_many'
    ? 'association scope filters rows; a Zero relationship cannot express it'
    : `${kind} with a scope: which row is "the one" depends on the scope, which a Zero relationship cannot express`;
}

/** The scope lambda's chain calls order/limit/first/last (anywhere in the chain). */
function scopeOrdersOrLimits(scope: RubyValue | undefined): boolean {
  if (scope === undefined || scope.kind !== 'lambda') return false;
  const node = scope.node;
  const body = node instanceof P.LambdaNode ? node.body : node.block instanceof P.BlockNode ? node.block.body : null;
  for (let call: P.Node | null | undefined = statementsOf(body).at(-1); call instanceof P.CallNode; call = call.receiver) {
    if (['order', 'reorder', 'limit', 'first', 'last', 'in_order_of'].includes(call.name)) return true;
  }
  return false;
}

/**
 * The order of an order-only association scope, when every term is a plain
 * column (`order(:position)`, `order(position: :asc, id: :desc)`); anything
 * else (SQL strings, expressions) leaves the association unordered.
 */
function associationOrder(scope: RubyValue | undefined): AssociationConfig['order'] {
  if (scope === undefined || scope.kind !== 'lambda') return undefined;
  const node = scope.node;
  const body = node instanceof P.LambdaNode ? node.body : node.block instanceof P.BlockNode ? node.block.body : null;
  const terms: (readonly [string, 'asc' | 'desc'])[] = [];
  const calls: P.CallNode[] = [];
  for (let call: P.Node | null | undefined = statementsOf(body)[0]; call instanceof P.CallNode; call = call.receiver) calls.unshift(call);
  for (const call of calls) {
    const args = callArguments(call);
    for (const arg of args.positional) {
      if (arg.kind !== 'symbol') return undefined;
      terms.push([arg.value, 'asc']);
    }
    for (const [column, direction] of args.options) {
      const dir = direction.kind === 'symbol' || direction.kind === 'string' ? direction.value.toLowerCase() : '';
      if (dir !== 'asc' && dir !== 'desc') return undefined;
      terms.push([column, dir]);
    }
  }
  return terms.length > 0 ? terms : undefined;
}

export function habtmJoinTable(a: string, b: string): string {
  return [a, b].sort().join('_');
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const intermediateCache = new WeakMap<ResolvedModels, Map<string, AssociationIR[]>>();

/** The associations of a `through:`'s intermediate model, translated once per model and depth. */
function intermediateAssociations(model: ModelIR, resolved: ResolvedModels, depth: number): AssociationIR[] {
  let cache = intermediateCache.get(resolved);
  if (cache === undefined) intermediateCache.set(resolved, (cache = new Map()));
  const key = `${model.className}\0${depth}`;
  let associations = cache.get(key);
  if (associations === undefined) {
    associations = translateAssociations(model, resolved, silentReport(), {allowUnknownClasses: true, directOnly: depth >= MAX_THROUGH_DEPTH, depth});
    cache.set(key, associations);
  }
  return associations;
}

function silentReport(): Report {
  // A throwaway report for re-translating the intermediate model of a `through:`.
  return {ok() {}, skip() {}, warn() {}} as unknown as Report;
}
