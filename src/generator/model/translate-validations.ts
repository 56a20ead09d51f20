import type {JSONValue, ValidationCondition, ValidationConfig, ValidationKind} from '../../contract/model-config.ts';
import type {MacroIR} from '../parse/definition-ir.ts';
import type {Report} from '../report.ts';
import {callArguments, constantName, hashOf, literalJson, nameOf, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import {rubyRegexpToJs} from './ruby-regexp.ts';
import type {EnumIR} from './translate-enums.ts';
import {ConditionUntranslatable, dateLiteral, validationCondition, type ConditionContext} from './translate-validation-condition.ts';
import {validationMethodErrors} from './translate-validation-method.ts';
import {relativeTime} from './relative-time.ts';
import {zeroSyncedType} from './column-types.ts';
import {AppConstants} from './app-constants.ts';
import {interpolatedLiteral, type ConstantValueLookup} from './interpolated-literal.ts';
import * as P from '@ruby/prism/src/nodes.js';

export interface ValidationIR {
  readonly file: string;
  readonly line: number;
  readonly result:
    | {readonly config: ValidationConfig}
    | {readonly skip: string; readonly subject: string}
    /** Cannot apply to any client write (a withheld column): reported apart, no TODO line. */
    | {readonly notApplicable: string; readonly subject: string};
}

const KINDS: Readonly<Record<string, ValidationKind>> = {
  presence: 'presence', absence: 'absence', length: 'length', numericality: 'numericality', inclusion: 'inclusion',
  exclusion: 'exclusion', format: 'format', uniqueness: 'uniqueness', comparison: 'comparison',
};

/**
 * Constants of Ruby's standard library whose value is fixed: `URI::MailTo::EMAIL_REGEXP`
 * (uri 0.10+, Ruby 2.2+; the same source in every version since).
 */
const STDLIB_REGEXPS: Readonly<Record<string, {source: string; flags: string}>> = {
  'URI::MailTo::EMAIL_REGEXP': {
    source: "\\A[a-zA-Z0-9.!\\#$%&'*+\\/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\z",
    flags: '',
  },
};
const COMPARISON_KEYS: Readonly<Record<string, string>> = {
  greater_than: 'greaterThan', greater_than_or_equal_to: 'greaterThanOrEqualTo', less_than: 'lessThan',
  less_than_or_equal_to: 'lessThanOrEqualTo', equal_to: 'equalTo', other_than: 'otherThan',
};
/**
 * What happens to a validation the generator cannot translate: the device and this package's API
 * server both check only the generated config (validateRecord), and neither runs Ruby, so nothing
 * in zero-active-models enforces it — say so, and where it can be enforced instead.
 */
export const NOT_ENFORCED = 'not enforced by zero-active-models (neither the device nor its API server runs Ruby): check it in a server policy, or keep that write in Rails';
const ASSOCIATION_MACROS = new Set(['belongs_to', 'has_many', 'has_one', 'has_and_belongs_to_many']);
/** Options shared by every validator in one `validates` call. */
const COMMON = new Set(['allow_nil', 'allow_blank', 'message', 'if', 'unless', 'on', 'strict']);
const CONDITIONAL = ['if', 'unless', 'on'];

const NUMERICALITY_KEYS: Readonly<Record<string, string>> = {
  only_integer: 'onlyInteger', greater_than: 'greaterThan', greater_than_or_equal_to: 'greaterThanOrEqualTo',
  less_than: 'lessThan', less_than_or_equal_to: 'lessThanOrEqualTo', equal_to: 'equalTo', other_than: 'otherThan',
  odd: 'odd', even: 'even', in: 'in',
};
const LENGTH_KEYS: Readonly<Record<string, string>> = {minimum: 'minimum', maximum: 'maximum', is: 'is', in: 'in', within: 'in'};

class Skip extends Error {}

/** Where a constant named in a validation is looked up (Ruby's rules: AppConstants). */
interface ConstScope {
  readonly constants: AppConstants;
  /** Lexical scopes of the reference, innermost first. */
  readonly nesting: readonly string[];
  /** Constants the class inherits (superclasses, concerns); empty inside another constant's value. */
  readonly ancestors: ReadonlyMap<string, RubyValue>;
}

/** The value of the constant `written` refers to, with the scope its own value resolves in; throws Skip. */
function constantOf(written: string, what: string, scope: ConstScope): {value: RubyValue; scope: ConstScope} {
  const found = scope.constants.resolve(written, scope.nesting, scope.ancestors);
  if ('missing' in found) throw new Skip(`${what} refers to ${found.missing}`);
  return {value: found.found.value, scope: {constants: scope.constants, nesting: found.found.nesting, ancestors: new Map()}};
}

/** The same lookup for interpolation (`/\A#{ALLOWED}\z/`), each value resolved in its own scope. */
function valueLookup(scope: ConstScope): ConstantValueLookup {
  return (written) => {
    const found = scope.constants.resolve(written, scope.nesting, scope.ancestors);
    return 'found' in found ? {value: found.found.value, resolve: valueLookup({constants: scope.constants, nesting: found.found.nesting, ancestors: new Map()})} : null;
  };
}

/** A string or regexp literal, also one built by interpolating literal constants; other values as they are. */
function folded(value: RubyValue, scope: ConstScope): RubyValue {
  return value.kind === 'other' ? (interpolatedLiteral(value.node, valueLookup(scope)) ?? value) : value;
}

function where(c: {file: string; line: number}): string {
  return c.file === '' ? '' : c.line === 0 ? ` (${c.file})` : ` (${c.file}:${c.line})`;
}

/**
 * Translates `validates :a, presence: true, length: {maximum: 5}` and the
 * `validates_*_of` forms into one ValidationConfig per attribute and kind.
 * Options are camelCased (`greaterThan`), ranges become `{min, max, excludeEnd}`
 * (documented in the generated config), regexps become JS sources. `if:` /
 * `unless:` over attributes and enum predicates, and `on: :create/:update`, go
 * into the config and are evaluated by the client; any other condition (a Ruby
 * method) skips the validation: an unconditional check would be wrong.
 */
export function translateValidations(
  model: ModelIR,
  report: Report,
  belongsTo: ReadonlyMap<string, string> = new Map(),
  enums: readonly EnumIR[] = [],
  constants: AppConstants = new AppConstants([], new Set(), new Map([[model.definition.name, model.definition]]), [model]),
): ValidationIR[] {
  const out: ValidationIR[] = [];
  // A device has only synced, not withheld columns: a condition over anything else cannot run there.
  // A name an association or an instance method also defines reads that, not the column (Ruby calls the method).
  const shadowed = new Set(model.instanceMethods.keys());
  for (const m of model.macros) {
    if (!ASSOCIATION_MACROS.has(m.name)) continue;
    const name = nameOf(callArguments(m.call).positional[0]);
    if (name !== null) shadowed.add(name);
  }
  const onDevice = model.table.columns.filter((c) => c.withheld === undefined && zeroSyncedType(c) !== null);
  const synced = onDevice.filter((c) => !shadowed.has(c.name));
  const condition: ConditionContext = {
    columns: new Set(synced.map((c) => c.name)),
    enums,
    types: new Map(synced.map((c) => [c.name, c.type])),
    belongsTo,
    methods: model.instanceMethods,
  };
  const target: AttributeTarget = {columns: new Set(model.table.columns.map((c) => c.name)), synced: new Set(onDevice.map((c) => c.name)), belongsTo, enums, condition, constants};
  for (const macro of model.macros) {
    const at = {file: macro.source.file, line: macro.line};
    const ofMatch = /^validates_(\w+?)_of$/.exec(macro.name);
    if (macro.name === 'validates' || ofMatch !== null) {
      out.push(...translateOne(model, macro, ofMatch?.[1] ?? null, report, target));
    } else if (macro.name === 'validate') {
      out.push(...translateValidateMethods(model, macro, report, target));
    } else if (macro.name === 'validates_with' || macro.name === 'validates_each' || macro.name === 'validates_associated') {
      const subject = `${model.className}.${macro.name}`;
      const reason =
        macro.name === 'validates_associated'
          ? 'validates_associated runs the associated records’ own validations; zero-active-models checks each of those when that record itself is written, not as part of this one'
          : `${macro.name} runs Ruby code (custom validator); ${NOT_ENFORCED}`;
      out.push({...at, result: {skip: reason, subject}});
      report.skip('validations', subject, reason, at, model.baseClassName);
    }
  }
  return out;
}

/** `if:` / `unless:` / `on:` of a macro (or of one validator's options) as config fields; throws ConditionUntranslatable. */
function conditionsOf(options: ReadonlyMap<string, RubyValue>, ctx: ConditionContext): {if?: ValidationCondition; unless?: ValidationCondition; on?: string} {
  const when: {if?: ValidationCondition; unless?: ValidationCondition; on?: string} = {};
  for (const key of CONDITIONAL) {
    const value = options.get(key);
    if (value === undefined) continue;
    try {
      if (key === 'on') {
        if (!(value.kind === 'symbol' && (value.value === 'create' || value.value === 'update'))) throw new ConditionUntranslatable('a custom validation context');
        when.on = value.value;
      } else {
        when[key as 'if' | 'unless'] = validationCondition(value, ctx);
      }
    } catch (error) {
      if (error instanceof ConditionUntranslatable) throw new ConditionUntranslatable(`${key}: ${error.message}`);
      throw error;
    }
  }
  return when;
}

/**
 * `validate :a, :b` (each a method) and `validate do … end`: a body that only adds errors
 * under conditions over attributes becomes one `method` validation per `errors.add`
 * (validation-method.ts); anything else is a skip, one per method.
 */
function translateValidateMethods(model: ModelIR, macro: MacroIR, report: Report, target: AttributeTarget): ValidationIR[] {
  const args = callArguments(macro.call);
  const at = {file: macro.source.file, line: macro.line};
  const options = new Map(macro.inherited);
  for (const [k, v] of args.options) options.set(k, v);
  const bodies: {name: string; body: P.Node | null; params: boolean}[] = [];
  for (const p of args.positional) {
    const name = nameOf(p);
    const method = name === null ? undefined : model.instanceMethods.get(name);
    bodies.push({name: name ?? '?', body: method?.node.body ?? null, params: method === undefined || method.node.parameters !== null});
  }
  if (args.block !== null) bodies.push({name: 'block', body: args.block.body, params: args.block.parameters !== null});
  const out: ValidationIR[] = [];
  for (const b of bodies) {
    const subject = b.name === 'block' ? `${model.className}.validate block` : `${model.className}.validate :${b.name}`;
    try {
      if (b.params) {
        throw new ConditionUntranslatable(
          model.instanceMethods.has(b.name) || b.name === 'block' ? 'takes parameters' : 'is not defined in app/models (a gem or a dynamic method)',
        );
      }
      const when = conditionsOf(options, target.condition);
      const errors = validationMethodErrors(b.body, target.condition);
      for (const e of errors) {
        const cond = when.if === undefined ? e.when : {all: [when.if, e.when]};
        const config: ValidationConfig = {
          attribute: e.attribute,
          kind: 'method',
          options: {method: b.name, ...(when.on !== undefined ? {on: when.on} : {})},
          message: e.message,
          if: cond,
          ...(when.unless !== undefined ? {unless: when.unless} : {}),
        };
        out.push({...at, result: {config}});
      }
      report.ok('validations', `${model.baseClassName}:${at.file}:${at.line}:validate ${b.name}`);
    } catch (error) {
      if (!(error instanceof ConditionUntranslatable)) throw error;
      const reason = `validate runs Ruby code the client cannot evaluate (${error.message}); ${NOT_ENFORCED}`;
      out.push({...at, result: {skip: reason, subject}});
      report.skip('validations', subject, reason, at, model.baseClassName);
    }
  }
  return out;
}

/** What a validated attribute may name: a column, or a belongs_to association (validated through its key). */
interface AttributeTarget {
  readonly columns: ReadonlySet<string>;
  /** Columns a device has (synced, not withheld). */
  readonly synced: ReadonlySet<string>;
  readonly condition: ConditionContext;
  /** The model's enums, for `if: :open?` predicates. */
  readonly enums: readonly EnumIR[];
  /** belongs_to name → foreign-key column. */
  readonly belongsTo: ReadonlyMap<string, string>;
  readonly constants: AppConstants;
}

function translateOne(model: ModelIR, macro: MacroIR, ofKind: string | null, report: Report, target: AttributeTarget): ValidationIR[] {
  const args = callArguments(macro.call);
  const at = {file: macro.source.file, line: macro.line};
  const attributes = args.positional.map(nameOf);
  const options = new Map(macro.inherited);
  for (const [k, v] of args.options) options.set(k, v);
  const out: ValidationIR[] = [];
  const skipAll = (reason: string, kinds: readonly string[]): void => {
    for (const attr of attributes) {
      for (const kind of kinds) {
        const subject = `${model.className}.${attr ?? '?'} ${kind}`;
        out.push({...at, result: {skip: reason, subject}});
        report.skip('validations', subject, reason, at, model.baseClassName);
      }
    }
  };
  const validatorKeys = ofKind !== null ? [ofKind] : [...options.keys()].filter((k) => !COMMON.has(k));
  if (attributes.some((a) => a === null)) {
    skipAll('dynamic attribute names', validatorKeys);
    return out;
  }
  // `if:` / `unless:` over attributes and `on: :create | :update` are evaluated on the client too.
  let when: {if?: ValidationCondition; unless?: ValidationCondition; on?: string};
  try {
    when = conditionsOf(options, target.condition);
  } catch (error) {
    if (!(error instanceof ConditionUntranslatable)) throw error;
    skipAll(`conditional validation (${error.message}); ${NOT_ENFORCED}`, validatorKeys);
    return out;
  }
  const common = commonOptions(options);
  for (const key of validatorKeys) {
    const kind = KINDS[key];
    const raw: RubyValue | undefined = ofKind !== null ? {kind: 'hash', entries: [...args.options].filter(([k]) => !COMMON.has(k)).map(([k, v]) => [{kind: 'symbol', value: k, node: v.node}, v] as const), node: macro.call} : options.get(key);
    for (const attr of attributes as string[]) {
      const subject = `${model.className}.${attr} ${key}`;
      try {
        if (kind === undefined) throw new Skip(`${key} validator is custom or not supported; ${NOT_ENFORCED}`);
        if (raw?.kind === 'boolean' && !raw.value) continue;
        // `validates :client, presence: true` checks the associated record; on the
        // client the closest faithful check is its foreign key. Any other
        // non-column (virtual attributes like `password`) cannot be checked.
        let column = attr;
        if (!target.columns.has(attr)) {
          const fk = target.belongsTo.get(attr);
          if (fk !== undefined && (kind === 'presence' || kind === 'absence') && target.columns.has(fk)) column = fk;
          else throw new Skip(`${attr} is not a column of ${model.table.name} (virtual attribute or association)`);
        }
        // Withheld columns are reported apart (dropWithheldValidations); other unsynced ones never reach a device.
        const info = model.table.columns.find((c) => c.name === column);
        if (info !== undefined && info.withheld === undefined && !target.synced.has(column)) {
          throw new Skip(`${column} is not synced (its type has no Zero value), so a device cannot check it`);
        }
        const built = buildValidation(column, kind, raw, common, {constants: target.constants, nesting: macro.nesting, ancestors: model.constants}, target.condition);
        // A validator's own `if:` / `unless:` / `on:` (`presence: {if: :x?}`) combine with the macro's.
        const own = built.when;
        const on = own.on ?? when.on;
        if (own.on !== undefined && when.on !== undefined && own.on !== when.on) continue; // can never run
        const ifs = [when.if, own.if].filter((c): c is ValidationCondition => c !== undefined);
        const unlesses = [when.unless, own.unless].filter((c): c is ValidationCondition => c !== undefined);
        const config: ValidationConfig = {
          ...built.config,
          ...(on !== undefined ? {options: {...built.config.options, on}} : {}),
          ...(ifs.length > 0 ? {if: ifs.length === 1 ? ifs[0]! : {all: ifs}} : {}),
          ...(unlesses.length > 0 ? {unless: unlesses.length === 1 ? unlesses[0]! : {any: unlesses}} : {}),
        };
        out.push({...at, result: {config}});
        report.ok('validations', `${model.baseClassName}:${at.file}:${at.line}:${column} ${kind}`);
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        out.push({...at, result: {skip: error.message, subject}});
        report.skip('validations', subject, error.message, at, model.baseClassName);
      }
    }
  }
  return out;
}

interface CommonOptions {
  allowNil?: boolean;
  allowBlank?: boolean;
  message?: string;
}

function commonOptions(options: Map<string, RubyValue>): CommonOptions {
  const out: CommonOptions = {};
  const bool = (v: RubyValue | undefined): boolean | undefined => (v?.kind === 'boolean' ? v.value : undefined);
  const allowNil = bool(options.get('allow_nil'));
  const allowBlank = bool(options.get('allow_blank'));
  const message = options.get('message');
  if (allowNil !== undefined) out.allowNil = allowNil;
  if (allowBlank !== undefined) out.allowBlank = allowBlank;
  if (message?.kind === 'string') out.message = message.value;
  return out;
}

function literalOrSkip(value: RubyValue, what: string, scope: ConstScope): JSONValue {
  if (value.kind === 'const') {
    const resolved = constantOf(value.name, what, scope);
    const constant = {value: folded(resolved.value, resolved.scope), scope: resolved.scope};
    // `VALID_STATUSES = STATUS_STATES.keys`: a list derived from another literal constant.
    const derived = constant.value.kind === 'other' ? derivedList(constant.value.node, constant.scope) : null;
    if (derived !== null) return derived;
    if (constant.value.kind === 'other' || constant.value.kind === 'lambda' || constant.value.kind === 'lvar') {
      const found = scope.constants.resolve(value.name, scope.nesting, scope.ancestors);
      throw new Skip(`${what} refers to constant ${value.name}${'found' in found ? where(found.found) : ''}, which is not a literal`);
    }
    return literalOrSkip(constant.value, what, constant.scope);
  }
  if (value.kind === 'range') return rangeOf(value, what, scope);
  // `[EMAIL, SMS]`: an array of literal constants is the array of their values.
  if (value.kind === 'array' && value.items.some((i) => i.kind === 'const')) return value.items.map((i) => literalOrSkip(i, what, scope));
  const json = literalJson(value);
  if (json === undefined) throw new Skip(`${what} is a Ruby expression, not a literal`);
  return json as JSONValue;
}

/**
 * A list computed from a literal constant of the class, as Ruby computes it at load time:
 * `STATUSES.keys`, `CHARGE_FOR.values`, `FORMATS.map(&:last)` / `map(&:first)` / `map(&:to_s)`,
 * with `.freeze` anywhere. Null for anything else (the caller then reports it).
 */
function derivedList(node: P.Node, scope: ConstScope): JSONValue[] | null {
  if (!(node instanceof P.CallNode) || node.receiver === null) return null;
  const base = (n: P.Node): RubyValue | null => {
    const v = rubyValue(n);
    if (v.kind === 'const') {
      const found = scope.constants.resolve(v.name, scope.nesting, scope.ancestors);
      return 'found' in found ? found.found.value : null;
    }
    if (v.kind === 'array' || v.kind === 'hash') return v;
    if (v.kind === 'other' && n instanceof P.CallNode && n.name === 'freeze' && n.receiver !== null) return base(n.receiver);
    return null;
  };
  if (node.name === 'freeze') return derivedList(node.receiver!, scope);
  const from = base(node.receiver);
  if (from === null) return null;
  let items: RubyValue[];
  if (node.arguments_ === null && node.block === null && from.kind === 'hash' && (node.name === 'keys' || node.name === 'values')) {
    items = from.entries.map(([k, v]) => (node.name === 'keys' ? k : v));
  } else if (node.name === 'map' && node.arguments_ === null && node.block instanceof P.BlockArgumentNode && from.kind === 'array') {
    const sym = node.block.expression === null ? null : rubyValue(node.block.expression);
    if (sym?.kind !== 'symbol') return null;
    const picked: RubyValue[] = [];
    for (const item of from.items) {
      if (sym.value === 'to_s' && (item.kind === 'string' || item.kind === 'symbol')) picked.push({kind: 'string', value: item.value, node: item.node});
      else if ((sym.value === 'first' || sym.value === 'last') && item.kind === 'array' && item.items.length > 0) picked.push(sym.value === 'first' ? item.items[0]! : item.items.at(-1)!);
      else return null;
    }
    items = picked;
  } else return null;
  const out: JSONValue[] = [];
  for (const item of items) {
    // Hash keys written as symbols (`usage: "usage"`) are symbols in Ruby: a string attribute never equals them.
    if (item.kind === 'symbol') return null;
    const json = literalJson(item);
    if (json === undefined || (typeof json === 'object' && json !== null)) return null;
    out.push(json as JSONValue);
  }
  return out;
}

/**
 * `NotificationDistributionMethods.all` where that module (outside app/models) defines
 * `def self.all` as one literal expression (`[EMAIL, SMS, CHAT]` of literal constants): the value
 * every call returns. Null when the call is not of that shape (the caller reports it).
 */
function calledLiteral(node: P.Node, what: string, scope: ConstScope): JSONValue | null {
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null) return null;
  const receiver = constantName(node.receiver);
  if (receiver === null) return null;
  const found = scope.constants.resolveCall(receiver, node.name, scope.nesting);
  if ('missing' in found) return null;
  return literalOrSkip(found.found.value, `${what} ${receiver}.${node.name}`, {constants: scope.constants, nesting: found.found.nesting, ancestors: new Map()});
}

