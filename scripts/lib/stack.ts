import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import postgres from 'postgres';
import {SYNC_PUBLICATION} from '../../src/contract/sync-publication.ts';
import {listenApiServer, type ApiServerOptions, type RunningApiServer} from '../../src/server/api-server.ts';
import {createStackApiServer} from './stack-api-server.ts';
import {createAuthenticator, type Authenticator} from '../../src/server/auth.ts';
import type {Policies} from '../../src/server/policy/define-policies.ts';
import {assertPortFree, freePort} from './ports.ts';
import {StackError} from './stack-error.ts';
import {startPostgres, type PostgresHandle} from './postgres.ts';
import {requireNode22} from './require-node.ts';
import {startZeroCache, type ZeroCacheHandle} from './zero-cache.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMA_SQL_PATH = path.join(root, 'generated', 'schema.sql');
export const PUBLICATION_SQL_PATH = path.join(root, 'generated', 'publication.sql');

export interface StackOptions {
  /** Persistent data directory (PostgreSQL + replica); a temp dir, removed on stop, when omitted. */
  dataDir?: string;
  /** Use this PostgreSQL instead of starting an embedded one (defaults to env DATABASE_URL). */
  databaseUrl?: string | undefined;
  apiPort?: number;
  zeroPort?: number;
  jwtSecret?: string;
  /** Enables POST /api/login for seeded users (development only). */
  devLogin?: boolean;
  log?: (line: string) => void;
  /** More server-side mutator registries (see ApiServerOptions.extraMutators). */
  extraMutators?: readonly unknown[];
  /** The policies the API server enforces; the demo's (src/app/policies.ts) by default. */
  policies?: Policies<never>;
  /** The API server's activity logger settings (see ApiServerOptions.activity). */
  activity?: ApiServerOptions['activity'];
  /** The model configs the API server applies with (default the generated MODELS; tests switch a model's log mode). */
  models?: ApiServerOptions['models'];
}

export interface Stack {
  readonly databaseUrl: string;
  readonly apiURL: string;
  readonly cacheURL: string;
  /** zero-cache's SQLite replica: what zero-cache holds of PostgreSQL (only the publication's columns). */
  readonly replicaFile: string;
  readonly auth: Authenticator;
  /** PIDs of every process the stack started (for leak checks). */
  pids(): number[];
  /** Stops / restarts only the API server (zero-cache keeps running): simulates an API outage. */
  stopApi(): Promise<void>;
  startApi(): Promise<void>;
  /** `kill -9` of zero-cache and its workers (the chaos suite's fault); `cacheURL` refuses connections until `startZeroCache`. */
  killZeroCache(): Promise<void>;
  /**
   * Starts zero-cache again on its own port, with the replica it had (a
   * restart, not a resync), when it exited or one of its workers failed
   * (`ZeroCacheHandle.failedWorker`; such a one is killed first); resolves
   * once it serves. Returns what it restarted, with why.
   */
  startZeroCache(): Promise<string[]>;
  /** The same for every further app of `startZeroCacheApp`, each on its own ports again. */
  restartFailedZeroCacheApps(): Promise<string[]>;
  /** Restarts PostgreSQL in place (fast shutdown, same port and data); resolves once it accepts connections. */
  restartPostgres(): Promise<void>;
  /**
   * A further zero-cache app on the same PostgreSQL: its own `ZERO_APP_ID`
   * (client groups and mutation ids of its own), replica and ports, the same
   * publication and API server. Stopped with the stack.
   */
  startZeroCacheApp(appId: string): Promise<ZeroCacheHandle>;
  stop(): Promise<void>;
}

