import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {freePort} from '../../scripts/lib/ports.ts';
import {descendants, isAlive, killAll, waitForExit} from '../../scripts/lib/processes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningDemo {
  readonly appURL: string;
  readonly databaseUrl: string;
  readonly output: () => string;
  /** Every PID in the npm start process tree, sampled while it ran. */
  readonly pids: () => number[];
  stop(): Promise<void>;
}

/** Runs the README's `npm start` exactly as a user would, on free ports and a fresh data dir. */
export async function runNpmStart(): Promise<RunningDemo> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-demo-'));
  const appPort = await freePort();
  const apiPort = await freePort();
  let zeroPort = await freePort();
  while (zeroPort === appPort || zeroPort + 1 === apiPort || zeroPort === apiPort) zeroPort = await freePort();
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      ZAM_DATA_DIR: dataDir,
      ZAM_APP_PORT: String(appPort),
      ZAM_API_PORT: String(apiPort),
      ZAM_ZERO_PORT: String(zeroPort),
      DATABASE_URL: '',
      // The default 200 jobs take a while to seed on a busy machine; these tests need a few.
      ZAM_SEED_SIZE: process.env.ZAM_SEED_SIZE ?? '40',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() can send Ctrl+C to the whole tree as a terminal does.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const seen = new Set<number>();
  const sample = setInterval(() => {
    if (child.pid) for (const p of descendants(child.pid)) seen.add(p);
  }, 200);

  const stop = async () => {
    clearInterval(sample);
    if (child.pid) for (const p of descendants(child.pid)) seen.add(p);
    // Ctrl+C as a user would (SIGINT to the foreground process group): npm
    // start must shut everything down itself.
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    await waitForExit([child.pid!, ...seen], 30_000);
    const leftovers = [...seen].filter(isAlive);
    killAll(leftovers, 'SIGKILL');
    fs.rmSync(dataDir, {recursive: true, force: true});
    if (leftovers.length > 0) throw new Error(`npm start left processes running after Ctrl+C: ${leftovers.join(', ')}`);
  };

  // npm start builds the app (service worker included) and seeds before it is up.
  const deadline = Date.now() + 240_000;
  while (!/Field Service demo is running/.test(out)) {
    if (child.exitCode !== null) throw new Error(`npm start exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      await stop().catch(() => {});
      throw new Error(`npm start did not come up within 240 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const databaseUrl = /PostgreSQL\s+(postgres:\/\/\S+)/.exec(out)?.[1];
  if (!databaseUrl) throw new Error(`npm start did not print the database URL:\n${out}`);
  return {
    appURL: `http://127.0.0.1:${appPort}/`,
    databaseUrl,
    output: () => out,
    pids: () => [...seen],
    stop,
  };
}