function rangeOf(value: Extract<RubyValue, {kind: 'range'}>, what: string, scope: ConstScope): JSONValue {
  const end = (v: RubyValue | null): JSONValue => (v === null || v.kind === 'nil' ? null : literalOrSkip(v, what, scope));
  return {min: end(value.from), max: end(value.to), excludeEnd: value.exclusive};
}

function buildValidation(
  attribute: string,
  kind: ValidationKind,
  raw: RubyValue | undefined,
  common: CommonOptions,
  scope: ConstScope,
  ctx: ConditionContext,
): {config: ValidationConfig; when: {if?: ValidationCondition; unless?: ValidationCondition; on?: string}} {
  const inner = raw?.kind === 'hash' ? hashOf(raw) : new Map<string, RubyValue>();
  const local = {...common, ...commonOptions(inner)};
  let when: {if?: ValidationCondition; unless?: ValidationCondition; on?: string};
  try {
    when = conditionsOf(inner, ctx);
  } catch (error) {
    if (!(error instanceof ConditionUntranslatable)) throw error;
    throw new Skip(`conditional ${kind} validation (${error.message}); ${NOT_ENFORCED}`);
  }
  const options: Record<string, JSONValue> = {};
  switch (kind) {
    case 'presence':
    case 'absence':
      break;
    case 'length':
    case 'numericality':
      for (const [k, v] of inner) {
        if (COMMON.has(k)) continue;
        const mapped = (kind === 'length' ? LENGTH_KEYS : NUMERICALITY_KEYS)[k];
        if (mapped === undefined) throw new Skip(`${kind} option ${k} is not supported on the client`);
        if (v.kind === 'symbol' || v.kind === 'lambda') throw new Skip(`${kind} ${k}: compares with a method or lambda`);
        options[mapped] = literalOrSkip(v, `${kind} ${k}`, scope);
      }
      if (kind === 'length' && Object.keys(options).length === 0) throw new Skip('length without a bound');
      break;
    case 'inclusion':
    case 'exclusion': {
      const list = inner.get('in') ?? inner.get('within') ?? (raw?.kind === 'array' || raw?.kind === 'range' || raw?.kind === 'const' || raw?.kind === 'other' ? raw : undefined);
      if (list === undefined) throw new Skip(`${kind} without in:`);
      if (list.kind === 'lambda') throw new Skip(`${kind} in: is a lambda or proc, computed each time the record is validated`);
      if (list.kind === 'symbol') throw new Skip(`${kind} in: is the method ${list.value}, computed each time the record is validated`);
      const derived = list.kind === 'other' ? (derivedList(list.node, scope) ?? calledLiteral(list.node, `${kind} in:`, scope)) : null;
      options['in'] = derived ?? literalOrSkip(list, `${kind} in:`, scope);
      break;
    }
    case 'comparison':
      for (const [k, v] of inner) {
        if (COMMON.has(k)) continue;
        const mapped = COMPARISON_KEYS[k];
        if (mapped === undefined) throw new Skip(`comparison option ${k} is not supported on the client`);
        options[mapped] = comparisonBound(v, ctx, scope);
      }
      if (Object.keys(options).length === 0) throw new Skip('comparison without a bound');
      break;
    case 'format': {
      // `format: /re/` is `format: {with: /re/}` (Rails' _parse_validates_options: a value that is not a Hash, Range or Array).
      const shorthand = raw?.kind === 'regexp' || raw?.kind === 'const';
      let withValue = shorthand ? raw : (inner.get('with') ?? inner.get('without'));
      const stdlib = withValue?.kind === 'const' ? STDLIB_REGEXPS[withValue.name.replace(/^::/, '')] : undefined;
      if (stdlib !== undefined) {
        const js = rubyRegexpToJs(stdlib.source, stdlib.flags);
        if ('reason' in js) throw new Skip(`format regexp: ${js.reason}`);
        options[shorthand || inner.has('with') ? 'with' : 'without'] = js.source;
        options['flags'] = js.flags;
        break;
      }
      if (withValue?.kind === 'const') {
        const written = withValue.name;
        const found = scope.constants.resolve(written, scope.nesting, scope.ancestors);
        if ('missing' in found) throw new Skip(`format regexp refers to ${found.missing}`);
        withValue = folded(found.found.value, {constants: scope.constants, nesting: found.found.nesting, ancestors: new Map()});
        if (withValue.kind !== 'regexp') throw new Skip(`format regexp is constant ${written}${where(found.found)}, which is not a literal regexp`);
      }
      if (withValue !== undefined) withValue = folded(withValue, scope);
      if (withValue?.kind === 'other' && withValue.node instanceof P.InterpolatedRegularExpressionNode) {
        throw new Skip('format regexp interpolates something other than literal strings and regexps of the same flags');
      }
      if (withValue?.kind !== 'regexp') throw new Skip('format without a literal regexp');
      const js = rubyRegexpToJs(withValue.source, withValue.flags);
      if ('reason' in js) throw new Skip(`format regexp: ${js.reason}`);
      options[shorthand || inner.has('with') ? 'with' : 'without'] = js.source;
      options['flags'] = js.flags;
      break;
    }
    case 'uniqueness': {
      const columns = inner.get('scope');
      if (columns !== undefined) options['scope'] = literalOrSkip(columns, 'uniqueness scope', scope);
      const cs = inner.get('case_sensitive');
      if (cs?.kind === 'boolean') options['caseSensitive'] = cs.value;
      for (const k of inner.keys()) if (k === 'conditions') throw new Skip('uniqueness with conditions:');
      break;
    }
  }
  const config: ValidationConfig = {
    attribute,
    kind,
    options,
    ...(local.allowNil !== undefined ? {allowNil: local.allowNil} : {}),
    ...(local.allowBlank !== undefined ? {allowBlank: local.allowBlank} : {}),
    ...(local.message !== undefined ? {message: local.message} : {}),
    ...(kind === 'uniqueness' ? {serverOnly: true} : {}),
  };
  return {config, when};
}

