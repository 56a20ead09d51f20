// Helpers for the package tests: a user's project in a fresh temp directory,
// installed from the packed tarball, and commands run in it as a user would.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * The environment of a user's shell: this run's Node 22 first on PATH (Zero
 * needs it; `npm run`/`npx` in the user's project find it there), nothing
 * that points back into this repository — no node_modules/.bin of ours, no
 * `--conditions=zam-source`, no npm or vitest variables from the outer run.
 * ZAM_TEST_RUN stays so the leak check still finds what these tests start.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The machine's trust store stays: a user's shell has it, and without it npm cannot reach a
    // registry behind a TLS-intercepting proxy (SELF_SIGNED_CERT_IN_CHAIN) once it needs metadata
    // its cache lacks — npm run under this Node does not read the system npm's global npmrc.
    if (key === 'NODE_EXTRA_CA_CERTS') {
      env[key] = value;
      continue;
    }
    if (/^(npm_|NODE_|VITEST|VITE_|INIT_CWD$|TEST$)/i.test(key)) continue;
    env[key] = value;
  }
  const ours = path.join(REPO, 'node_modules');
  const rest = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '' && !dir.startsWith(ours) && !dir.startsWith(REPO));
  env.PATH = [path.dirname(process.execPath), ...rest].join(path.delimiter);
  return {...env, ...extra};
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in `cwd` with the user's environment; never rejects (the result says how it ended). */
export function run(command: string, args: readonly string[], options: {cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {cwd: options.cwd, env: userEnv(options.env), stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({code: null, stdout, stderr: `${stderr}\n${error.message}`});
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({code, stdout, stderr});
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Throws with the command's output unless it exited 0. */
export async function mustRun(command: string, args: readonly string[], options: Parameters<typeof run>[2]): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Writes `files` (relative path → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), {recursive: true});
    fs.writeFileSync(target, content);
  }
}

/** This repository's devDependency version of `name`, so installs hit the npm cache the repo's own install filled. */
export function repoVersion(name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version?: string}>};
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/**
 * A fresh project: its package.json with `dependencies` and
 * `devDependencies` (name → version or `file:` tarball), then one `npm
 * install`, preferring the local npm cache. The project starts from this
 * repository's lockfile (its root entry replaced by the project's), so every
 * package that both trees share resolves to the version this repository's
 * own install already put in the cache — no registry round trips, and the
 * same versions this repository tests with; npm prunes the rest.
 */
export async function installProject(dir: string, deps: {dependencies: Record<string, string>; devDependencies?: Record<string, string>}): Promise<void> {
  fs.mkdirSync(dir, {recursive: true});
  const name = path.basename(dir);
  const manifest = {name, private: true, type: 'module', ...deps};
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {name: string; version?: string; packages: Record<string, unknown>};
  lock.name = name;
  delete lock.version;
  lock.packages[''] = {name, ...deps};
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: dir, timeoutMs: 300_000});
}
