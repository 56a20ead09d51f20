import * as P from '@ruby/prism/src/nodes.js';

/**
 * A Ruby literal as the generator understands it. Anything that is not a plain
 * literal (method calls, interpolation, operators) is `other`, so callers must
 * decide explicitly what to do with it instead of guessing.
 */
export type RubyValue =
  | {readonly kind: 'string'; readonly value: string; readonly node: P.Node}
  | {readonly kind: 'symbol'; readonly value: string; readonly node: P.Node}
  | {readonly kind: 'integer'; readonly value: number; readonly node: P.Node}
  | {readonly kind: 'float'; readonly value: number; readonly node: P.Node}
  | {readonly kind: 'boolean'; readonly value: boolean; readonly node: P.Node}
  | {readonly kind: 'nil'; readonly node: P.Node}
  | {readonly kind: 'array'; readonly items: readonly RubyValue[]; readonly node: P.Node}
  | {readonly kind: 'hash'; readonly entries: readonly (readonly [RubyValue, RubyValue])[]; readonly node: P.Node}
  | {
      readonly kind: 'range';
      readonly from: RubyValue | null;
      readonly to: RubyValue | null;
      readonly exclusive: boolean;
      readonly node: P.Node;
    }
  | {readonly kind: 'regexp'; readonly source: string; readonly flags: string; readonly node: P.Node}
  | {readonly kind: 'lambda'; readonly node: P.LambdaNode | P.CallNode}
  | {readonly kind: 'const'; readonly name: string; readonly node: P.Node}
  | {readonly kind: 'lvar'; readonly name: string; readonly node: P.Node}
  | {readonly kind: 'other'; readonly node: P.Node};

/** `Foo::Bar` for a constant read or path; null for anything dynamic. */
export function constantName(node: P.Node | null): string | null {
  if (node instanceof P.ConstantReadNode) return node.name;
  if (node instanceof P.ConstantPathNode) {
    if (node.name === null) return null;
    if (node.parent === null) return node.name;
    const parent = constantName(node.parent);
    return parent === null ? null : `${parent}::${node.name}`;
  }
  return null;
}

export function rubyValue(node: P.Node): RubyValue {
  if (node instanceof P.StringNode) return {kind: 'string', value: node.unescaped.value, node};
  if (node instanceof P.SymbolNode) return {kind: 'symbol', value: node.unescaped.value, node};
  if (node instanceof P.IntegerNode) return {kind: 'integer', value: Number(node.value), node};
  if (node instanceof P.FloatNode) return {kind: 'float', value: node.value, node};
  if (node instanceof P.TrueNode) return {kind: 'boolean', value: true, node};
  if (node instanceof P.FalseNode) return {kind: 'boolean', value: false, node};
  if (node instanceof P.NilNode) return {kind: 'nil', node};
  if (node instanceof P.ArrayNode) return {kind: 'array', items: node.elements.map(rubyValue), node};
  if (node instanceof P.HashNode || node instanceof P.KeywordHashNode) {
    const entries: (readonly [RubyValue, RubyValue])[] = [];
    for (const element of node.elements) {
      if (!(element instanceof P.AssocNode)) return {kind: 'other', node};
      entries.push([rubyValue(element.key), rubyValue(element.value)]);
    }
    return {kind: 'hash', entries, node};
  }
  if (node instanceof P.RangeNode) {
    return {
      kind: 'range',
      from: node.left === null ? null : rubyValue(node.left),
      to: node.right === null ? null : rubyValue(node.right),
      exclusive: node.isExcludeEnd(),
      node,
    };
  }
  if (node instanceof P.ParenthesesNode && node.body instanceof P.StatementsNode && node.body.body.length === 1) {
    return rubyValue(node.body.body[0]!);
  }
  if (node instanceof P.RegularExpressionNode) {
    const flags = (node.isIgnoreCase() ? 'i' : '') + (node.isMultiLine() ? 'm' : '') + (node.isExtended() ? 'x' : '');
    return {kind: 'regexp', source: node.unescaped.value, flags, node};
  }
  if (node instanceof P.LambdaNode) return {kind: 'lambda', node};
  if (
    node instanceof P.CallNode &&
    node.receiver === null &&
    (node.name === 'lambda' || node.name === 'proc') &&
    node.block instanceof P.BlockNode
  ) {
    return {kind: 'lambda', node};
  }
  if (node instanceof P.CallNode && node.receiver !== null && node.name === 'freeze' && node.arguments_ === null) {
    return rubyValue(node.receiver);
  }
  const name = constantName(node);
  if (name !== null) return {kind: 'const', name, node};
  if (node instanceof P.LocalVariableReadNode) return {kind: 'lvar', name: node.name, node};
  return {kind: 'other', node};
}

/** A string or symbol's text (Rails accepts both almost everywhere); null otherwise. */
export function nameOf(value: RubyValue | undefined): string | null {
  if (value === undefined) return null;
  return value.kind === 'string' || value.kind === 'symbol' ? value.value : null;
}

/** Hash entries keyed by their string/symbol name; non-name keys are dropped. */
export function hashOf(value: RubyValue | undefined): Map<string, RubyValue> {
  const map = new Map<string, RubyValue>();
  if (value?.kind !== 'hash') return map;
  for (const [k, v] of value.entries) {
    const key = nameOf(k);
    if (key !== null) map.set(key, v);
  }
  return map;
}

export interface CallArguments {
  readonly positional: readonly RubyValue[];
  /** Trailing keyword arguments (`null: false, default: 1`). */
  readonly options: Map<string, RubyValue>;
  readonly block: P.BlockNode | null;
}

export function callArguments(call: P.CallNode): CallArguments {
  const positional: RubyValue[] = [];
  let options = new Map<string, RubyValue>();
  const args = call.arguments_?.arguments_ ?? [];
  args.forEach((arg, i) => {
    if (i === args.length - 1 && arg instanceof P.KeywordHashNode) options = hashOf(rubyValue(arg));
    else positional.push(rubyValue(arg));
  });
  return {positional, options, block: call.block instanceof P.BlockNode ? call.block : null};
}

/** The statements of a block/lambda/class body, or [] for an empty body. */
export function statementsOf(body: P.Node | null): readonly P.Node[] {
  if (body instanceof P.StatementsNode) return body.body;
  if (body instanceof P.BeginNode) return statementsOf(body.statements);
  return body === null ? [] : [body];
}

/** A JSON-compatible value for a literal; undefined if it is not one. */
export function literalJson(value: RubyValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'symbol':
    case 'integer':
    case 'float':
    case 'boolean':
      return value.value;
    case 'nil':
      return null;
    case 'array': {
      const items = value.items.map(literalJson);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case 'hash': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) {
        const key = nameOf(k);
        const json = literalJson(v);
        if (key === null || json === undefined) return undefined;
        out[key] = json;
      }
      return out;
    }
    default:
      return undefined;
  }
}
