import type {Rule} from 'eslint';
import {activeModelName, isReactiveModelName, isRunesFile} from '../reactive-chain.ts';

/**
 * `Reactive*` models read through Svelte runes (`$state`, `createSubscriber`),
 * which only run in `.svelte` and `.svelte.ts` files: imported anywhere else
 * they either fail to compile or never update. Type-only imports are fine.
 */
export const reactiveModelsInSvelteOnly: Rule.RuleModule = {
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Reactive* models only in .svelte and .svelte.ts files; elsewhere use the Active* model',
      recommended: true,
    },
    messages: {
      reactiveOutsideSvelte:
        '{{name}} is the runes flavour and only works in .svelte / .svelte.ts files; in this file use {{active}} (same API, plain objects, `await` for results).',
      useActive: 'Import {{active}} instead.',
    },
    schema: [],
  },
  create(context) {
    if (isRunesFile(context.filename)) return {};
    return {
      ImportDeclaration(node) {
        if ((node as {importKind?: string}).importKind === 'type') return;
        const source = String(node.source.value);
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier' || (specifier as {importKind?: string}).importKind === 'type') continue;
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
          if (!isReactiveModelName(imported)) continue;
          const active = activeModelName(imported);
          const renamed = specifier.local.name === imported;
          context.report({
            node: specifier,
            messageId: 'reactiveOutsideSvelte',
            data: {name: imported, active},
            suggest: [
              {
                messageId: 'useActive',
                data: {active},
                fix(fixer) {
                  const fixes = [fixer.replaceText(specifier, renamed ? active : `${active} as ${specifier.local.name}`)];
                  // The generated Reactive* models live in svelte.ts, the Active* ones in index.ts.
                  const activeSource = source.replace(/\/svelte(\.[jt]s)?$/, (_m: string, ext: string | undefined) => `/index${ext ?? ''}`);
                  if (activeSource !== source && node.specifiers.length === 1) fixes.push(fixer.replaceText(node.source, JSON.stringify(activeSource).replaceAll('"', "'")));
                  if (renamed) {
                    for (const variable of context.sourceCode.getDeclaredVariables(specifier)) {
                      for (const reference of variable.references) fixes.push(fixer.replaceText(reference.identifier, active));
                    }
                  }
                  return fixes;
                },
              },
            ],
          });
        }
      },
    };
  },
};
