// `zero-active-models migrate` on a fixture app written in the old style
// (fixtures/old-app: ReactiveQuery wrappers, zero.mutate CRUD, zero.mutateBatch):
// the expected rewrite (expected/old-app), TODOs for what it cannot convert, a dry
// run that only prints a diff, the dirty-tree guard, a second run that changes
// nothing, rollback; and the migrated app type-checks (svelte-check) and lints
// clean with the plugin's recommended rules.
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import {binContext} from '../../src/cli/cli-command.ts';
import {runMigrate} from '../../src/cli/migrate-command.ts';
import {lintWithPlugin} from '../../src/eslint/testing/lint-with-plugin.ts';

vi.setConfig({testTimeout: 120_000, hookTimeout: 120_000});

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(import.meta.dirname, 'fixtures/old-app');
const GENERATED = path.join(ROOT, 'generated');
// Inside the repository, so the migrated app resolves `zero-active-models` and svelte as a user's would.
const work = path.join(ROOT, '.tmp', `codemod-${process.pid}`);
const app = path.join(work, 'old-app');
const FILES = ['scripts/close-job.ts', 'src/components/ClientJobs.svelte', 'src/components/JobDetail.svelte', 'src/lib/reactive-query.svelte.ts', 'src/lib/zero.ts'];

const CHANGED = FILES.slice(0, 3);

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {cwd: app, encoding: 'utf8'});
const read = (file: string) => readFileSync(path.join(app, file), 'utf8');

async function migrate(...args: string[]): Promise<{code: number; out: string}> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  try {
    const code = await runMigrate([app, '--generated', GENERATED, ...args], binContext('migrate', work, {}));
    return {code, out: lines.join('\n')};
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(() => {
  rmSync(work, {recursive: true, force: true});
  mkdirSync(work, {recursive: true});
  cpSync(FIXTURE, app, {recursive: true});
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'old style');
});
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe('zero-active-models migrate', () => {
  test('--dry-run prints a unified diff per changed file and the summary, and writes nothing', async () => {
    const {code, out} = await migrate('--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('--- a/src/components/ClientJobs.svelte');
    expect(out).toContain('+++ b/src/components/ClientJobs.svelte');
    expect(out).toContain("+  const jobs = $derived(ReactiveJob.where({client_id: clientId}).order('created_at', 'desc'));");
    expect(out).toMatch(/Dry run: would change 3 of 5 files scanned; 2 files with 2 TODO/);
    for (const file of FILES) expect(read(file)).toBe(readFileSync(path.join(FIXTURE, file), 'utf8'));
  });

  test('refuses a dirty git tree, naming the fix, unless --force', async () => {
    writeFileSync(path.join(app, 'src/lib/zero.ts'), `${read('src/lib/zero.ts')}// an edit in progress\n`);
    const refused = await migrate();
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('uncommitted changes');
    expect(refused.out).toContain('--force');
    expect(read('src/components/ClientJobs.svelte')).toBe(readFileSync(path.join(FIXTURE, 'src/components/ClientJobs.svelte'), 'utf8'));
    git('checkout', '--', 'src/lib/zero.ts');
  });

  test('rewrites the app as expected, with progress, a summary, TODOs and a backup', async () => {
    const {code, out} = await migrate();
    expect(code).toBe(0);
    expect(out).toContain('src/components/ClientJobs.svelte: 6 changes');
    expect(out).toMatch(/JobDetail\.svelte: \d+ changes, 1 TODO/);
    expect(out).toMatch(/Changed 3 of 5 files scanned; 2 files with 2 TODO\(zero-active-models\) lines to finish by hand\./);
    expect(out).toContain('--rollback');
    for (const file of CHANGED) await expect(read(file)).toMatchFileSnapshot(path.join(import.meta.dirname, 'expected/old-app', file));
    // The wrappers' own module and the Zero client stay: code the codemod left (TODOs) may still use them.
    for (const file of FILES.filter((f) => !CHANGED.includes(f))) expect(read(file)).toBe(readFileSync(path.join(FIXTURE, file), 'utf8'));
  });

  test('the migrated app lints clean with the recommended rules', () => {
    for (const file of FILES) {
      const messages = lintWithPlugin(read(file), path.join(app, file));
      expect(messages.map((m) => `${file}:${m.line} ${m.ruleId ?? 'fatal'}: ${m.message}`)).toEqual([]);
    }
  });

  test('the migrated app type-checks (svelte-check, the models from generated/)', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/svelte-check/bin/svelte-check'), '--workspace', app, '--tsconfig', path.join(app, 'tsconfig.json'), '--output', 'machine', '--fail-on-warnings'], {
      cwd: app,
      encoding: 'utf8',
    });
    const problems = result.stdout.split('\n').filter((l) => / (ERROR|WARNING) /.test(l));
    expect(problems).toEqual([]);
    expect(result.stdout).toMatch(/COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/);
    expect(result.status).toBe(0);
  });

  test('a second run changes nothing (and keeps the backup of the first); --rollback restores the old style', async () => {
    git('add', '-A', '--', '.', ':!.zero-active-models-backup');
    git('commit', '-qm', 'migrated');
    const migrated = FILES.map(read);
    const again = await migrate();
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Changed 0 of 5 files scanned/);
    expect(FILES.map(read)).toEqual(migrated);

    // An edit made since the migration is not thrown away silently.
    const edited = read('scripts/close-job.ts');
    writeFileSync(path.join(app, 'scripts/close-job.ts'), `${edited}// my edit after the migration\n`);
    const refused = await migrate('--rollback');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('scripts/close-job.ts changed since the migration wrote it');
    writeFileSync(path.join(app, 'scripts/close-job.ts'), edited);

    const rollback = await migrate('--rollback');
    expect(rollback.code).toBe(0);
    expect(rollback.out).toContain('Restored 3 files');
    for (const file of FILES) expect(read(file)).toBe(readFileSync(path.join(FIXTURE, file), 'utf8'));
    expect((await migrate('--rollback')).code).toBe(1);
  });
});
