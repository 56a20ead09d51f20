import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build, createServer, preview, type Plugin, type PreviewServer, type ViteDevServer} from 'vite';
import {assertPortFree, freePort} from './ports.ts';
import {seedDemo} from './seed-demo.ts';
import {startStack, type Stack, type StackOptions} from './stack.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DemoOptions extends StackOptions {
  appPort?: number;
  /**
   * `built` (what `npm start` runs): `vite build` — the app with its service
   * worker — then `vite preview` serving it. `dev`: the hot-reloading Vite dev
   * server (`npm run dev`; no service worker).
   */
  app?: 'built' | 'dev';
  /** How many jobs to seed (`--seed-size`); default: the few fixed demo jobs. */
  seedSize?: number;
  /**
   * The zero-cache URL the browser should use. Tests put a switchable TCP
   * proxy in front of zero-cache to take the browser "offline" while the page
   * itself stays reachable.
   */
  browserCacheURL?: (stack: Stack) => string | Promise<string>;
}

export interface Demo {
  readonly appURL: string;
  readonly stack: Stack;
  stop(): Promise<void>;
}

/** Serves the app's runtime config (src/app/config.ts) from the dev and the preview server alike. */
function runtimeConfig(cacheURL: string): Plugin {
  const body = JSON.stringify({cacheURL});
  // Returns nothing: a function returned from these hooks would run as a post hook.
  const serve = (server: ViteDevServer | PreviewServer): void => {
    server.middlewares.use('/zam-config.json', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'no-store');
      res.end(body);
    });
  };
  return {name: 'zam-runtime-config', configureServer: serve, configurePreviewServer: serve};
}

/** The whole demo: stack (with dev login), seed data, and the app (built + preview, or dev) proxying /api. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const appPort = options.appPort ?? (await freePort());
  await assertPortFree(appPort, 'the demo app (ZAM_APP_PORT)');
  const stack = await startStack({...options, devLogin: true});
  let server: ViteDevServer | PreviewServer | undefined;
  try {
    const configFile = path.join(root, 'vite.config.ts');
    // Building while seeding: independent, and both take a while on a busy machine.
    const built = options.app === 'dev' ? Promise.resolve() : build({configFile, root, logLevel: 'warn'});
    await Promise.all([seedDemo(stack, options.seedSize), built]);
    const cacheURL = options.browserCacheURL ? await options.browserCacheURL(stack) : stack.cacheURL;
    const http = {host: '127.0.0.1', port: appPort, strictPort: true, proxy: {'/api': stack.apiURL}};
    if (options.app === 'dev') {
      server = await createServer({configFile, root, logLevel: 'warn', server: http, plugins: [runtimeConfig(cacheURL)]});
      await server.listen();
    } else {
      server = await preview({configFile, root, logLevel: 'warn', preview: http, plugins: [runtimeConfig(cacheURL)]});
    }
  } catch (error) {
    await server?.close();
    await stack.stop();
    throw error;
  }
  const running = server;
  return {
    appURL: `http://127.0.0.1:${appPort}/`,
    stack,
    async stop() {
      await running.close();
      await stack.stop();
    },
  };
}
