// `npm start`: the demo app on one machine — embedded PostgreSQL (data kept in
// .data/), the API server, zero-cache and the BUILT app (service worker and
// all, served by `vite preview`), all on 127.0.0.1. `npm run dev` (`--dev`):
// the hot-reloading Vite dev server instead. `--seed-size <jobs>`: how many
// jobs the demo data has (default 200; seeding adds what is missing).
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

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const sizeAt = args.indexOf('--seed-size');
const seedSize = sizeAt === -1 ? Number(process.env.ZAM_SEED_SIZE ?? 200) : Number(args[sizeAt + 1]);
if (!Number.isInteger(seedSize) || seedSize < 0) {
  console.error(`--seed-size wants a number of jobs (e.g. --seed-size 2000), got ${String(args[sizeAt + 1])}`);
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.ZAM_DATA_DIR ?? '.data');

try {
  const demo = await startDemo({
    dataDir,
    appPort: Number(process.env.ZAM_APP_PORT ?? 5173),
    zeroPort: Number(process.env.ZAM_ZERO_PORT ?? 4848),
    apiPort: Number(process.env.ZAM_API_PORT ?? 4850),
    app: dev ? 'dev' : 'built',
    seedSize,
  });
  const {stack} = demo;
  console.log(`
  Field Service demo is running.

    App         ${demo.appURL}${dev ? ' (dev server, hot reload)' : ' (built; works offline once loaded)'}
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
