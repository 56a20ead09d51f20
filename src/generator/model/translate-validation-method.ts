import * as P from '@ruby/prism/src/nodes.js';
import type {ValidationCondition} from '../../contract/model-config.ts';
import {rubyValue, statementsOf} from '../ruby/ruby-value.ts';
import {ConditionUntranslatable, expression, type ConditionContext} from './translate-validation-condition.ts';

/** One `errors.add(:attr, "message")` of a validation method, with the condition under which it runs. */
export interface MethodError {
  readonly attribute: string;
  readonly message: string;
  readonly when: ValidationCondition;
}

/** Rails' default messages for the error symbols `errors.add(:x, :blank)` may name (ActiveModel's en.yml). */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  blank: "can't be blank", present: 'must be blank', invalid: 'is invalid', taken: 'has already been taken',
  inclusion: 'is not included in the list', exclusion: 'is reserved', empty: "can't be empty", accepted: 'must be accepted',
  confirmation: "doesn't match %{attribute}", not_a_number: 'is not a number', not_an_integer: 'must be an integer',
  required: 'must exist',
};

function fail(reason: string): never {
  throw new ConditionUntranslatable(reason);
}

const and = (a: ValidationCondition, b: ValidationCondition): ValidationCondition => {
  const parts = [...('all' in a ? a.all : [a]), ...('all' in b ? b.all : [b])];
  return parts.length === 1 ? parts[0]! : {all: parts};
};
/** `not`, without stacking: `return unless a` then `if` gives `a`, not `not(not(a))`. */
const negate = (c: ValidationCondition): ValidationCondition => ('not' in c ? c.not : {not: c});
const TRUE: ValidationCondition = {all: []};
const FALSE: ValidationCondition = {any: []};

/** `errors.add(:attr, "msg")`, `errors.add :base, :invalid`, `errors[:attr] << "msg"` → attribute and message; null if not such a call. */
function errorAdd(node: P.Node): {attribute: string; message: string} | null {
  if (!(node instanceof P.CallNode) || node.block !== null) return null;
  const isErrors = (n: P.Node | null): boolean => n instanceof P.CallNode && n.name === 'errors' && n.receiver === null && n.arguments_ === null;
  let attrNode: P.Node | undefined;
  let messageNode: P.Node | undefined;
  if (node.name === 'add' && isErrors(node.receiver)) {
    const args = node.arguments_?.arguments_ ?? [];
    if (args.length < 1 || args.length > 2) fail('errors.add with options');
    [attrNode, messageNode] = args;
  } else if (node.name === '<<' && node.receiver instanceof P.CallNode && node.receiver.name === '[]' && isErrors(node.receiver.receiver)) {
    attrNode = node.receiver.arguments_?.arguments_[0];
    messageNode = node.arguments_?.arguments_[0];
  } else return null;
  const attr = attrNode === undefined ? null : rubyValue(attrNode);
  if (attr?.kind !== 'symbol' && attr?.kind !== 'string') fail('errors.add on a computed attribute');
  const message = messageNode === undefined ? {kind: 'symbol' as const, value: 'invalid'} : rubyValue(messageNode);
  if (message.kind === 'string') return {attribute: attr.value, message: message.value};
  if (message.kind === 'symbol') {
    const text = DEFAULT_MESSAGES[message.value];
    // A custom key's text is in the app's locale files, which the generator does not read.
    if (text === undefined || text.includes('%{')) fail(`errors.add with the message key :${message.value} (its text is in the app's locale files)`);
    return {attribute: attr.value, message: text};
  }
  fail('errors.add with a computed message (interpolation or a method)');
}

/** Walks statements; returns the errors found and the condition under which execution continues past them. */
function walk(statements: readonly P.Node[], guard: ValidationCondition, ctx: ConditionContext, out: MethodError[]): ValidationCondition {
  let live = guard;
  for (const stmt of statements) {
    const added = errorAdd(stmt);
    if (added !== null) {
      out.push({...added, when: live});
      continue;
    }
    if (stmt instanceof P.ReturnNode) {
      // `return` / `return true` / `return false`: the value of a validate method is ignored.
      const value = stmt.arguments_?.arguments_ ?? [];
      if (value.length > 1 || (value.length === 1 && !(value[0] instanceof P.TrueNode || value[0] instanceof P.FalseNode || value[0] instanceof P.NilNode))) {
        const only = value[0];
        const add = only === undefined ? null : errorAdd(only);
        if (add === null) fail('returns a computed value');
        out.push({...add, when: live});
      }
      return FALSE;
    }
    if (stmt instanceof P.IfNode || stmt instanceof P.UnlessNode) {
      const test = expression(stmt.predicate, ctx);
      const holds = stmt instanceof P.IfNode ? test : negate(test);
      const thenLive = walk(statementsOf(stmt.statements), and(live, holds), ctx, out);
      const elseNode = stmt instanceof P.IfNode ? stmt.subsequent : stmt.elseClause;
      let elseStatements: readonly P.Node[] = [];
      if (elseNode instanceof P.ElseNode) elseStatements = statementsOf(elseNode.statements);
      else if (elseNode instanceof P.IfNode) elseStatements = [elseNode]; // elsif
      else if (elseNode !== null) fail('an unusual else branch');
      const elseLive = walk(elseStatements, and(live, negate(holds)), ctx, out);
      live = thenLive === FALSE && elseLive === FALSE ? FALSE : thenLive === FALSE ? elseLive : elseLive === FALSE ? thenLive : {any: [thenLive, elseLive]};
      continue;
    }
    fail(stmt instanceof P.CallNode ? `calls ${stmt.name}` : 'a statement other than errors.add, if/unless and return');
  }
  return live;
}

/**
 * A `validate :name` method (or `validate do … end` block) whose body only
 * adds errors under conditions over the record's attributes — `errors.add(:a,
 * "msg") if/unless …`, `if … end` / `else` / `elsif`, `return if/unless …`
 * guards — as the errors it adds and when. Anything else (queries, other
 * records, custom message keys, loops) throws ConditionUntranslatable.
 */
export function validationMethodErrors(body: P.Node | null, ctx: ConditionContext): MethodError[] {
  if (body instanceof P.BeginNode && (body.rescueClause !== null || body.ensureClause !== null || body.elseClause !== null)) fail('rescues exceptions');
  const out: MethodError[] = [];
  walk(statementsOf(body), TRUE, ctx, out);
  if (out.length === 0) fail('adds no error the generator can see');
  return out;
}
