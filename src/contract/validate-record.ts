import type {ConditionOperand, JSONValue, ModelConfig, RelativeTime, ValidationCondition, ValidationConfig} from './model-config.ts';
import {resolveRelativeTime} from './resolve-relative-time.ts';
import type {ErrorMessages} from '../errors/record-invalid-error.ts';

/** The outcome of a model's validations: valid, or the errors per attribute and as sentences. */
export type ValidationResult = {
  readonly valid: boolean;
  /** `{title: ["can't be blank"]}` — Rails' `errors.messages`. */
  readonly errors: ErrorMessages;
  /** `["Title can't be blank"]` — Rails' `errors.full_messages`. */
  readonly fullMessages: readonly string[];
};

/** Rails' `blank?`: nil, false, empty or whitespace-only strings, empty arrays and hashes. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Rails' `humanize` for attribute names: `client_id` → `Client`, `due_at` → `Due at`. */
export function humanizeAttribute(name: string): string {
  const words = name.replace(/_id$/, '').replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A validation option by its Rails name (`only_integer`). The generator emits
 * camelCase keys (`onlyInteger`, `greaterThanOrEqualTo`); both spellings are read.
 */
function opt(v: ValidationConfig, key: string): JSONValue | undefined {
  if (Object.hasOwn(v.options, key)) return v.options[key];
  const camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return camel !== key && Object.hasOwn(v.options, camel) ? v.options[camel] : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lengthOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return String(value).length;
}

/** A Ruby range as the generator emits it: `1..5` → {min: 1, max: 5}, `1...5` adds excludeEnd, `..5` has min null. */
interface NumericRange {
  readonly min: number | null;
  readonly max: number | null;
  readonly excludeEnd: boolean;
}

function rangeOf(v: ValidationConfig, key: string): NumericRange | undefined {
  const r = opt(v, key);
  if (Array.isArray(r) && r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number') {
    return {min: r[0], max: r[1], excludeEnd: false};
  }
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    const {min, max, excludeEnd} = r as {min?: unknown; max?: unknown; excludeEnd?: unknown};
    const bound = (x: unknown) => (typeof x === 'number' ? x : null);
    if (bound(min) !== null || bound(max) !== null) {
      return {min: bound(min), max: bound(max), excludeEnd: excludeEnd === true};
    }
  }
  return undefined;
}

function inRange(n: number, r: NumericRange): boolean {
  if (r.min !== null && n < r.min) return false;
  if (r.max !== null && (r.excludeEnd ? n >= r.max : n > r.max)) return false;
  return true;
}

/** Ruby's own spelling of the range, for messages (`1..5`, `1...5`, `..5`). */
function rubyRange(r: NumericRange): string {
  return `${r.min ?? ''}${r.excludeEnd ? '...' : '..'}${r.max ?? ''}`;
}

function checkLength(v: ValidationConfig, value: unknown): string[] {
  const n = lengthOf(value);
  const out: string[] = [];
  const range = rangeOf(v, 'in') ?? rangeOf(v, 'within');
  const min = range ? (range.min ?? undefined) : (opt(v, 'minimum') as number | undefined);
  const max = range ? (range.max === null ? undefined : range.excludeEnd ? range.max - 1 : range.max) : (opt(v, 'maximum') as number | undefined);
  const is = opt(v, 'is') as number | undefined;
  if (typeof is === 'number' && n !== is) out.push(`is the wrong length (should be ${plural(is, 'character')})`);
  if (typeof min === 'number' && n < min) out.push(`is too short (minimum is ${plural(min, 'character')})`);
  if (typeof max === 'number' && n > max) out.push(`is too long (maximum is ${plural(max, 'character')})`);
  return out;
}

const NUMERIC_CHECKS: readonly (readonly [string, (a: number, b: number) => boolean, string])[] = [
  ['greater_than', (a, b) => a > b, 'must be greater than'],
  ['greater_than_or_equal_to', (a, b) => a >= b, 'must be greater than or equal to'],
  ['equal_to', (a, b) => a === b, 'must be equal to'],
  ['less_than', (a, b) => a < b, 'must be less than'],
  ['less_than_or_equal_to', (a, b) => a <= b, 'must be less than or equal to'],
  ['other_than', (a, b) => a !== b, 'must be other than'],
];