/**
 * Brings up the whole backend on loopback: PostgreSQL (embedded unless
 * DATABASE_URL), the generated schema, the API server, zero-cache — waiting
 * until each is ready — and tears it all down by PID on `stop()`.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  requireNode22();
  const log = options.log ?? (() => {});
  const temporary = options.dataDir === undefined;
  const dataDir = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zam-stack-')));
  fs.mkdirSync(dataDir, {recursive: true});

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
    }
    if (temporary) fs.rmSync(dataDir, {recursive: true, force: true});
  };

  try {
    // Ports asked for explicitly must stay free for their servers: PostgreSQL
    // takes a free port that is none of them.
    const reserved = new Set([options.apiPort, options.zeroPort, options.zeroPort && options.zeroPort + 1]);
    let pgPort = await freePort();
    while (reserved.has(pgPort)) pgPort = await freePort();
    const pg: PostgresHandle = await startPostgres({
      dataDir: path.join(dataDir, 'pg'),
      port: pgPort,
      externalUrl: options.databaseUrl,
      onLog: log,
    });
    cleanups.push(() => pg.stop());
    await applySchema(pg.url, log);

    const auth = createAuthenticator(options.jwtSecret ?? process.env.ZAM_JWT_SECRET ?? devSecret(dataDir));
    const api = createStackApiServer({
      databaseUrl: pg.url,
      auth,
      models: options.models,
      activity: options.activity,
      policies: options.policies,
      devLogin: options.devLogin,
      extraMutators: options.extraMutators,
    });
    await api.migrate();
    cleanups.push(() => api.close());
    const apiPort = options.apiPort ?? (await freePort());
    await assertPortFree(apiPort, 'the API server (ZAM_API_PORT)');
    let running: RunningApiServer | null = await listenApiServer(api, apiPort);
    cleanups.push(async () => {
      await running?.stop();
      running = null;
    });

    const zeroOptions = {
      upstreamDb: pg.url,
      workDir: path.join(dataDir, 'zero'),
      mutateURL: `http://127.0.0.1:${apiPort}/api/push`,
      queryURL: `http://127.0.0.1:${apiPort}/api/query`,
      publications: [SYNC_PUBLICATION],
      onLog: log,
    };
    let zero = await startZeroCacheOnFreePorts(options.zeroPort, zeroOptions);
    const zeroPids = [zero.pid];
    const apps: ZeroCacheHandle[] = [];
    const appOptions: (typeof zeroOptions & {appId: string; workDir: string})[] = [];
    cleanups.push(async () => {
      for (const app of apps) await app.stop();
      await zero.stop();
    });

    return {
      databaseUrl: pg.url,
      apiURL: `http://127.0.0.1:${apiPort}`,
      cacheURL: zero.url,
      replicaFile: path.join(dataDir, 'zero', 'replica.db'),
      auth,
      pids: () => [pg.pid, ...zeroPids].filter((p): p is number => p !== null),
      async stopApi() {
        await running?.stop();
        running = null;
      },
      async startApi() {
        if (running === null) running = await listenApiServer(api, apiPort);
      },
      async killZeroCache() {
        await zero.kill9();
      },
      async startZeroCache() {
        if (!zero.exited && zero.failedWorker === null) return [];
        const why = zero.exited ? 'exited' : `worker failed: ${zero.failedWorker}`;
        if (!zero.exited) await zero.kill9();
        // Its own port again (clients know only that one): startZeroCache waits until both ports are free.
        zero = await startZeroCache({...zeroOptions, port: zero.port});
        zeroPids.push(zero.pid);
        return [`zero-cache (${why})`];
      },
      async restartFailedZeroCacheApps() {
        const restarted: string[] = [];
        for (const [index, app] of apps.entries()) {
          if (!app.exited && app.failedWorker === null) continue;
          const entry = appOptions[index]!;
          restarted.push(`zero-cache app ${entry.appId} (${app.exited ? 'exited' : `worker failed: ${app.failedWorker}`})`);
          if (!app.exited) await app.kill9();
          const again = await startZeroCache({...entry, port: app.port});
          apps[index] = again;
          zeroPids.push(again.pid);
        }
        return restarted;
      },
      async restartPostgres() {
        await pg.restart();
      },
      async startZeroCacheApp(appId) {
        const appZeroOptions = {
          ...zeroOptions,
          appId,
          workDir: path.join(dataDir, `zero-${appId}`),
          // Told apart from the first app's lines in a shared log.
          onLog: (line: string) => log(`[${appId}] ${line}`),
        };
        const app = await startZeroCacheOnFreePorts(undefined, appZeroOptions);
        apps.push(app);
        appOptions.push(appZeroOptions);
        zeroPids.push(app.pid);
        return app;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Applies generated/schema.sql to an empty database. A database that already
 * has the schema is left alone; one with a different schema version gets a
 * warning (the demo's data is never dropped behind the user's back).
 */
