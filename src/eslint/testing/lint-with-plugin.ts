import {Linter} from 'eslint';
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';
import {recommended} from '../plugin.ts';

const config: Linter.Config[] = [
  {files: ['**/*.ts', '**/*.js'], languageOptions: {parser: tseslint.parser}},
  {files: ['**/*.svelte'], languageOptions: {parser: svelteParser, parserOptions: {parser: tseslint.parser}}},
  recommended,
];

/** Lints `code` as the file `filename` with the plugin's recommended config, as a user's project would. */
export function lintWithPlugin(code: string, filename: string): Linter.LintMessage[] {
  return new Linter({configType: 'flat'}).verify(code, config, {filename});
}
