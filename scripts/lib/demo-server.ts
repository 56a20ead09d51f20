import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createServer, type ViteDevServer} from 'vite';
import {assertPortFree, freePort} from './ports.ts';
import {seedDemo} from './seed-demo.ts';
import {startStack, type Stack, type StackOptions} from './stack.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DemoOptions extends StackOptions {
  appPort?: number;
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

/** The whole demo: stack (with dev login), seed data, and the Vite dev server proxying /api. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const appPort = options.appPort ?? (await freePort());
  await assertPortFree(appPort, 'the demo app (ZAM_APP_PORT)');
  const stack = await startStack({...options, devLogin: true});
  let vite: ViteDevServer | undefined;
  try {
    await seedDemo(stack);
    const cacheURL = options.browserCacheURL ? await options.browserCacheURL(stack) : stack.cacheURL;
    vite = await createServer({
      configFile: path.join(root, 'vite.config.ts'),
      root,
      logLevel: 'warn',
      server: {host: '127.0.0.1', port: appPort, strictPort: true, proxy: {'/api': stack.apiURL}},
      define: {__ZAM_CONFIG__: JSON.stringify({cacheURL})},
    });
    await vite.listen();
  } catch (error) {
    await vite?.close();
    await stack.stop();
    throw error;
  }
  const server = vite;
  return {
    appURL: `http://127.0.0.1:${appPort}/`,
    stack,
    async stop() {
      await server.close();
      await stack.stop();
    },
  };
}