async function applySchema(url: string, log: (line: string) => void): Promise<void> {
  if (!fs.existsSync(SCHEMA_SQL_PATH)) {
    throw new StackError('schema_missing', `${SCHEMA_SQL_PATH} is missing. Run \`npm run generate\` first.`);
  }
  const ddl = fs.readFileSync(SCHEMA_SQL_PATH, 'utf8');
  const hash = crypto.createHash('sha256').update(ddl).digest('hex');
  const sql = postgres(url, {max: 1, onnotice: () => {}});
  try {
    await sql.unsafe(
      'CREATE SCHEMA IF NOT EXISTS zam; CREATE TABLE IF NOT EXISTS zam.schema_versions (hash text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = await sql`select hash from zam.schema_versions order by applied_at desc limit 1`;
    if (applied.length === 0) {
      await sql.begin(async (tx) => {
        await tx.unsafe(ddl);
        await tx`insert into zam.schema_versions (hash) values (${hash})`;
      });
      log('applied generated/schema.sql');
    } else if (applied[0]!.hash !== hash) {
      console.warn(
        '[stack] generated/schema.sql changed since this database was created; keeping the existing data. ' +
          'Delete .data/ (npm run reset) to recreate the demo database from the new schema.',
      );
    }
    // The publication is (re)created on every start: zero-cache replicates only its synced columns.
    try {
      await sql.unsafe(fs.readFileSync(PUBLICATION_SQL_PATH, 'utf8'));
    } catch (cause) {
      throw new StackError(
        'publication_failed',
        `Could not create the sync publication from ${PUBLICATION_SQL_PATH}: ${(cause as Error).message}. ` +
          'If this database predates the current schema, delete .data/ (npm run reset) to recreate it.',
      );
    }
  } finally {
    await sql.end();
  }
}

/**
 * Starts zero-cache on a chosen port, or on two free consecutive ones. Free
 * ports are only free when checked: between the check and zero-cache's own
 * listen, PORT + 1 can be taken (an outgoing connection gets it as its local
 * port on a busy machine), and zero-cache then exits with EADDRINUSE. Then,
 * and only for ports we picked, start again on other ports with a fresh replica.
 */
async function startZeroCacheOnFreePorts(chosen: number | undefined, options: Omit<Parameters<typeof startZeroCache>[0], 'port'>): Promise<ZeroCacheHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startZeroCache({...options, port: chosen ?? (await freeZeroPort())});
    } catch (error) {
      const lostRace = chosen === undefined && error instanceof StackError && error.code === 'zero_cache_exited' && error.message.includes('EADDRINUSE');
      if (!lostRace || attempt >= 3) throw error;
      fs.rmSync(options.workDir, {recursive: true, force: true});
    }
  }
}

/** zero-cache needs two consecutive free ports (PORT and PORT + 1). */
async function freeZeroPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port < 65535) {
      try {
        await assertPortFree(port + 1, 'zero-cache');
        return port;
      } catch {
        // try another
      }
    }
  }
  throw new StackError('port_busy', 'Could not find two consecutive free ports for zero-cache.');
}

/** A per-data-dir secret for development, so tokens survive restarts of `npm start`. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), {mode: 0o600});
  return fs.readFileSync(file, 'utf8').trim();
}
