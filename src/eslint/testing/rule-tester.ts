import {RuleTester} from 'eslint';
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';
import {describe, it} from 'vitest';

// RuleTester drives its cases through the test framework's describe/it.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester for .ts / .svelte.ts (typescript-eslint's parser) and .svelte files (svelte-eslint-parser over it). */
export function ruleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module'},
  });
}

/** languageOptions for a `.svelte` case. */
export const SVELTE = {parser: svelteParser, parserOptions: {parser: tseslint.parser}} as const;
