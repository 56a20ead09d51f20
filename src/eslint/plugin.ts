import type {ESLint, Linter, Rule} from 'eslint';
import {noAwaitedReactiveRelation} from './rules/no-awaited-reactive-relation.ts';
import {noDestructuredReactiveRecord} from './rules/no-destructured-reactive-record.ts';
import {noWritesInDerived} from './rules/no-writes-in-derived.ts';
import {reactiveModelsInSvelteOnly} from './rules/reactive-models-in-svelte-only.ts';

/** The plugin object: its rules and its `recommended` flat config. */
export interface ZamEslintPlugin extends ESLint.Plugin {
  readonly meta: {readonly name: string};
  readonly rules: Readonly<Record<'reactive-models-in-svelte-only' | 'no-writes-in-derived' | 'no-destructured-reactive-record' | 'no-awaited-reactive-relation', Rule.RuleModule>>;
  readonly configs: {readonly recommended: Linter.Config};
}

const rules = {
  'reactive-models-in-svelte-only': reactiveModelsInSvelteOnly,
  'no-writes-in-derived': noWritesInDerived,
  'no-destructured-reactive-record': noDestructuredReactiveRecord,
  'no-awaited-reactive-relation': noAwaitedReactiveRelation,
};

/**
 * The recommended flat config: the plugin under `zero-active-models/` and its
 * rules (the awaited-relation rule warns; the rest are errors). Svelte files
 * need `svelte-eslint-parser` (eslint-plugin-svelte's config sets it up).
 *
 * @example
 * ```js
 * // eslint.config.js
 * import zam from 'zero-active-models/eslint';
 * export default [...svelte.configs.recommended, zam.configs.recommended];
 * ```
 */
export const recommended: Linter.Config = {
  name: 'zero-active-models/recommended',
  plugins: {},
  rules: {
    'zero-active-models/reactive-models-in-svelte-only': 'error',
    'zero-active-models/no-writes-in-derived': 'error',
    'zero-active-models/no-destructured-reactive-record': 'error',
    'zero-active-models/no-awaited-reactive-relation': 'warn',
  },
};

/** The `zero-active-models` ESLint plugin (`import zam from 'zero-active-models/eslint'`). */
export const plugin: ZamEslintPlugin = {
  meta: {name: 'zero-active-models'},
  rules,
  configs: {recommended},
};
// The config names its own plugin (flat config's convention), once both exist.
(recommended.plugins as Record<string, ESLint.Plugin>)['zero-active-models'] = plugin;

export default plugin;