/**
 * A ComparisonValidator bound: a literal, a date (`"1989-01-01".to_date`), a
 * relative time in a lambda (`-> { 1.year.from_now }`, computed when the
 * validation runs), or another attribute (`greater_than: :starts_on`).
 */
function comparisonBound(v: RubyValue, ctx: ConditionContext, scope: ConstScope): JSONValue {
  if (v.kind === 'symbol') {
    if (!ctx.columns.has(v.value)) throw new Skip(`comparison with ${v.value}, which is not a synced column`);
    return {attribute: v.value};
  }
  let node: P.Node = v.node;
  if (v.kind === 'lambda') {
    const block = v.node instanceof P.LambdaNode ? v.node : v.node.block instanceof P.BlockNode ? v.node.block : null;
    const body = block === null || block.parameters !== null ? [] : statementsOf(block.body);
    if (body.length !== 1) throw new Skip('comparison with a lambda that is not one time expression');
    node = body[0]!;
  }
  const date = dateLiteral(node);
  if (date !== null) return date;
  const rel = relativeTime(node);
  if (rel !== null) return rel as unknown as JSONValue;
  if (v.kind === 'lambda') throw new Skip('comparison with a lambda the client cannot evaluate');
  return literalOrSkip(v, 'comparison bound', scope);
}
