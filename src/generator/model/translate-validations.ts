import type {JSONValue, ValidationCondition, ValidationConfig, ValidationKind} from '../../contract/model-config.ts';
import type {MacroIR} from '../parse/definition-ir.ts';
import type {Report} from '../report.ts';
import {callArguments, hashOf, literalJson, nameOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import {rubyRegexpToJs} from './ruby-regexp.ts';
import type {EnumIR} from './translate-enums.ts';
import {ConditionUntranslatable, validationCondition} from './translate-validation-condition.ts';

export interface ValidationIR {
  readonly file: string;
  readonly line: number;
  readonly result: {readonly config: ValidationConfig} | {readonly skip: string; readonly subject: string};
}

const KINDS: Readonly<Record<string, ValidationKind>> = {
  presence: 'presence', absence: 'absence', length: 'length', numericality: 'numericality', inclusion: 'inclusion',
  exclusion: 'exclusion', format: 'format', uniqueness: 'uniqueness',
};
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
): ValidationIR[] {
  const out: ValidationIR[] = [];
  const target: AttributeTarget = {columns: new Set(model.table.columns.map((c) => c.name)), belongsTo, enums};
  for (const macro of model.macros) {
    const at = {file: macro.source.file, line: macro.line};
    const ofMatch = /^validates_(\w+?)_of$/.exec(macro.name);
    if (macro.name === 'validates' || ofMatch !== null) {
      out.push(...translateOne(model, macro, ofMatch?.[1] ?? null, report, target));
    } else if (macro.name === 'validate' || macro.name === 'validates_with' || macro.name === 'validates_each' || macro.name === 'validates_associated') {
      const subject = `${model.className}.${macro.name}`;
      const reason =
        macro.name === 'validates_associated'
          ? 'validates_associated runs the associated records’ own validations; the client checks each of those when that record is saved, not as part of this one (Rails enforces it)'
          : `${macro.name} runs Ruby code (custom validator); enforced by the server only`;
      out.push({...at, result: {skip: reason, subject}});
      report.skip('validations', subject, reason, at, model.baseClassName);
    }
  }
  return out;
}

