import {svelte} from '@sveltejs/vite-plugin-svelte';
import {readFileSync} from 'node:fs';
import {VitePWA} from 'vite-plugin-pwa';
import {defineConfig} from 'vitest/config';

// The repo's own app, tests and tools use the library from source: package.json
// `exports` puts a `zam-source` condition (→ src/*.ts) before the built dist/
// that users get. tsconfig.json (`customConditions`) and the npm scripts
// (`node --conditions=zam-source`) opt in by the condition; here every entry is
// aliased to its `zam-source` target, because aliases apply in every Vite
// environment and module runner (vitest's globalSetup included), conditions not.
const SOURCE_CONDITION = 'zam-source';
const EXPORTS = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {exports: Record<string, string | Record<string, string>>}).exports;
const SOURCE_ALIASES = Object.entries(EXPORTS).flatMap(([entry, target]) => {
  const source = typeof target === 'object' ? target[SOURCE_CONDITION] : undefined;
  if (source === undefined) return [];
  const name = `zero-active-models${entry.slice(1)}`;
  return [{find: new RegExp(`^${name.replaceAll('/', '\\/')}$`), replacement: new URL(source, import.meta.url).pathname}];
});

// One config for the demo app (Vite) and for every test project (Vitest).
// Projects split by environment so `npm test` can run the fast ones first and
// the real-stack ones (PostgreSQL + zero-cache + API server) after.
// The demo app's production build (`npm run build`, served by `npm start`): the
// app shell precached by a Workbox service worker (vite-plugin-pwa), so a
// device with no network still opens it (I8). `prompt`: a new version waits
// until the user accepts the update banner (src/app/UpdatePrompt.svelte) — a
// technician mid-job is never reloaded under their fingers. /api and the
// runtime config are never answered from the cache.
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  includeAssets: ['icon.svg'],
  manifest: {
    name: 'Field Service',
    short_name: 'Field Service',
    description: 'Jobs, tasks and clients for field technicians — works without a network.',
    start_url: '/',
    display: 'standalone',
    theme_color: '#1d4ed8',
    background_color: '#ffffff',
    icons: [{src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any'}],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/zam-config\.json$/],
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  root: '.',
  publicDir: 'src/app/public',
  plugins: [svelte(), pwa],
  // Not dist/: that is the library's build (scripts/build.ts).
  build: {outDir: 'dist-app', emptyOutDir: true},
  server: {host: '127.0.0.1', strictPort: true},
  preview: {host: '127.0.0.1', strictPort: true},
  resolve: {conditions: ['browser'], alias: SOURCE_ALIASES},
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/generator/**/*.test.ts', 'tests/lint/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/codemod/**/*.test.ts', 'tests/docs/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          // Type-level tests (expectTypeOf in *.test-d.ts), checked by tsc through vitest.
          name: 'types',
          include: [],
          typecheck: {enabled: true, only: true, include: ['src/**/*.test-d.ts', 'tests/**/*.test-d.ts'], tsconfig: './tsconfig.json'},
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.svelte.ts', 'tests/codemod/**/*.test.svelte.ts'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // One real stack per file; files run one at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Compiled components in jsdom over a real Zero client; the stack
          // runs in the main process (globalSetup) and hands over URLs/tokens.
          name: 'dom-integration',
          include: ['tests/integration/**/*.test.svelte.ts'],
          environment: 'jsdom',
          globalSetup: ['tests/support/global-stack.ts'],
          setupFiles: ['tests/support/jsdom-websocket.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The packed tarball from outside: installed into fresh Node and Vite + Svelte
          // projects (tests/package/); globalSetup packs once and starts one stack.
          name: 'package',
          include: ['tests/package/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/package/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