function checkNumericality(v: ValidationConfig, value: unknown): string[] {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return ['is not a number'];
  if (opt(v, 'only_integer') === true && !Number.isInteger(n)) return ['must be an integer'];
  const out: string[] = [];
  for (const [key, ok, message] of NUMERIC_CHECKS) {
    const bound = opt(v, key);
    if (typeof bound === 'number' && !ok(n, bound)) out.push(`${message} ${bound}`);
  }
  if (opt(v, 'odd') === true && Math.abs(n % 2) !== 1) out.push('must be odd');
  if (opt(v, 'even') === true && n % 2 !== 0) out.push('must be even');
  const range = rangeOf(v, 'in');
  if (range && !inRange(n, range)) out.push(`must be in ${rubyRange(range)}`);
  return out;
}

function listOf(v: ValidationConfig): readonly JSONValue[] {
  const list = opt(v, 'in') ?? opt(v, 'within');
  return Array.isArray(list) ? (list as readonly JSONValue[]) : [];
}

/** `in:` as a list or (Rails `inclusion: {in: 1..5}`) as a numeric range. */
function memberOf(v: ValidationConfig, value: unknown): boolean {
  const range = rangeOf(v, 'in') ?? rangeOf(v, 'within');
  if (range) return typeof value === 'number' && inRange(value, range);
  return listOf(v).includes(value as JSONValue);
}

function regexOf(v: ValidationConfig, key: 'with' | 'without'): RegExp | undefined {
  const source = opt(v, key);
  if (typeof source !== 'string') return undefined;
  const flags = opt(v, 'flags');
  return new RegExp(source, typeof flags === 'string' ? flags : '');
}

/** An operand's value for this record: a literal, another attribute, or a relative time computed now. */
function operandValue(o: ConditionOperand | JSONValue | undefined, attrs: Readonly<Record<string, unknown>>): unknown {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    if ('relativeTime' in o) return resolveRelativeTime((o as RelativeTime).relativeTime);
    if ('attribute' in o && typeof o['attribute'] === 'string') return attrs[o['attribute']] ?? null;
  }
  return o ?? null;
}

/** Ruby's `<=>` for what the client holds (numbers, including dates as epoch ms, and strings); null when Ruby would raise. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

const COMPARISON_CHECKS: readonly (readonly [string, (c: number) => boolean, string])[] = [
  ['greaterThan', (c) => c > 0, 'must be greater than'],
  ['greaterThanOrEqualTo', (c) => c >= 0, 'must be greater than or equal to'],
  ['equalTo', (c) => c === 0, 'must be equal to'],
  ['lessThan', (c) => c < 0, 'must be less than'],
  ['lessThanOrEqualTo', (c) => c <= 0, 'must be less than or equal to'],
  ['otherThan', (c) => c !== 0, 'must be other than'],
];

/** How Rails prints a compared value in a message: a Date as `2024-01-31`, a time as `2024-01-31 09:00:00 UTC`. */
function rubyText(value: unknown, railsType: string | undefined): string {
  if (typeof value === 'number' && (railsType === 'date' || railsType === 'datetime' || railsType === 'timestamp' || railsType === 'timestamptz')) {
    const iso = new Date(value).toISOString();
    return railsType === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  }
  return String(value);
}

