/**
 * One subcommand of the `zero-active-models` CLI (`generate`, `console`, …).
 * The registry in `commands.ts` lists them; `runCli` dispatches to one. A
 * command loads its implementation lazily inside `run`, so `generate` never
 * pays for loading Zero and `--help` loads nothing.
 *
 * @example
 * ```ts
 * const migrate: CliCommand = {
 *   name: 'migrate',
 *   summary: 'apply the generated schema.sql to DATABASE_URL',
 *   run: async (argv, context) => (await import('./migrate-command.ts')).runMigrate(argv, context),
 * };
 * ```
 */
export interface CliCommand {
  readonly name: string;
  /** One line for `zero-active-models --help`. */
  readonly summary: string;
  /**
   * Runs the command (including its own `--help`) and resolves to its exit
   * code: 0 ok, 1 failed (the message says why and what to do), 2 usage.
   * Long-running modes (`generate --watch`, `console`) resolve once they have
   * started; what they keep open keeps the process alive.
   */
  run(argv: readonly string[], context: CliContext): Promise<number>;
}

/** Where and how a command was invoked. */
export interface CliContext {
  /** Directory that relative paths in flags are resolved against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How the command is named in its usage text: `zero-active-models generate`, `npm run generate --`. */
  readonly program: string;
  /** The command line that runs this command with `args`, for "run … to fix this" hints. */
  rerun(args: readonly string[]): string;
}

/** A context for the installed `zero-active-models` binary. */
export function binContext(command: string, cwd: string, env: CliContext['env']): CliContext {
  return {
    cwd,
    env,
    program: `zero-active-models ${command}`,
    rerun: (args) => ['npx zero-active-models', command, ...args.map(quoteArg)].join(' '),
  };
}

/** A context for one of this repository's npm scripts (`npm run generate`, …). */
export function npmScriptContext(script: string, cwd: string, env: CliContext['env']): CliContext {
  return {
    cwd,
    env,
    program: `npm run ${script} --`,
    rerun: (args) => (args.length === 0 ? `npm run ${script}` : `npm run ${script} -- ${args.map(quoteArg).join(' ')}`),
  };
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
