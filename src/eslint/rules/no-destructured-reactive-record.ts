import type {Rule} from 'eslint';
import {derivedArgument, type LooseNode as Node} from '../reactive-chain.ts';
import {isReactiveValue} from '../reactive-values.ts';

/**
 * A reactive record's fields are getters that register a read with Svelte:
 * `const {title} = job` calls them once, so `title` never changes again.
 * `let {title} = $derived(job)` is Svelte's own reactive destructuring and is
 * fine. The suggestion turns each name into its own `$derived(job.title)`.
 */
export const noDestructuredReactiveRecord: Rule.RuleModule = {
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {description: 'Destructuring a reactive record or relation reads it once and loses reactivity', recommended: true},
    messages: {
      destructured:
        'Destructuring {{source}} reads {{names}} once and never updates; read `{{example}}` where you use it (in markup or a $derived).',
      useDerived: 'Declare each as a $derived of {{source}}.',
    },
    schema: [],
  },
  create(context) {
    return {
      VariableDeclarator(node) {
        if (node.id.type !== 'ObjectPattern' || node.init === null || node.init === undefined) return;
        if (derivedArgument(node.init as unknown as Node) !== undefined) return;
        if (!isReactiveValue(context, node.init as unknown as Node, node as Rule.Node)) return;
        const source = context.sourceCode.getText(node.init);
        const names: {key: string; local: string}[] = [];
        let simple = true;
        for (const property of node.id.properties) {
          if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier' || property.value.type !== 'Identifier') {
            simple = false;
            continue;
          }
          names.push({key: property.key.name, local: property.value.name});
        }
        const first = names[0]?.key ?? 'field';
        const declaration = node.parent;
        const plainSource = node.init.type === 'Identifier' || node.init.type === 'MemberExpression';
        const canFix = simple && names.length > 0 && plainSource && declaration.type === 'VariableDeclaration' && declaration.declarations.length === 1;
        context.report({
          node: node.id,
          messageId: 'destructured',
          data: {source, names: names.map((n) => n.key).join(', ') || 'its fields', example: `${source}.${first}`},
          suggest: canFix
            ? [
                {
                  messageId: 'useDerived',
                  data: {source},
                  fix: (fixer) =>
                    fixer.replaceText(declaration, names.map((n) => `${declaration.kind === 'const' ? 'const' : 'let'} ${n.local} = $derived(${source}.${n.key});`).join('\n')),
                },
              ]
            : [],
        });
      },
    };
  },
};
