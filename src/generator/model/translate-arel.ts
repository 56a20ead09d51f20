import * as P from '@ruby/prism/src/nodes.js';
import type {ConditionOperator, ScopeConditionTree, ScopeValue} from '../../contract/model-config.ts';
import {constantName} from '../ruby/ruby-value.ts';

/** Raised for an Arel expression the translation cannot express; becomes the scope's skip reason. */
export class ArelUntranslatable extends Error {}

function fail(reason: string): never {
  throw new ArelUntranslatable(reason);
}

/** What an Arel predicate may refer to. */
export interface ArelContext {
  readonly table: string;
  readonly className: string;
  readonly columns: ReadonlySet<string>;
  /** A Ruby value (literal, parameter, relative time) as a scope value; throws to refuse. */
  readonly value: (node: P.Node) => ScopeValue;
}

/** Arel's predicate methods (ActiveRecord's PostgreSQL visitor: `matches` is ILIKE unless case-sensitive). */
const COMPARISONS: Readonly<Record<string, ConditionOperator>> = {eq: '=', not_eq: '!=', gt: '>', gteq: '>=', lt: '<', lteq: '<=', in: 'IN', not_in: 'NOT IN'};

/** `arel_table[:col]` / `Model.arel_table[:col]` (the model's own) → the column, else null. */
function attribute(node: P.Node | null, ctx: ArelContext): string | null {
  if (!(node instanceof P.CallNode) || node.name !== '[]' || !(node.receiver instanceof P.CallNode) || node.receiver.name !== 'arel_table') return null;
  const owner = node.receiver.receiver;
  if (owner !== null && !(owner instanceof P.SelfNode)) {
    const name = constantName(owner)?.replace(/^::/, '');
    if (name === undefined || (name !== ctx.className && !ctx.className.endsWith(`::${name}`))) fail('an Arel attribute of another table (joins are not translated)');
  }
  const args = node.arguments_?.arguments_ ?? [];
  const key = args.length === 1 && (args[0] instanceof P.SymbolNode || args[0] instanceof P.StringNode) ? args[0].unescaped.value : null;
  if (key === null) fail('an Arel attribute with a computed name');
  if (!ctx.columns.has(key)) fail(`Arel attribute ${key}, which is not a column of ${ctx.table}`);
  return key;
}

/** `Arel::Nodes::BindParam.new(x)` binds x; anything else is the value itself. */
function operand(node: P.Node, ctx: ArelContext): ScopeValue {
  if (node instanceof P.CallNode && node.name === 'new' && constantName(node.receiver)?.replace(/^::/, '') === 'Arel::Nodes::BindParam') {
    const args = node.arguments_?.arguments_ ?? [];
    if (args.length !== 1) fail('Arel BindParam without one value');
    return ctx.value(args[0]!);
  }
  return ctx.value(node);
}

/**
 * An Arel predicate over the model's own columns — `arel_table[:expires_at].eq(nil)
 * .or(arel_table[:expires_at].gt(Time.now.utc))`, `.lteq`, `.in`, `.matches("https://%")`,
 * `.and`, `.not` — as a condition tree. Other tables, functions (`lower`) and SQL literals refuse.
 */
export function arelCondition(node: P.Node, ctx: ArelContext): ScopeConditionTree {
  if (node instanceof P.ParenthesesNode && node.body instanceof P.StatementsNode && node.body.body.length === 1) return arelCondition(node.body.body[0]!, ctx);
  if (!(node instanceof P.CallNode) || node.block !== null || node.isSafeNavigation()) fail('an Arel expression that is not a predicate');
  const args = node.arguments_?.arguments_ ?? [];
  if ((node.name === 'or' || node.name === 'and') && args.length === 1 && node.receiver !== null) {
    const left = arelCondition(node.receiver, ctx);
    const right = arelCondition(args[0]!, ctx);
    return node.name === 'or' ? {any: [left, right]} : {all: [left, right]};
  }
  if (node.name === 'not' && args.length === 0 && node.receiver !== null) return {not: arelCondition(node.receiver, ctx)};
  const column = attribute(node.receiver, ctx);
  if (column === null) fail(`Arel ${node.name} on something other than an attribute of ${ctx.table}`);
  if (args.length !== 1) fail(`Arel ${node.name} with ${args.length} arguments`);
  const arg = args[0]!;
  const op = COMPARISONS[node.name];
  if (op !== undefined) {
    const value = operand(arg, ctx);
    // Arel's eq(nil) / not_eq(nil) are IS NULL / IS NOT NULL.
    if (value === null && (op === '=' || op === '!=')) return {column, operator: op === '=' ? 'IS' : 'IS NOT', value: null};
    if (value === null) fail(`Arel ${node.name}(nil)`);
    return {column, operator: op, value};
  }
  if (node.name === 'matches' || node.name === 'does_not_match') {
    const like: ScopeConditionTree = {column, operator: 'ILIKE', value: operand(arg, ctx)};
    return node.name === 'matches' ? like : {not: like};
  }
  fail(`Arel ${node.name}`);
}
