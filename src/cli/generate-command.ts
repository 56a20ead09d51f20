import {watch} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {CliUsageError, isCliUsageError} from '../errors/cli-usage-error.ts';
import type {CliContext} from './cli-command.ts';
import {configPath, loadCliConfig, pathLabel} from './cli-config.ts';
import {foreignFiles} from './foreign-files.ts';

/** What the command needs from the generator: its one entry module (`src/generator/cli-entry.ts`). */
export type GeneratorEntry = typeof import('../generator/cli-entry.ts');

export interface GenerateCommandOptions {
  /**
   * Loads the generator. The installed package imports its built JS; this
   * repository's `npm run generate` passes the type-stripping cache
   * (`src/generator/load-generator.ts`) to keep startup short.
   */
  readonly loadGenerator: () => Promise<GeneratorEntry>;
}

const OPTIONS = {
  rails: {type: 'string'},
  out: {type: 'string'},
  config: {type: 'string'},
  check: {type: 'boolean', default: false},
  watch: {type: 'boolean', default: false},
  'allow-unknown-classes': {type: 'boolean', default: false},
  verbose: {type: 'boolean', default: false},
  quiet: {type: 'boolean', default: false},
  timings: {type: 'boolean', default: false},
  help: {type: 'boolean', short: 'h', default: false},
} as const;

function usage(program: string): string {
  return `usage: ${program} [--rails <app root>] [--out <dir>] [--check | --watch] [--config <file>] [--allow-unknown-classes] [--verbose] [--quiet] [--timings]
  Reads a Rails app (db/schema.rb, app/models/**/*.rb) and writes the Zero schema, PostgreSQL DDL,
  synced queries and the ActiveX / ReactiveX models into <dir>, replacing it as a whole.
  --rails     Rails app root (or \`rails\` in zero-active-models.config.json)
  --out       output directory, a directory of its own (or \`out\`; default generated)
  --check     regenerate in memory and exit 1 if <dir> is stale (CI)
  --watch     regenerate whenever db/ or app/models/ changes
  --config    config file (default: zero-active-models.config.{ts,mts,js,mjs,json} here)
  --allow-unknown-classes   skip associations to classes app/models does not define
  --verbose   list every skip and warning;  --quiet  print errors only;  --timings  per-phase ms
  Exit codes: 0 ok, 1 invalid input (file:line in the message; <dir> is left unchanged), 2 usage.`;
}

/**
 * `zero-active-models generate`: Rails app → generated models. Messages and
 * exit codes are the CLI contract (tests/generator/cli.test.ts,
 * tests/package/): 0 ok, 1 invalid input with file:line and the previous
 * output untouched, 2 usage.
 */
