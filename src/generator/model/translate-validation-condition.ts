import * as P from '@ruby/prism/src/nodes.js';
import type {ConditionOperand, JSONValue, ValidationCondition} from '../../contract/model-config.ts';
import type {InstanceMethodIR} from '../parse/definition-ir.ts';
import {literalJson, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import {relativeTime} from './relative-time.ts';
import {rubyRegexpToJs} from './ruby-regexp.ts';
import type {EnumIR} from './translate-enums.ts';

/** What a validation's `if:` / `unless:` (or a `validate` method's body) may refer to. */
export interface ConditionContext {
  /** Columns a device has: synced and not withheld (a condition over anything else cannot run there). */
  readonly columns: ReadonlySet<string>;
  readonly enums: readonly EnumIR[];
  /** Rails type per column (`date`, `datetime`, `string`, …), for date literals. */
  readonly types?: ReadonlyMap<string, string>;
  /** belongs_to name → foreign key, for `client.present?` (checked through its key, as the presence validator is). */
  readonly belongsTo?: ReadonlyMap<string, string>;
  /** The model's instance methods: a predicate whose body is one expression over attributes is inlined. */
  readonly methods?: ReadonlyMap<string, InstanceMethodIR>;
}

/** Why a condition cannot be evaluated on the client; the validation is then a reported skip that nothing in zero-active-models enforces. */
export class ConditionUntranslatable extends Error {}

function fail(reason: string): never {
  throw new ConditionUntranslatable(reason);
}

/** Names that stand for the record inside the expression: `self`, a lambda's parameter (`->(post) { post.x }`). */
interface Scope {
  readonly self: ReadonlySet<string>;
  /** Methods being inlined, against recursion (`def a? = b?; def b? = a?`). */
  readonly inlining: readonly string[];
}

const NO_SCOPE: Scope = {self: new Set(), inlining: []};
const MAX_INLINE_DEPTH = 4;

function isSelf(node: P.Node | null, scope: Scope): boolean {
  return node === null || node instanceof P.SelfNode || (node instanceof P.LocalVariableReadNode && scope.self.has(node.name));
}

/** An instance method whose body is one expression (`def live? = status == "live"`), inlined; null when there is none. */
function inlineMethod(name: string, ctx: ConditionContext, scope: Scope): ValidationCondition | null {
  const method = ctx.methods?.get(name);
  if (method === undefined) return null;
  if (scope.inlining.includes(name) || scope.inlining.length >= MAX_INLINE_DEPTH) fail(`${name} is recursive or nested too deeply`);
  if (method.node.parameters !== null) fail(`${name} takes parameters`);
  const raw = method.node.body;
  if (raw instanceof P.BeginNode && (raw.rescueClause !== null || raw.ensureClause !== null || raw.elseClause !== null)) fail(`${name} rescues exceptions`);
  const body = statementsOf(method.node.body);
  if (body.length !== 1) fail(`${name} is a Ruby method with several statements, not an attribute predicate`);
  try {
    return expression(body[0]!, ctx, {self: new Set(), inlining: [...scope.inlining, name]});
  } catch (error) {
    if (error instanceof ConditionUntranslatable) fail(`${name} is a Ruby method the client cannot evaluate (${error.message})`);
    throw error;
  }
}

/** `published?` → a column query; `open?` / `status_open?` → the enum column equals that value; else an inlined method. */
function predicate(name: string, ctx: ConditionContext, scope: Scope): ValidationCondition {
  const inlined = ctx.methods?.has(name) === true ? inlineMethod(name, ctx, scope) : null;
  if (inlined !== null) return inlined;
  const base = name.slice(0, -1);
  if (ctx.columns.has(base)) return {attribute: base, test: 'query'};
  for (const e of ctx.enums) {
    for (const [key, ruby] of Object.entries(e.rubyScopes)) {
      if (ruby === base) return {attribute: e.config.column, test: 'eq', value: e.config.values[key]!};
    }
  }
  // Rails' dirty tracking: `status_changed?` on a column.
  const changed = /^(\w+)_changed\?$/.exec(name);
  if (changed !== null && ctx.columns.has(changed[1]!)) return {attribute: changed[1]!, test: 'changed'};
  if (name === 'new_record?') return {record: 'new'};
  if (name === 'persisted?') return {record: 'persisted'};
  fail(`${name} is a Ruby method, not an attribute or enum predicate`);
}

/** `status`, `self.status`, `post.status` (the lambda's record), `self[:status]`, `read_attribute(:status)` → the column it reads. */
function attributeRead(node: P.Node | null, ctx: ConditionContext, scope: Scope): string | null {
  if (!(node instanceof P.CallNode) || node.block !== null || node.isSafeNavigation()) return null;
  const args = node.arguments_?.arguments_ ?? [];
  if ((node.name === '[]' || node.name === 'read_attribute') && isSelf(node.receiver, scope)) {
    const key = args.length === 1 ? rubyValue(args[0]!) : null;
    const name = key?.kind === 'symbol' || key?.kind === 'string' ? key.value : null;
    return name !== null && ctx.columns.has(name) ? name : null;
  }
  if (args.length > 0 || !isSelf(node.receiver, scope)) return null;
  return ctx.columns.has(node.name) ? node.name : null;
}

/** A belongs_to read (`client`), checked through its foreign key. */
function associationKey(node: P.Node | null, ctx: ConditionContext, scope: Scope): string | null {
  if (!(node instanceof P.CallNode) || node.block !== null || node.arguments_ !== null || !isSelf(node.receiver, scope)) return null;
  const fk = ctx.belongsTo?.get(node.name);
  return fk !== undefined && ctx.columns.has(fk) ? fk : null;
}

function literalOf(value: RubyValue): JSONValue | undefined {
  const json = literalJson(value);
  if (json === undefined || (typeof json === 'object' && json !== null)) return undefined;
  return json as JSONValue;
}

/** `"1989-01-01".to_date`, `Date.new(1989, 1, 1)` → epoch ms at UTC midnight (how the client holds dates); null otherwise. */
export function dateLiteral(node: P.Node): number | null {
  if (!(node instanceof P.CallNode) || node.block !== null) return null;
  if ((node.name === 'to_date' || node.name === 'to_time') && node.arguments_ === null && node.receiver instanceof P.StringNode) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(node.receiver.unescaped.value);
    return m === null ? null : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  }
  const receiver = node.receiver;
  if (node.name === 'new' && (receiver instanceof P.ConstantReadNode || (receiver instanceof P.ConstantPathNode && receiver.parent === null)) && receiver.name === 'Date') {
    const args = node.arguments_?.arguments_ ?? [];
    if (args.length === 3 && args.every((a) => a instanceof P.IntegerNode)) {
      const [y, mo, d] = args.map((a) => Number((a as P.IntegerNode).value));
      return Date.UTC(y!, mo! - 1, d!);
    }
  }
  return null;
}

