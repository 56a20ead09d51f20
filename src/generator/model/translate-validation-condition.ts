import * as P from '@ruby/prism/src/nodes.js';
import type {JSONValue, ValidationCondition} from '../../contract/model-config.ts';
import {literalJson, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {EnumIR} from './translate-enums.ts';

/** What a validation's `if:` / `unless:` may refer to. */
export interface ConditionContext {
  readonly columns: ReadonlySet<string>;
  readonly enums: readonly EnumIR[];
}

/** Why a condition cannot be evaluated on the client; the validation is then left to the server. */
export class ConditionUntranslatable extends Error {}

function fail(reason: string): never {
  throw new ConditionUntranslatable(reason);
}

/** `published?` → a column query; `open?` / `status_open?` → the enum column equals that value. */
function predicate(name: string, ctx: ConditionContext): ValidationCondition {
  const base = name.slice(0, -1);
  if (ctx.columns.has(base)) return {attribute: base, test: 'query'};
  for (const e of ctx.enums) {
    for (const [key, ruby] of Object.entries(e.rubyScopes)) {
      if (ruby === base) return {attribute: e.config.column, test: 'eq', value: e.config.values[key]!};
    }
  }
  fail(`${name} is a Ruby method, not an attribute or enum predicate`);
}

/** `status`, `self.status` → the column it reads. */
function attributeRead(node: P.Node | null, ctx: ConditionContext): string | null {
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null) return null;
  if (node.receiver !== null && !(node.receiver instanceof P.SelfNode)) return null;
  return ctx.columns.has(node.name) ? node.name : null;
}

function literal(node: P.Node): JSONValue {
  const json = literalJson(rubyValue(node));
  if (json === undefined || (typeof json === 'object' && json !== null)) fail('compares with something that is not a literal');
  return json as JSONValue;
}

/** The body of `-> { … }`: attribute reads, `==`/`!=` literals, `present?`/`blank?`/`nil?`, `!`, `&&`, `||`. */
function expression(node: P.Node, ctx: ConditionContext): ValidationCondition {
  if (node instanceof P.AndNode) return {all: [expression(node.left, ctx), expression(node.right, ctx)]};
  if (node instanceof P.OrNode) return {any: [expression(node.left, ctx), expression(node.right, ctx)]};
  if (node instanceof P.ParenthesesNode) {
    const inner = statementsOf(node.body);
    if (inner.length === 1) return expression(inner[0]!, ctx);
  }
  if (!(node instanceof P.CallNode) || node.block !== null) fail('a Ruby expression');
  if (node.name === '!' && node.receiver !== null && node.arguments_ === null) return {not: expression(node.receiver, ctx)};
  const args = node.arguments_?.arguments_ ?? [];
  if ((node.name === '==' || node.name === '!=') && args.length === 1) {
    const attribute = attributeRead(node.receiver, ctx);
    if (attribute === null) fail('compares something that is not an attribute');
    let value = literal(args[0]!);
    // `status == "open"` on a Rails enum reads the name; the stored value is what the client has.
    const e = ctx.enums.find((en) => en.config.column === attribute);
    if (e !== undefined && typeof value === 'string') {
      if (!(value in e.config.values)) fail(`${value} is not a value of enum ${attribute}`);
      value = e.config.values[value]!;
    }
    return {attribute, test: node.name === '==' ? 'eq' : 'ne', value};
  }
  if (args.length === 0 && (node.name === 'present?' || node.name === 'blank?' || node.name === 'nil?')) {
    const attribute = attributeRead(node.receiver, ctx);
    if (attribute === null) fail(`${node.name} of something that is not an attribute`);
    return {attribute, test: node.name === 'present?' ? 'present' : node.name === 'blank?' ? 'blank' : 'nil'};
  }
  if (args.length === 0 && node.name.endsWith('?') && (node.receiver === null || node.receiver instanceof P.SelfNode)) return predicate(node.name, ctx);
  fail(`calls ${node.name}`);
}

/**
 * A Rails `if:` / `unless:` value as a condition the client evaluates on the
 * record: a symbol naming an attribute or enum predicate (`:published?`,
 * `:open?`), an array of them (all must hold), or a lambda over attributes
 * (`-> { status == "open" && notes.present? }`). Anything else (a method
 * defined in Ruby, a string of Ruby code) throws ConditionUntranslatable.
 */
export function validationCondition(value: RubyValue, ctx: ConditionContext): ValidationCondition {
  if (value.kind === 'symbol') {
    if (!value.value.endsWith('?')) fail(`${value.value} is a Ruby method, not an attribute predicate`);
    return predicate(value.value, ctx);
  }
  if (value.kind === 'array') return {all: value.items.map((i) => validationCondition(i, ctx))};
  if (value.kind === 'lambda') {
    const node = value.node;
    const block = node instanceof P.LambdaNode ? node : node.block instanceof P.BlockNode ? node.block : null;
    if (block === null) fail('a Ruby expression');
    if (block.parameters !== null) fail('a lambda with parameters');
    const statements = statementsOf(block.body);
    if (statements.length !== 1) fail('a lambda with several statements');
    return expression(statements[0]!, ctx);
  }
  fail(value.kind === 'string' ? 'a string of Ruby code' : 'a Ruby expression');
}