export async function runGenerate(argv: readonly string[], context: CliContext, options: GenerateCommandOptions): Promise<number> {
  let args: ReturnType<typeof parseArgs<{options: typeof OPTIONS; strict: true}>>['values'];
  try {
    args = parseArgs({args: [...argv], options: OPTIONS, strict: true, allowPositionals: false}).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage(context.program)}`);
    return 2;
  }
  if (args.help) {
    console.log(usage(context.program));
    return 0;
  }
  if (args.check && args.watch) {
    console.error(`--check and --watch cannot be combined\n${usage(context.program)}`);
    return 2;
  }

  let rails: {absolute: string; label: string};
  let out: {absolute: string; label: string};
  let allowUnknownClasses: boolean;
  try {
    const loaded = await loadCliConfig(context.cwd, args.config);
    const fromFlag = (typed: string) => ({absolute: path.resolve(context.cwd, typed), label: pathLabel(context.cwd, typed)});
    if (args.rails !== undefined) rails = fromFlag(args.rails);
    else if (loaded?.config.rails !== undefined) rails = configPath(loaded, loaded.config.rails);
    else throw new CliUsageError('no Rails app given: pass --rails <app root>, or set "rails" in zero-active-models.config.json.');
    // The output is named as typed: it appears in messages only, never in the generated files.
    if (args.out !== undefined) out = {absolute: path.resolve(context.cwd, args.out), label: args.out.replace(/(.)\/+$/, '$1')};
    else if (loaded?.config.out !== undefined) out = configPath(loaded, loaded.config.out);
    else out = loaded ? configPath(loaded, 'generated') : fromFlag('generated');
    allowUnknownClasses = args['allow-unknown-classes'] || (loaded?.config.allowUnknownClasses ?? false);
  } catch (error) {
    if (!isCliUsageError(error)) throw error;
    console.error(`${error.message}\n${usage(context.program)}`);
    return 2;
  }

  const generator = await options.loadGenerator();
  // The command that rewrites the output: the same one minus --check/--watch.
  const regenerate = context.rerun(argv.filter((a) => a !== '--check' && a !== '--watch'));

  async function runOnce(): Promise<number> {
    const started = performance.now();
    try {
      // Parse results of the app's SQL strings are kept here, so an unchanged app does not load PostgreSQL's parser.
      const cacheDir = path.join(context.cwd, 'node_modules', '.cache', 'zero-active-models');
      const result = await generator.generate({root: rails.absolute, label: rails.label, allowUnknownClasses, cacheDir});
      if (args.check) {
        const diff = await generator.diffOutput(out.absolute, result.files);
        if (generator.isClean(diff)) {
          if (!args.quiet) console.log(`${out.label}/ is up to date with ${rails.label} (${result.files.length} files).`);
          return 0;
        }
        console.error(`${out.label}/ is stale: it does not match ${rails.label}.`);
        for (const f of diff.changed) console.error(`  changed  ${out.label}/${f.path} (first difference at line ${f.line})`);
        for (const f of diff.added) console.error(`  missing  ${out.label}/${f}`);
        for (const f of diff.removed) console.error(`  extra    ${out.label}/${f}`);
        console.error(`Run \`${regenerate}\` and commit the result.`);
        return 1;
      }
      // An output that already holds exactly these files needs neither a write nor the foreign-file check (every file
      // in it is one the generator writes, and nothing is replaced); comparing is cheaper than opening each for its banner.
      if (!generator.sameOutput(out.absolute, result.files)) {
        const foreign = foreignFiles(out.absolute);
        if (foreign.length > 0) {
          const listed = foreign[0] === '.' ? `${out.label} is a file` : `it holds files the generator did not write: ${foreign.map((f) => `${out.label}/${f}`).join(', ')}`;
          console.error(`error: refusing to replace ${out.label}/: ${listed}.`);
          console.error(`generate replaces its output directory as a whole; give --out a directory of its own (e.g. ${path.posix.join(out.label, 'generated')}).`);
          console.error(`${out.label} was left unchanged.`);
          return 1;
        }
        await generator.writeOutput(out.absolute, result.files);
      }
      if (!args.quiet) {
        const ms = Math.round(performance.now() - started);
        console.log(`Generated ${result.files.length} files into ${out.label}/ from ${rails.label} in ${ms} ms.`);
        console.log(result.report.format({verbose: args.verbose}));
      }
      if (args.timings) {
        const phases = Object.values(result.timings).reduce((a, b) => a + b, 0);
        console.log(`timings (ms): ${Object.entries(result.timings).map(([k, v]) => `${k} ${v}`).join(', ')}, write ${Math.round(performance.now() - started - phases)}`);
      }
      return 0;
    } catch (error) {
      if (generator.isGeneratorError(error)) {
        console.error(`error: ${error.message}`);
        console.error(`${out.label}/ was left unchanged.`);
        return 1;
      }
      console.error('internal error in the generator (please report it with the input that caused it):');
      console.error(error);
      return 1;
    }
  }

  if (!args.watch) return await runOnce();

  await runOnce();
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    // Editors write files in bursts; regenerate once things settle.
    timer = setTimeout(() => {
      timer = null;
      void runOnce();
    }, 150);
  };
  const watched: string[] = [];
  for (const dir of ['db', 'app/models']) {
    try {
      watch(path.join(rails.absolute, dir), {recursive: true}, schedule);
      watched.push(`${rails.label}/${dir}`);
    } catch {
      console.error(`cannot watch ${rails.label}/${dir} (missing or unreadable)`);
    }
  }
  if (watched.length === 0) return 1;
  console.log(`Watching ${watched.join(' and ')} (Ctrl-C to stop).`);
  return 0;
}
