import * as P from '@ruby/prism/src/nodes.js';
import {constantName, type RubyValue} from '../ruby/ruby-value.ts';

/** A constant's value and how constants inside that value resolve (its own lexical scope). */
export interface ResolvedValue {
  readonly value: RubyValue;
  readonly resolve: ConstantValueLookup;
}
/** Null when the constant is not one the app defines. */
export type ConstantValueLookup = (written: string) => ResolvedValue | null;

/**
 * What Ruby builds at load time from an interpolated string or regexp whose every `#{…}` is a
 * literal constant: `"[a-z#{Regexp.escape(SPECIAL)}]+"`, `/\A#{ALLOWED}\z/o`. Into a regexp a
 * string is inserted as regexp source and a regexp as `(?flags-flags:source)` — written here as
 * `(?:source)`, the same pattern only when both regexps have the same flags (otherwise null).
 * `Regexp.escape` escapes as Onigmo's does. Null for anything else: the caller reports it.
 */
export function interpolatedLiteral(node: P.Node, resolve: ConstantValueLookup): RubyValue | null {
  const regexp = node instanceof P.InterpolatedRegularExpressionNode;
  if (!regexp && !(node instanceof P.InterpolatedStringNode)) return null;
  const flags = regexp ? (node.isIgnoreCase() ? 'i' : '') + (node.isMultiLine() ? 'm' : '') + (node.isExtended() ? 'x' : '') : '';
  let out = '';
  for (const part of node.parts) {
    if (part instanceof P.StringNode) {
      out += part.unescaped.value;
      continue;
    }
    if (!(part instanceof P.EmbeddedStatementsNode) || part.statements === null || part.statements.body.length !== 1) return null;
    const piece = embedded(part.statements.body[0]!, resolve);
    if (piece === null) return null;
    if (piece.kind === 'string') out += piece.value;
    else if (regexp && piece.flags === flags) out += `(?:${piece.source})`;
    else return null;
  }
  return regexp ? {kind: 'regexp', source: out, flags, node} : {kind: 'string', value: out, node};
}

type Piece = {kind: 'string'; value: string} | {kind: 'regexp'; source: string; flags: string};

function embedded(node: P.Node, resolve: ConstantValueLookup): Piece | null {
  if (node instanceof P.CallNode && node.name === 'escape' && node.receiver instanceof P.ConstantReadNode && node.receiver.name === 'Regexp') {
    const args = node.arguments_?.arguments_ ?? [];
    if (args.length !== 1 || node.block !== null) return null;
    const inner = embedded(args[0]!, resolve);
    return inner?.kind === 'string' ? {kind: 'string', value: regexpEscape(inner.value)} : null;
  }
  if (node instanceof P.StringNode) return {kind: 'string', value: node.unescaped.value};
  const written = node instanceof P.ConstantReadNode || node instanceof P.ConstantPathNode ? constantName(node) : null;
  if (written === null) return null;
  const found = resolve(written);
  if (found === null) return null;
  let value = found.value;
  if (value.kind === 'other') value = interpolatedLiteral(value.node, found.resolve) ?? value;
  if (value.kind === 'string') return {kind: 'string', value: value.value};
  if (value.kind === 'regexp') return {kind: 'regexp', source: value.source, flags: value.flags};
  return null;
}

const ESCAPES: Readonly<Record<string, string>> = {' ': '\\ ', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f', '\v': '\\v'};

/** Ruby's `Regexp.escape` (onigmo's rb_reg_quote): meta characters get a backslash, whitespace its escape. */
export function regexpEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if ('[]{}()|-*.\\?+^$#'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}
