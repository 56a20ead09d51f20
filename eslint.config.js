// The project's lint: type-aware promise rules (a floating promise in a
// replay loop is a lost write), the layer order of src/ (ARCHITECTURE.md,
// "Layers"), the Zero boundary, and Svelte components. `npm run lint`;
// `npm test` runs it. generated/ and generator samples are output, not linted.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
// The lint rules this package gives its users, applied to its own demo app (a user of the library).
import zam from './src/eslint/index.ts';

/**
 * src/ layers, bottom first. A layer may import only the layers listed as
 * below it; everything else is a violation. Folders not listed here (app,
 * generator) have their own rules further down.
 */
export const LAYERS = {
  errors: [],
  contract: ['errors'],
  pipeline: ['errors', 'contract'],
  apply: ['errors', 'contract', 'pipeline'],
  record: ['errors', 'contract'],
  sync: ['errors', 'contract'],
  reactive: ['errors', 'contract', 'record'],
  zero: ['errors', 'contract', 'pipeline', 'apply', 'record', 'sync'],
  server: ['errors', 'contract', 'pipeline', 'apply'],
  // The lint rules users install (`zero-active-models/eslint`): source text only, no runtime.
  eslint: [],
  // The `zero-active-models` binary: composes everything (the app excepted).
  // The codemod behind `migrate`: source text in, source text out (ts-morph, svelte's parser).
  codemod: ['errors'],
  cli: ['errors', 'contract', 'pipeline', 'apply', 'record', 'sync', 'reactive', 'zero', 'server', 'generator', 'codemod'],
};
const FOLDERS = [...Object.keys(LAYERS), 'app', 'generator'];
const ENTRIES = ['./src/index.ts', './src/svelte.ts', './src/server/index.ts', './src/eslint/index.ts'];

const layerZones = Object.entries(LAYERS).flatMap(([layer, below]) =>
  FOLDERS.filter((other) => other !== layer && !below.includes(other)).map((other) => ({
    target: `./src/${layer}`,
    from: `./src/${other}`,
    message: `src/${layer} may import only ${below.length > 0 ? below.map((b) => `src/${b}`).join(', ') : 'nothing else in src'} (layer order in ARCHITECTURE.md).`,
  })),
);

const zones = [
  ...layerZones,
  // The generator is a separate program: it shares only the model-config contract and the root error.
  ...FOLDERS.filter((f) => !['generator', 'errors', 'contract'].includes(f)).map((other) => ({
    target: './src/generator',
    from: `./src/${other}`,
    message: 'src/generator may import only src/contract and src/errors.',
  })),
  // The demo app is a user of the library: the public entries by package name, and generated/.
  ...FOLDERS.filter((f) => f !== 'app').map((other) => ({
    target: './src/app',
    from: `./src/${other}`,
    // 'zero-active-models/server' resolves to the server's public entry (the app's policies use it).
    ...(other === 'server' ? {except: ['./index.ts']} : {}),
    message: "src/app imports the library by its package name ('zero-active-models', '/svelte', '/server'), never its folders.",
  })),
  // Public entries re-export; nothing inside imports them.
  ...ENTRIES.flatMap((entry) =>
    FOLDERS.filter((f) => f !== 'app').map((folder) => ({
      target: `./src/${folder}`,
      from: entry,
      message: 'Public entry points are for users; import the module that defines the name instead.',
    })),
  ),
];

const ZERO_IMPORT = {
  patterns: [
    {
      group: ['@rocicorp/zero', '@rocicorp/zero/*'],
      message: 'Only src/zero (client) and src/server import Zero: put the adapter there and depend on an interface here.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['generated/**', 'tests/codemod/fixtures/**', 'tests/codemod/expected/**', 'tests/generator/samples/**', 'node_modules/**', 'dist/**', 'dist-app/**', '.tmp/**', '.data/**', 'docs/api/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: {...globals.node, ...globals.browser},
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    plugins: {'import-x': importX},
    settings: {'import-x/resolver': {node: {extensions: ['.ts', '.js', '.svelte']}}},
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
      'import-x/no-restricted-paths': ['error', {zones}],
      'no-restricted-imports': ['error', ZERO_IMPORT],
      // A closure that reads the variable before it is assigned (idb's upgrade callbacks) needs `let`.
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {parserOptions: {parser: tseslint.parser}},
  },
  {
    files: ['src/app/**'],
    ...zam.configs.recommended,
  },
  {
    // `let {a, b} = $props()` is Svelte's own idiom for props.
    files: ['**/*.svelte'],
    rules: {'prefer-const': 'off'},
  },
  {
    // Where Zero is at home, and tests/scripts that drive the real stack.
    files: ['src/zero/**', 'src/server/**', 'tests/**', 'scripts/**', 'vite.config.ts', 'eslint.config.js'],
    rules: {'no-restricted-imports': 'off'},
  },
  {
    files: ['eslint.config.js', 'scripts/**/*.mjs', 'scripts/**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs', globals: globals.node},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
);
