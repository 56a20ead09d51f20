import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/lib/api-server-process.ts');

export interface ApiProcessOptions {
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  readonly port: number;
  /** Extra environment (e.g. a planted bug's switch). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The API server in its own process, which the chaos suite kills with SIGKILL and restarts on the same port. */
export class ApiProcess {
  readonly #options: ApiProcessOptions;
  #child: ChildProcess | undefined;
  /** Every PID this handle started, for the "no process left" check. */
  readonly pids: number[] = [];
  /**
   * Exits nobody asked for (not `kill9`), with the end of the process's
   * stderr: the API server must survive everything the chaos suite does
   * except its own SIGKILL. Each is an anomaly; `running` turns false, so
   * the run's heal step starts it again.
   */
  readonly crashes: string[] = [];

  constructor(options: ApiProcessOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  async start(): Promise<void> {
    if (this.#child !== undefined) return;
    const child = spawn(process.execPath, ['--conditions=zam-source', ENTRY], {
      env: {
        ...process.env,
        ...this.#options.env,
        ZAM_API_DATABASE_URL: this.#options.databaseUrl,
        ZAM_API_JWT_SECRET: this.#options.jwtSecret,
        ZAM_API_PORT: String(this.#options.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    if (child.pid !== undefined) this.pids.push(child.pid);
    let stderr = '';
    // The end of stderr, since this process's last start: what it said before it died.
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Never leave it behind: a process that did not get ready is killed here.
        this.#child = undefined;
        child.kill('SIGKILL');
        reject(new Error(`API server process not ready in 60 s: ${stderr}`));
      }, 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        this.#child = undefined;
        reject(new Error(`API server process exited (${code}) before ready: ${stderr}`));
      });
    });
    child.removeAllListeners('exit');
    child.once('exit', (code, signal) => {
      if (this.#child !== child) return; // kill9 let go of it first
      this.#child = undefined;
      this.crashes.push(`exited by itself (code ${code}, signal ${signal}): ${stderr.trim()}`);
    });
  }

  /** SIGKILL: no graceful close, a push in flight dies with it. */
  async kill9(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