/** The right side of a comparison: another attribute, a literal, a date, or a relative time. */
function operand(node: P.Node, ctx: ConditionContext, scope: Scope): ConditionOperand {
  const other = attributeRead(node, ctx, scope);
  if (other !== null) return {attribute: other};
  const date = dateLiteral(node);
  if (date !== null) return date;
  const rel = relativeTime(node);
  if (rel !== null) return rel;
  const lit = literalOf(rubyValue(node));
  if (lit === undefined) fail('compares with something that is not a literal or an attribute');
  return lit;
}

const COMPARE: Readonly<Record<string, 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'>> = {'==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge'};
const FLIP: Readonly<Record<string, 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'>> = {eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le'};

function comparison(node: P.CallNode, ctx: ConditionContext, scope: Scope): ValidationCondition {
  const right = node.arguments_!.arguments_[0]!;
  let test = COMPARE[node.name]!;
  let attribute = attributeRead(node.receiver, ctx, scope);
  let value: ConditionOperand;
  if (attribute !== null) value = operand(right, ctx, scope);
  else {
    // `"live" == status`, `Time.current > expires_at`: the attribute on the right.
    attribute = attributeRead(right, ctx, scope);
    if (attribute === null || node.receiver === null) fail('compares something that is not an attribute');
    value = operand(node.receiver, ctx, scope);
    test = FLIP[test]!;
  }
  // `status == "open"` on a Rails enum reads the name; the stored value is what the client has.
  const e = ctx.enums.find((en) => en.config.column === attribute);
  if (e !== undefined && typeof value === 'string' && (test === 'eq' || test === 'ne')) {
    if (!(value in e.config.values)) fail(`${value} is not a value of enum ${attribute}`);
    value = e.config.values[value]!;
  } else if (e !== undefined && test !== 'eq' && test !== 'ne') fail(`orders enum ${attribute}`);
  if (typeof value === 'number' && isDateColumn(attribute, ctx) && !Number.isInteger(value)) fail('compares a date with a fraction');
  return {attribute, test, value};
}

