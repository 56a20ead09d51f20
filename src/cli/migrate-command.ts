import {spawnSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {isMigrationInputError, MigrationInputError} from '../errors/migration-input-error.ts';
import type {CliContext} from './cli-command.ts';
import {loadCliConfig, configPath} from './cli-config.ts';

const OPTIONS = {
  generated: {type: 'string'},
  'dry-run': {type: 'boolean', default: false},
  force: {type: 'boolean', default: false},
  rollback: {type: 'boolean', default: false},
  help: {type: 'boolean', short: 'h', default: false},
} as const;

/** The codemod's parsers, optional peer dependencies of the package: `migrate` is run once, not shipped in every app. */
export const CODEMOD_PACKAGES = 'ts-morph@28.0.0 diff@9.0.0 magic-string@1.4.5';

function usage(program: string): string {
  return `usage: ${program} <dir> [--generated <dir>] [--dry-run] [--force] | ${program} <dir> --rollback
  Rewrites an app from the old style to the models: ReactiveQuery / ReactiveQueryOne wrappers →
  $derived(ReactiveX.where/find/find_by(…)) with .current/.data reads made direct; zero.mutate.<table>
  .insert/update/upsert/delete → model writes; zero.mutateBatch(async tx => …) → mutateBatch. What it
  cannot convert safely stays as it was under a \`// TODO(zero-active-models): <why>\` line.
  --generated  the generated models (default: \`out\` of zero-active-models.config.json, else
               <dir>/src/lib/generated, <dir>/src/generated or <dir>/generated)
  --dry-run    print the unified diff and write nothing
  --force      run on a dirty git tree; with --rollback, overwrite edits made since
  --rollback   restore the files the last run changed (from <dir>/.zero-active-models-backup);
               refuses when one was edited since (--force restores anyway)
  Needs ${CODEMOD_PACKAGES} (npm install -D ${CODEMOD_PACKAGES}).
  Exit codes: 0 ok, 1 cannot run (the message says why; nothing changed), 2 usage.`;
}

/** `zero-active-models migrate <dir>`: the codemod from the old APIs (src/codemod), with its safety rails. */
export async function runMigrate(argv: readonly string[], context: CliContext): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{options: typeof OPTIONS; strict: true; allowPositionals: true}>>;
  try {
    parsed = parseArgs({args: [...argv], options: OPTIONS, strict: true, allowPositionals: true});
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage(context.program)}`);
    return 2;
  }
  const args = parsed.values;
  if (args.help) {
    console.log(usage(context.program));
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`migrate takes one directory\n${usage(context.program)}`);
    return 2;
  }
  const dir = path.resolve(context.cwd, parsed.positionals[0] as string);
  try {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MigrationInputError(`${dir} is not a directory: pass the folder of the app to migrate.`);
    const codemod = await loadCodemod();
    if (args.rollback) {
      const restored = codemod.restoreBackup(dir, args.force);
      if (restored === undefined) throw new MigrationInputError(`nothing to roll back: ${path.join(dir, codemod.BACKUP_DIR)} does not exist.`);
      console.log(`Restored ${restored.length} file${restored.length === 1 ? '' : 's'} from the backup: ${restored.join(', ')}.`);
      return 0;
    }
    if (!args['dry-run'] && !args.force) refuseDirtyTree(dir, codemod.BACKUP_DIR);
    const generated = await generatedDir(dir, context, args.generated);
    const summary = codemod.migrateProject({dir, generated, dryRun: args['dry-run'], log: (line) => console.log(line)});
    const todoCount = [...summary.todos.values()].reduce((a, b) => a + b, 0);
    console.log(
      `${args['dry-run'] ? 'Dry run: would change' : 'Changed'} ${summary.changed.length} of ${summary.scanned} files scanned; ${summary.todos.size} file${summary.todos.size === 1 ? '' : 's'} with ${todoCount} TODO(zero-active-models) line${todoCount === 1 ? '' : 's'} to finish by hand.`,
    );
    if (summary.backup !== undefined) {
      console.log(`Originals saved in ${path.relative(context.cwd, summary.backup) || summary.backup}; \`${context.rerun([parsed.positionals[0] as string, '--rollback'])}\` restores them.`);
    }
    return 0;
  } catch (error) {
    if (!isMigrationInputError(error)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
}

async function loadCodemod(): Promise<typeof import('../codemod/index.ts')> {
  try {
    return await import('../codemod/index.ts');
  } catch (error) {
    if ((error as {code?: string}).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new MigrationInputError(`the codemod needs its parsers: npm install -D ${CODEMOD_PACKAGES} (${(error as Error).message.split('\n')[0]})`);
  }
}

/** A dirty tree mixes the user's edits with the codemod's: refuse (the backup is ignored, it is ours). Not a git tree: nothing to check. */
function refuseDirtyTree(dir: string, backupDir: string): void {
  const status = spawnSync('git', ['status', '--porcelain', '--', '.', `:!${backupDir}`], {cwd: dir, encoding: 'utf8'});
  if (status.status !== 0) return;
  const dirty = status.stdout.split('\n').filter((l) => l.trim() !== '');
  if (dirty.length === 0) return;
  throw new MigrationInputError(
    `the git tree has uncommitted changes (${dirty.length}: ${dirty.slice(0, 3).map((l) => l.slice(3)).join(', ')}${dirty.length > 3 ? ', …' : ''}): commit or stash them first so the migration is one reviewable diff, or pass --force.`,
  );
}

async function generatedDir(dir: string, context: CliContext, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return path.resolve(context.cwd, flag);
  const loaded = await loadCliConfig(context.cwd);
  if (loaded?.config.out !== undefined) return configPath(loaded, loaded.config.out).absolute;
  for (const candidate of ['src/lib/generated', 'src/generated', 'generated']) {
    if (existsSync(path.join(dir, candidate, 'models'))) return path.join(dir, candidate);
  }
  throw new MigrationInputError(`no generated models found under ${dir} (src/lib/generated, src/generated, generated): pass --generated <the directory \`zero-active-models generate --out\` wrote>.`);
}
