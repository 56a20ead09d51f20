import type {Rule} from 'eslint';
import {isDerivedCallee, type LooseNode} from '../reactive-chain.ts';
import {WRITE_METHODS} from '../write-methods.ts';


/** Writes called as plain functions (`import {transaction, mutateBatch} from 'zero-active-models'`). */
const WRITE_FUNCTIONS: ReadonlySet<string> = new Set(['transaction', 'mutateBatch']);

type Node = Rule.Node;

/**
 * A `$derived` expression re-runs whenever what it read changes: a write in it
 * runs again on every change (duplicate records, a write loop) and Svelte
 * forbids state changes there (`state_unsafe_mutation`). Only calls that run
 * while the derived is computed count: a function defined inside it (an event
 * handler it returns) runs later and is fine.
 */
export const noWritesInDerived: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: {description: 'No model writes (create, update, destroy, transaction, …) inside $derived / $derived.by', recommended: true},
    messages: {
      writeInDerived:
        '`{{call}}` writes inside {{rune}}, which re-runs on every change it reads; write from an event handler or $effect, and derive only reads.',
    },
    schema: [],
  },
  create(context) {
    /** The function whose body runs as part of computing the derived (the `$derived.by` callback), per open derived. */
    const open: {node: Node; runs: Node | null; rune: string}[] = [];
    const nearestFunction = (node: Node): Node | null => {
      for (let p: Node | null = node.parent; p !== null && p !== undefined; p = p.parent) {
        if (p.type === 'FunctionExpression' || p.type === 'ArrowFunctionExpression' || p.type === 'FunctionDeclaration') return p;
        if (p === open.at(-1)?.node) return null;
      }
      return null;
    };
    return {
      CallExpression(node) {
        if (isDerivedCallee(node.callee as unknown as LooseNode)) {
          const byCallback = node.callee.type === 'MemberExpression' ? (node.arguments[0] as Node | undefined) : undefined;
          open.push({node, runs: byCallback ?? null, rune: node.callee.type === 'MemberExpression' ? '$derived.by' : '$derived'});
          return;
        }
        const current = open.at(-1);
        if (current === undefined) return;
        const name =
          node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.type === 'Identifier'
            ? node.callee.property.name
            : node.callee.type === 'Identifier' && WRITE_FUNCTIONS.has(node.callee.name)
              ? node.callee.name
              : undefined;
        if (name === undefined || !WRITE_METHODS.has(name)) return;
        if (nearestFunction(node) !== current.runs) return;
        context.report({node, messageId: 'writeInDerived', data: {call: `${context.sourceCode.getText(node.callee)}()`, rune: current.rune}});
      },
      'CallExpression:exit'(node: Node) {
        if (open.at(-1)?.node === node) open.pop();
      },
    };
  },
};
