import type {Rule} from 'eslint';
import {isRunesFile, type LooseNode as Node} from '../reactive-chain.ts';
import {isReactiveValue} from '../reactive-values.ts';

/**
 * In a component, `await ReactiveJob.where(…)` (or `{#await …}` in markup)
 * takes one snapshot: the list never updates, and offline it waits for the
 * server. The live value is the relation itself (`$derived(ReactiveJob.where(…))`,
 * `jobs.records`, `jobs.isLoading`). Awaiting on purpose — a one-off read in a
 * handler — is allowed with a disable comment, hence a warning.
 */
export const noAwaitedReactiveRelation: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    docs: {description: 'Awaiting a reactive relation or record in a component takes one snapshot where the live one was meant', recommended: true},
    messages: {
      awaited:
        'Awaiting {{source}} reads it once; in a component use the live value: `const x = $derived({{source}})` and read x.records / x.isLoading (or use the Active* model for a one-off read).',
    },
    schema: [],
  },
  create(context) {
    if (!isRunesFile(context.filename)) return {};
    const check = (argument: Node | null | undefined, at: Rule.Node) => {
      if (argument === null || argument === undefined) return;
      if (!isReactiveValue(context, argument, at)) return;
      context.report({node: at, messageId: 'awaited', data: {source: context.sourceCode.getText(argument as unknown as Rule.Node)}});
    };
    return {
      AwaitExpression(node) {
        check(node.argument as unknown as Node, node as Rule.Node);
      },
      // svelte-eslint-parser's `{#await expression}` block.
      SvelteAwaitBlock(node: Rule.Node) {
        check((node as unknown as {expression: Node}).expression, node);
      },
    } as Rule.RuleListener;
  },
};