/** Rails' ComparisonValidator: blank is "can't be blank" (and stops); each bound adds its message. */
function checkComparison(config: ModelConfig, v: ValidationConfig, value: unknown, attrs: Readonly<Record<string, unknown>>): string[] {
  if (isBlank(value)) return ["can't be blank"];
  const out: string[] = [];
  for (const [key, ok, message] of COMPARISON_CHECKS) {
    if (!Object.hasOwn(v.options, key)) continue;
    const bound = operandValue(v.options[key], attrs);
    const c = compare(value, bound);
    // Ruby raises ArgumentError ("comparison of Date with nil failed"), which Rails adds as the error.
    if (c === null) {
      out.push(`comparison of ${typeof value === 'number' ? 'Integer' : 'String'} with ${bound === null ? 'nil' : typeof bound} failed`);
      continue;
    }
    const boundAttr = v.options[key] as {attribute?: unknown} | null;
    const railsType = config.columns[typeof boundAttr === 'object' && boundAttr !== null && typeof boundAttr.attribute === 'string' ? boundAttr.attribute : v.attribute]?.railsType;
    if (!ok(c)) out.push(`${message} ${rubyText(bound, railsType)}`);
  }
  return out;
}

/** The default messages of one validation for one value (empty when it passes). */
function check(v: ValidationConfig, value: unknown, config?: ModelConfig, attrs: Readonly<Record<string, unknown>> = {}): string[] {
  switch (v.kind) {
    case 'comparison':
      return checkComparison(config ?? ({columns: {}} as unknown as ModelConfig), v, value, attrs);
    case 'method':
      // The method's `errors.add` runs when its condition (`if`) holds, checked by the caller.
      return [v.message ?? 'is invalid'];
    case 'presence':
      return isBlank(value) ? ["can't be blank"] : [];
    case 'absence':
      return isBlank(value) ? [] : ['must be blank'];
    case 'length':
      return checkLength(v, value);
    case 'numericality':
      return checkNumericality(v, value);
    case 'inclusion':
      return memberOf(v, value) ? [] : ['is not included in the list'];
    case 'exclusion':
      return memberOf(v, value) ? ['is reserved'] : [];
    case 'format': {
      const s = value === null || value === undefined ? '' : String(value);
      const withRe = regexOf(v, 'with');
      const withoutRe = regexOf(v, 'without');
      return (withRe && !withRe.test(s)) || (withoutRe && withoutRe.test(s)) ? ['is invalid'] : [];
    }
    case 'uniqueness':
      // Needs the whole table: the server/database decides (a unique index).
      return [];
  }
}

const FALSE_STRINGS = new Set(['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF']);

/** Rails' `query_attribute` (`published?`): true, a non-zero number, or a non-blank string that is not false-like. */
function attributeQuery(value: unknown): boolean {
  if (value === true) return true;
  if (value === false || value === null || value === undefined) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value) !== 0;
    return !FALSE_STRINGS.has(value) && !isBlank(value);
  }
  return !isBlank(value);
}

/** A new record's values before assignment: literal column defaults, else nil (what `attr_changed?` compares with on create). */
export function columnDefaults(config: ModelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(config.columns)) out[name] = c.default?.kind === 'literal' ? c.default.value : null;
  return out;
}

/**
 * Thrown while evaluating a condition where Ruby raises (`nil > 1`, `nil.include?("-")`):
 * Rails' save fails with that exception, so the record is not valid either.
 */
export class ConditionRaisedError extends Error {
  readonly code = 'condition_raised';
}

/**
 * Evaluates a generated `if:` / `unless:` condition on the record's attributes;
 * `context` (create or update) answers `new_record?` / `persisted?`.
 */