function isDateColumn(attribute: string, ctx: ConditionContext): boolean {
  const t = ctx.types?.get(attribute);
  return t === 'date' || t === 'datetime' || t === 'timestamp' || t === 'timestamptz';
}

/** `value.present?` with `&.` or not: nil&.x is nil (falsy), so a safe call also requires a value. */
function onAttribute(node: P.CallNode, ctx: ConditionContext, scope: Scope): ValidationCondition | null {
  const args = node.arguments_?.arguments_ ?? [];
  const attribute = attributeRead(node.receiver, ctx, scope);
  const key = attribute === null ? associationKey(node.receiver, ctx, scope) : null;
  const column = attribute ?? key;
  if (column === null) return null;
  const safe = node.isSafeNavigation();
  const guard = (c: ValidationCondition): ValidationCondition => (safe ? {all: [{attribute: column, test: 'truthy'}, c]} : c);
  if (args.length === 0) {
    if (node.name === 'present?') return {attribute: column, test: 'present'};
    if (node.name === 'blank?') return {attribute: column, test: 'blank'};
    if (node.name === 'nil?') return {attribute: column, test: 'nil'};
    if (key !== null) fail(`calls ${node.name} on an association`);
    if (node.name === 'positive?') return guard({attribute: column, test: 'gt', value: 0});
    if (node.name === 'negative?') return guard({attribute: column, test: 'lt', value: 0});
    if (node.name === 'zero?') return guard({attribute: column, test: 'eq', value: 0});
    // `empty?` on a string column (nil&.empty? is nil).
    if (node.name === 'empty?' && ctx.types?.get(column) !== undefined && ['string', 'text'].includes(ctx.types.get(column)!)) {
      return guard({attribute: column, test: 'eq', value: ''});
    }
  }
  if (key !== null) fail(`calls ${node.name} on an association`);
  if (args.length === 1 && (node.name === 'include?' || node.name === 'match?' || node.name === '=~' || node.name === 'in?')) {
    const arg = rubyValue(args[0]!);
    if (node.name === 'include?' && arg.kind === 'string' && ['string', 'text'].includes(ctx.types?.get(column) ?? '')) {
      return guard({attribute: column, test: 'includes', value: arg.value});
    }
    if ((node.name === 'match?' || node.name === '=~') && arg.kind === 'regexp') return guard(matchTest(column, arg));
    if (node.name === 'in?' && arg.kind === 'array') return {attribute: column, test: 'in', value: listOf(arg)};
  }
  return null;
}

function matchTest(attribute: string, re: Extract<RubyValue, {kind: 'regexp'}>): ValidationCondition {
  const js = rubyRegexpToJs(re.source, re.flags);
  if ('reason' in js) fail(`regexp: ${js.reason}`);
  return {attribute, test: 'match', value: js.source, flags: js.flags};
}

function listOf(arg: Extract<RubyValue, {kind: 'array'}>): JSONValue[] {
  const values = arg.items.map(literalOf);
  if (values.some((v) => v === undefined)) fail('a list that is not literal');
  return values as JSONValue[];
}

/**
 * An expression over attributes: reads (Ruby truthiness), predicates, `==`/`!=`/`<`/… with
 * literals, dates, relative times or other attributes, `present?`/`blank?`/`nil?`,
 * `include?`/`match?`/`in?`, `!`, `&&`, `||`, `^`, and instance methods with one-expression bodies.
 */
