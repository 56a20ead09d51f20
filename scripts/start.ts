// `npm start`: the demo app on one machine — embedded PostgreSQL (data kept in
// .data/), the API server, zero-cache and the Vite dev server, all on 127.0.0.1.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startDemo} from './lib/demo-server.ts';
import {requireNode22} from './lib/require-node.ts';
import {DEMO_USERS} from './lib/seed-demo.ts';

requireNode22();
// If whoever reads our output goes away (terminal closed, piped through a
// process that exited), keep shutting down cleanly instead of dying on EPIPE.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.ZAM_DATA_DIR ?? '.data');

try {
  const demo = await startDemo({
    dataDir,
    appPort: Number(process.env.ZAM_APP_PORT ?? 5173),
    zeroPort: Number(process.env.ZAM_ZERO_PORT ?? 4848),
    apiPort: Number(process.env.ZAM_API_PORT ?? 4850),
  });
  const {stack} = demo;
  console.log(`
  Field Service demo is running.

    App         ${demo.appURL}
    zero-cache  ${stack.cacheURL}
    API server  ${stack.apiURL}
    PostgreSQL  ${stack.databaseUrl}
    Data        ${dataDir}

  Log in by clicking a user: ${DEMO_USERS.map((u) => u.email).join(', ')}.
  Press Ctrl+C to stop everything.
`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (error) {
  console.error(`\nCould not start the demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