export function conditionHolds(
  c: ValidationCondition,
  attrs: Readonly<Record<string, unknown>>,
  context: 'create' | 'update' = 'update',
  previous?: Readonly<Record<string, unknown>>,
): boolean {
  if ('all' in c) return c.all.every(sub => conditionHolds(sub, attrs, context, previous));
  if ('any' in c) return c.any.some(sub => conditionHolds(sub, attrs, context, previous));
  if ('not' in c) return !conditionHolds(c.not, attrs, context, previous);
  if ('record' in c) return c.record === 'new' ? context === 'create' : context === 'update';
  const value = attrs[c.attribute];
  switch (c.test) {
    case 'query':
      return attributeQuery(value);
    case 'truthy':
      return value !== null && value !== undefined && value !== false;
    case 'changed':
      // Without the persisted row (a plain `validate()` of attributes) a change cannot be told: Rails' answer needs it.
      if (previous === undefined) throw new ConditionRaisedError(`${c.attribute}_changed? needs the persisted row`);
      return (value ?? null) !== (previous[c.attribute] ?? null);
    case 'present':
      return !isBlank(value);
    case 'blank':
      return isBlank(value);
    case 'nil':
      return value === null || value === undefined;
    case 'eq':
      return (value ?? null) === operandValue(c.value, attrs);
    case 'ne':
      return (value ?? null) !== operandValue(c.value, attrs);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const other = operandValue(c.value, attrs);
      const r = compare(value, other);
      if (r === null) throw new ConditionRaisedError(`comparison of ${c.attribute} with ${other === null ? 'nil' : String(other)} failed`);
      return c.test === 'lt' ? r < 0 : c.test === 'le' ? r <= 0 : c.test === 'gt' ? r > 0 : r >= 0;
    }
    case 'includes':
      if (value === null || value === undefined) throw new ConditionRaisedError(`undefined method 'include?' for nil (${c.attribute})`);
      return typeof value === 'string' && value.includes(c.value);
    case 'match':
      return typeof value === 'string' && new RegExp(c.value, c.flags).test(value);
    case 'in':
      return c.value.includes((value ?? null) as JSONValue);
  }
}

/**
 * Runs a model's generated validations on attributes, Rails-style:
 * `allow_nil`/`allow_blank` skip, `on: 'create' | 'update'` restricts, a
 * custom `message` replaces the defaults, `if:`/`unless:` conditions decide,
 * uniqueness (serverOnly) is skipped.
 *
 * @example
 * // Rails: job.valid?; job.errors.full_messages
 * validateRecord(jobConfig, {title: ''}, 'create').fullMessages // ["Title can't be blank"]
 */
export function validateRecord(
  config: ModelConfig,
  attrs: Readonly<Record<string, unknown>>,
  context: 'create' | 'update',
  /** The persisted row (update) for `attr_changed?`; on create the column defaults are used. */
  previous?: Readonly<Record<string, unknown>>,
): ValidationResult {
  const before = previous ?? (context === 'create' ? columnDefaults(config) : undefined);
  const errors: Record<string, string[]> = {};
  const fullMessages: string[] = [];
  for (const v of config.validations) {
    const on = opt(v, 'on');
    if ((on === 'create' || on === 'update') && on !== context) continue;
    try {
      if (v.if !== undefined && !conditionHolds(v.if, attrs, context, before)) continue;
      if (v.unless !== undefined && conditionHolds(v.unless, attrs, context, before)) continue;
    } catch (error) {
      if (!(error instanceof ConditionRaisedError)) throw error;
      // Where Ruby raises, Rails does not save: the record is refused, saying why.
      const m = `could not be validated (${error.message})`;
      (errors[v.attribute] ??= []).push(m);
      fullMessages.push(v.attribute === 'base' ? m : `${humanizeAttribute(v.attribute)} ${m}`);
      continue;
    }
    // Uniqueness needs the table: the server checks it in the batch's transaction (uniqueness-errors.ts).
    if (v.serverOnly || v.kind === 'uniqueness') continue;
    const value = attrs[v.attribute];
    if ((v.allowNil || opt(v, 'allow_nil') === true) && (value === null || value === undefined)) continue;
    if ((v.allowBlank || opt(v, 'allow_blank') === true) && isBlank(value)) continue;
    const failed = check(v, value, config, attrs);
    if (failed.length === 0) continue;
    const messages = v.message ? [v.message] : failed;
    (errors[v.attribute] ??= []).push(...messages);
    // Rails' full message of an error on `:base` is the message itself.
    for (const m of messages) fullMessages.push(v.attribute === 'base' ? m : `${humanizeAttribute(v.attribute)} ${m}`);
  }
  return {valid: fullMessages.length === 0, errors, fullMessages};
}
