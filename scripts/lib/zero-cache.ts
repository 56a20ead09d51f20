import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {assertPortFree} from './ports.ts';
import {StackError} from './stack-error.ts';
import {descendants, isAlive, killAll, waitForExit} from './processes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export interface ZeroCacheHandle {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Whether the process is gone (it exited, or was stopped or killed). */
  readonly exited: boolean;
  /**
   * What zero-cache said when one of its workers failed while the process
   * lived on, or null. Seen under chaos: the change-streamer "ended with error
   * … changeLog did not drain within 30000ms", the process manager lost the
   * worker's IPC channel, and the process kept answering HTTP while no client
   * could connect (no acknowledgement) — alive, not serving. An orchestrator's
   * liveness check restarts such a process; `startZeroCache` here does too.
   */
  readonly failedWorker: string | null;
  /**
   * `kill -9` of zero-cache: SIGKILL to it and every worker it forked, all
   * at once — no shutdown handler runs. Resolves when every one is gone.
   */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartZeroCacheOptions {
  upstreamDb: string;
  /** Directory for the SQLite replica (also zero-cache's cwd, so no stray .env is loaded). */
  workDir: string;
  mutateURL: string;
  queryURL: string;
  /** zero-cache also uses port + 1 (change-streamer). */
  port: number;
  /** PostgreSQL publications to replicate (ZERO_APP_PUBLICATIONS); zero-cache's own all-columns one when omitted. */
  publications?: readonly string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * ZERO_APP_ID (default Zero's `zero`): a second zero-cache on the same
   * PostgreSQL needs its own (its own schema of client groups and
   * mutation ids, its own replication slot), its own replica and port.
   */
  appId?: string;
  onLog?: (line: string) => void;
}

/**
 * Starts zero-cache (Node ≥ 22) bound to 127.0.0.1 and waits until it serves
 * HTTP. Its workers are forked and can outlive a killed parent, so we remember
 * every descendant PID while it runs and kill survivors on stop.
 */
export async function startZeroCache(options: StartZeroCacheOptions): Promise<ZeroCacheHandle> {
  await assertPortFree(options.port, 'zero-cache');
  await assertPortFree(options.port + 1, 'zero-cache (change-streamer, port + 1)');
  fs.mkdirSync(options.workDir, {recursive: true});
  const bin = path.join(root, 'node_modules', '@rocicorp', 'zero', 'out', 'zero', 'src', 'cli.js');
  const preload = path.join(here, 'loopback-preload.cjs');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
    ZERO_UPSTREAM_DB: options.upstreamDb,
    ZERO_REPLICA_FILE: path.join(options.workDir, 'replica.db'),
    ZERO_MUTATE_URL: options.mutateURL,
    ZERO_QUERY_URL: options.queryURL,
    ZERO_ADMIN_PASSWORD: 'zam-dev-admin',
    ZERO_PORT: String(options.port),
    ZERO_NUM_SYNC_WORKERS: '1',
    ZERO_LOG_LEVEL: options.logLevel ?? 'warn',
    ZERO_ENABLE_TELEMETRY: 'false',
    ...(options.publications === undefined ? {} : {ZERO_APP_PUBLICATIONS: options.publications.join(',')}),
    ...(options.appId === undefined ? {} : {ZERO_APP_ID: options.appId}),
  };
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd: options.workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.onLog ?? (() => {});
  const recent: string[] = [];
  let failedWorker: string | null = null;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    // The process manager losing a worker, not a worker's own "ended with error": that one also
    // shows when a PostgreSQL restart cuts replication, and zero-cache recovers from it by itself.
    const failure = /^.*ERR_IPC_CHANNEL_CLOSED.*$/m.exec(text);
    if (failure !== null && failedWorker === null) failedWorker = failure[0].slice(0, 300);
    recent.push(text);
    if (recent.length > 50) recent.shift();
    log(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const pid = child.pid;
  if (pid === undefined) throw new StackError('zero_cache_spawn_failed', 'could not spawn zero-cache');

  const known = new Set<number>();
  const track = setInterval(() => {
    for (const p of descendants(pid)) known.add(p);
  }, 250);
  track.unref();

  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    clearInterval(track);
    for (const p of descendants(pid)) known.add(p);
    if (isAlive(pid)) {
      // SIGQUIT: zero-cache's "stop now" (SIGTERM drains connections for minutes).
      child.kill('SIGQUIT');
      await waitForExit([pid], 10_000);
    }
    const survivors = [...known].filter(isAlive);
    killAll(survivors, 'SIGKILL');
    await waitForExit(survivors, 5_000);
    if (isAlive(pid)) {
      child.kill('SIGKILL');
      await waitForExit([pid], 5_000);
    }
  };

  const kill9 = async () => {
    clearInterval(track);
    const all = [pid, ...known, ...descendants(pid)].filter(isAlive);
    killAll(all, 'SIGKILL');
    const left = await waitForExit(all, 10_000);
    if (left.length > 0) throw new StackError('zero_cache_kill_failed', `zero-cache processes ${left.join(', ')} survived SIGKILL for 10 s`);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new StackError(
        'zero_cache_exited',
        `zero-cache exited during start-up (code ${child.exitCode}). Last output:\n${recent.join('').slice(-3000)}`,
      );
    }
    try {
      const res = await fetch(url + '/');
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new StackError(
        'zero_cache_timeout',
        `zero-cache did not answer on ${url} within 60 s. Last output:\n${recent.join('').slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const p of descendants(pid)) known.add(p);
  return {
    url,
    port: options.port,
    pid,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    get failedWorker() {
      return failedWorker;
    },
    kill9,
    stop,
  };
}