export function expression(node: P.Node, ctx: ConditionContext, scope: Scope = NO_SCOPE): ValidationCondition {
  if (node instanceof P.AndNode) return {all: [expression(node.left, ctx, scope), expression(node.right, ctx, scope)]};
  if (node instanceof P.OrNode) return {any: [expression(node.left, ctx, scope), expression(node.right, ctx, scope)]};
  if (node instanceof P.ParenthesesNode) {
    const inner = statementsOf(node.body);
    if (inner.length === 1) return expression(inner[0]!, ctx, scope);
  }
  if (node instanceof P.TrueNode) return {all: []};
  if (node instanceof P.FalseNode || node instanceof P.NilNode) return {any: []};
  if (!(node instanceof P.CallNode) || node.block !== null) fail('a Ruby expression');
  const args = node.arguments_?.arguments_ ?? [];
  if (node.name === '!' && node.receiver !== null && args.length === 0) return {not: expression(node.receiver, ctx, scope)};
  if (node.name === '^' && node.receiver !== null && args.length === 1) {
    const a = expression(node.receiver, ctx, scope);
    const b = expression(args[0]!, ctx, scope);
    return {any: [{all: [a, {not: b}]}, {all: [{not: a}, b]}]};
  }
  // `validation_context == :create`: the save's context (custom contexts are not translated anywhere).
  if ((node.name === '==' || node.name === '!=') && args.length === 1 && node.receiver instanceof P.CallNode && node.receiver.name === 'validation_context' && isSelf(node.receiver.receiver, scope) && node.receiver.arguments_ === null) {
    const v = rubyValue(args[0]!);
    if (v.kind !== 'symbol' || (v.value !== 'create' && v.value !== 'update')) fail('compares validation_context with a custom context');
    const c: ValidationCondition = {record: v.value === 'create' ? 'new' : 'persisted'};
    return node.name === '==' ? c : {not: c};
  }
  if (COMPARE[node.name] !== undefined && args.length === 1) return comparison(node, ctx, scope);
  // `/re/.match?(attr)`, `%w[a b].include?(attr)`
  if (args.length === 1 && node.receiver !== null) {
    const receiver = rubyValue(node.receiver);
    const attribute = attributeRead(args[0]!, ctx, scope);
    if (attribute !== null && receiver.kind === 'regexp' && (node.name === 'match?' || node.name === '=~')) return matchTest(attribute, receiver);
    if (attribute !== null && receiver.kind === 'array' && node.name === 'include?') return {attribute, test: 'in', value: listOf(receiver)};
  }
  const onAttr = onAttribute(node, ctx, scope);
  if (onAttr !== null) return onAttr;
  if (args.length === 0 && isSelf(node.receiver, scope)) {
    if (node.name.endsWith('?')) return predicate(node.name, ctx, scope);
    const attribute = attributeRead(node, ctx, scope);
    if (attribute !== null) return {attribute, test: 'truthy'};
    const fk = associationKey(node, ctx, scope);
    // A belongs_to read is truthy when the associated record is there: checked through its key.
    if (fk !== null) return {attribute: fk, test: 'present'};
    const inlined = inlineMethod(node.name, ctx, scope);
    if (inlined !== null) return inlined;
  }
  fail(`calls ${node.name}`);
}

/**
 * A Rails `if:` / `unless:` value as a condition the client evaluates on the
 * record: a symbol naming an attribute (truthiness), an attribute or enum
 * predicate (`:published?`, `:open?`), `new_record?`/`persisted?`, or an
 * instance method whose body is one such expression; an array of them (all
 * must hold); or a lambda over attributes (`-> { status == "open" &&
 * notes.present? }`, `->(post) { post.notes.present? }`). Anything else (a
 * Ruby method with several statements, a string of Ruby code) throws
 * ConditionUntranslatable.
 */
export function validationCondition(value: RubyValue, ctx: ConditionContext): ValidationCondition {
  if (value.kind === 'symbol') {
    if (value.value.endsWith('?')) return predicate(value.value, ctx, NO_SCOPE);
    if (ctx.columns.has(value.value)) return {attribute: value.value, test: 'truthy'};
    const inlined = inlineMethod(value.value, ctx, NO_SCOPE);
    if (inlined !== null) return inlined;
    fail(`${value.value} is a Ruby method, not an attribute predicate`);
  }
  if (value.kind === 'array') return {all: value.items.map((i) => validationCondition(i, ctx))};
  if (value.kind === 'lambda') {
    const node = value.node;
    const block = node instanceof P.LambdaNode ? node : node.block instanceof P.BlockNode ? node.block : null;
    if (block === null) fail('a Ruby expression');
    const self = new Set<string>();
    if (block.parameters !== null) {
      // `->(record) { record.x }`: Rails passes the record; one required parameter only.
      const params = block.parameters instanceof P.BlockParametersNode ? block.parameters.parameters : null;
      if (params === null || params.requireds.length !== 1 || params.optionals.length > 0 || params.rest !== null || params.keywords.length > 0) {
        fail('a lambda with parameters other than the record');
      }
      const only = params.requireds[0];
      if (!(only instanceof P.RequiredParameterNode)) fail('a lambda with a destructured parameter');
      self.add(only.name);
    }
    const statements = statementsOf(block.body);
    if (statements.length !== 1) fail('a lambda with several statements');
    return expression(statements[0]!, ctx, {self, inlining: []});
  }
  fail(value.kind === 'string' ? 'a string of Ruby code' : 'a Ruby expression');
}