/** What a validated attribute may name: a column, or a belongs_to association (validated through its key). */
interface AttributeTarget {
  readonly columns: ReadonlySet<string>;
  /** The model's enums, for `if: :open?` predicates. */
  readonly enums: readonly EnumIR[];
  /** belongs_to name → foreign-key column. */
  readonly belongsTo: ReadonlyMap<string, string>;
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
  const when: {if?: ValidationCondition; unless?: ValidationCondition; on?: string} = {};
  for (const key of CONDITIONAL) {
    const value = options.get(key);
    if (value === undefined) continue;
    try {
      if (key === 'on') {
        if (!(value.kind === 'symbol' && (value.value === 'create' || value.value === 'update'))) throw new ConditionUntranslatable('a custom validation context');
        when.on = value.value;
      } else {
        when[key as 'if' | 'unless'] = validationCondition(value, {columns: target.columns, enums: target.enums});
      }
    } catch (error) {
      if (!(error instanceof ConditionUntranslatable)) throw error;
      skipAll(`conditional (${key}:) validation (${error.message}); the client cannot evaluate it, the server enforces it`, validatorKeys);
      return out;
    }
  }
  const common = commonOptions(options);
  for (const key of validatorKeys) {
    const kind = KINDS[key];
    const raw: RubyValue | undefined = ofKind !== null ? {kind: 'hash', entries: [...args.options].filter(([k]) => !COMMON.has(k)).map(([k, v]) => [{kind: 'symbol', value: k, node: v.node}, v] as const), node: macro.call} : options.get(key);
    for (const attr of attributes as string[]) {
      const subject = `${model.className}.${attr} ${key}`;
      try {
        if (kind === undefined) throw new Skip(`${key} validator is custom or not supported on the client`);
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
        const built = buildValidation(column, kind, raw, common, model);
        const config: ValidationConfig = {
          ...built,
          ...(when.on !== undefined ? {options: {...built.options, on: when.on}} : {}),
          ...(when.if !== undefined ? {if: when.if} : {}),
          ...(when.unless !== undefined ? {unless: when.unless} : {}),
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

function literalOrSkip(value: RubyValue, what: string, model: ModelIR): JSONValue {
  if (value.kind === 'const') {
    const constant = model.constants.get(value.name.split('::').pop()!);
    if (constant !== undefined) return literalOrSkip(constant, what, model);
    throw new Skip(`${what} refers to constant ${value.name}, which is not a literal in the class`);
  }
  if (value.kind === 'range') return rangeOf(value, what, model);
  const json = literalJson(value);
  if (json === undefined) throw new Skip(`${what} is a Ruby expression, not a literal`);
  return json as JSONValue;
}

function rangeOf(value: Extract<RubyValue, {kind: 'range'}>, what: string, model: ModelIR): JSONValue {
  const end = (v: RubyValue | null): JSONValue => (v === null || v.kind === 'nil' ? null : literalOrSkip(v, what, model));
  return {min: end(value.from), max: end(value.to), excludeEnd: value.exclusive};
}

function buildValidation(attribute: string, kind: ValidationKind, raw: RubyValue | undefined, common: CommonOptions, model: ModelIR): ValidationConfig {
  const inner = raw?.kind === 'hash' ? hashOf(raw) : new Map<string, RubyValue>();
  const local = {...common, ...commonOptions(inner)};
  const innerCondition = CONDITIONAL.find((k) => inner.has(k));
  if (innerCondition !== undefined) throw new Skip(`conditional (${innerCondition}:) ${kind} validation; enforced by the server only`);
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
        options[mapped] = literalOrSkip(v, `${kind} ${k}`, model);
      }
      if (kind === 'length' && Object.keys(options).length === 0) throw new Skip('length without a bound');
      break;
    case 'inclusion':
    case 'exclusion': {
      const list = inner.get('in') ?? inner.get('within') ?? (raw?.kind === 'array' || raw?.kind === 'range' || raw?.kind === 'const' ? raw : undefined);
      if (list === undefined) throw new Skip(`${kind} without in:`);
      if (list.kind === 'lambda' || list.kind === 'symbol') throw new Skip(`${kind} in: is computed at runtime`);
      options['in'] = literalOrSkip(list, `${kind} in:`, model);
      break;
    }
    case 'format': {
      let withValue = inner.get('with') ?? inner.get('without');
      if (withValue?.kind === 'const') withValue = model.constants.get(withValue.name.split('::').pop()!) ?? withValue;
      if (withValue?.kind !== 'regexp') {
        throw new Skip(withValue?.kind === 'const' ? `format regexp is constant ${withValue.name}, not defined as a literal in the model` : 'format without a literal regexp');
      }
      const js = rubyRegexpToJs(withValue.source, withValue.flags);
      if ('reason' in js) throw new Skip(`format regexp: ${js.reason}`);
      options[inner.has('with') ? 'with' : 'without'] = js.source;
      options['flags'] = js.flags;
      break;
    }
    case 'uniqueness': {
      const scope = inner.get('scope');
      if (scope !== undefined) options['scope'] = literalOrSkip(scope, 'uniqueness scope', model);
      const cs = inner.get('case_sensitive');
      if (cs?.kind === 'boolean') options['caseSensitive'] = cs.value;
      for (const k of inner.keys()) if (k === 'conditions') throw new Skip('uniqueness with conditions:');
      break;
    }
  }
  return {
    attribute,
    kind,
    options,
    ...(local.allowNil !== undefined ? {allowNil: local.allowNil} : {}),
    ...(local.allowBlank !== undefined ? {allowBlank: local.allowBlank} : {}),
    ...(local.message !== undefined ? {message: local.message} : {}),
    ...(kind === 'uniqueness' ? {serverOnly: true} : {}),
  };
}
