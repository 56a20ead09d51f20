// The CLI as users and CI run it: exit codes, the swap that protects the
// previous output, --check, and byte-for-byte determinism.
import {execFile} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, readdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, test, vi} from 'vitest';

// Each test spawns the CLI (a Node start + a generator run): seconds on a busy 2-core machine.
vi.setConfig({testTimeout: 60_000});
import {generate} from '../../src/generator/generate.ts';
import {rewriteImports} from '../../src/generator/load-generator.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'zam-generate-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

async function cli(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, ['scripts/generate.mjs', ...args], {cwd: ROOT});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}

describe('scripts/generate.mjs (npm run generate)', () => {
  test('writes the example app and --check accepts it; a changed file makes --check fail naming the fix', async () => {
    const out = path.join(tmp, 'ok');
    const first = await cli('--out', out, '--quiet');
    expect(first.code).toBe(0);
    expect((await cli('--out', out, '--check', '--quiet')).code).toBe(0);
    writeFileSync(path.join(out, 'models.ts'), '// edited by hand\n');
    writeFileSync(path.join(out, 'stray.ts'), '');
    const stale = await cli('--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('changed  ');
    expect(stale.stderr).toContain('models.ts (first difference at line 1)');
    expect(stale.stderr).toContain('extra    ');
    expect(stale.stderr).toContain('npm run generate');
  });

  test('invalid Ruby: exit 1 with file:line, previous output untouched', async () => {
    const out = path.join(tmp, 'kept');
    mkdirSync(out, {recursive: true});
    writeFileSync(path.join(out, 'previous.ts'), 'keep me');
    const result = await cli('--rails', 'tests/generator/samples/error-syntax', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tests/generator/samples/error-syntax/app/models/widget.rb:5: Ruby syntax error');
    expect(readdirSync(out)).toEqual(['previous.ts']);
    expect(readFileSync(path.join(out, 'previous.ts'), 'utf8')).toBe('keep me');
  });

  test('missing schema.rb and unknown classes exit 1', async () => {
    const missing = await cli('--rails', 'tests/generator/samples/error-missing-schema', '--out', path.join(tmp, 'x'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('db/schema.rb not found');
    const unknown = await cli('--rails', 'tests/generator/samples/error-unknown-class', '--out', path.join(tmp, 'x'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('widget.rb:2: has_many :parts refers to unknown class Part');
    const allowed = await cli('--rails', 'tests/generator/samples/error-unknown-class', '--out', path.join(tmp, 'x'), '--allow-unknown-classes');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('target class Part is not a model');
  });

  test('an up-to-date output is left as it is; one foreign file among the generated ones is still refused', async () => {
    const out = path.join(tmp, 'foreign');
    expect((await cli('--out', out, '--quiet')).code).toBe(0);
    // A rewrite swaps in a new directory (a new inode); an up-to-date one is not touched.
    const before = statSync(path.join(out, 'schema.ts'));
    expect((await cli('--out', out, '--quiet')).code).toBe(0);
    expect(statSync(path.join(out, 'schema.ts')).ino).toBe(before.ino);
    expect(statSync(path.join(out, 'schema.ts')).mtimeMs).toBe(before.mtimeMs);
    writeFileSync(path.join(out, 'mine.ts'), 'export const mine = 1;\n');
    const refused = await cli('--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to replace');
    expect(refused.stderr).toContain('mine.ts');
    expect(readFileSync(path.join(out, 'mine.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });

  test('usage errors exit 2', async () => {
    expect((await cli('--bogus')).code).toBe(2);
    expect((await cli('--check', '--watch')).code).toBe(2);
  });

  test('regenerating gives identical bytes', async () => {
    for (const root of ['examples/rails-app', 'tests/generator/samples/associations']) {
      const a = await generate({root: path.join(ROOT, root), label: root});
      const b = await generate({root: path.join(ROOT, root), label: root});
      expect(b.files).toEqual(a.files);
    }
  });

  test('the CLI (loading the type-stripped generator cache) writes exactly what the generator returns', async () => {
    for (const sample of ['associations', 'loggable', 'model-naming']) {
      const root = `tests/generator/samples/${sample}`;
      const out = path.join(tmp, `cli-${sample}`);
      expect((await cli('--rails', root, '--out', out, '--quiet')).code).toBe(0);
      const result = await generate({root: path.join(ROOT, root), label: root});
      for (const f of result.files) expect(readFileSync(path.join(out, f.path), 'utf8'), `${sample}/${f.path}`).toBe(f.content);
    }
  });

  test("a model edited between runs is parsed again: the CLI's prism parse cache never serves an old file", async () => {
    const root = path.join(tmp, 'edited-app');
    cpSync(path.join(ROOT, 'tests/generator/samples/scopes'), root, {recursive: true});
    rmSync(path.join(root, '_expected'), {recursive: true, force: true});
    const out = path.join(tmp, 'edited-out');
    expect((await cli('--rails', root, '--out', out, '--quiet')).code).toBe(0);
    expect(readFileSync(path.join(out, 'models/ticket.config.ts'), 'utf8')).toContain('open_ones');
    const file = path.join(root, 'app/models/ticket.rb');
    // Same length (and written within the same second), so that only the content tells the two versions apart.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('open_ones', 'open_twos'));
    expect((await cli('--rails', root, '--out', out, '--quiet')).code).toBe(0);
    expect(readFileSync(path.join(out, 'models/ticket.config.ts'), 'utf8')).toContain('open_twos');
    const result = await generate({root, label: path.relative(ROOT, root)});
    for (const f of result.files) expect(readFileSync(path.join(out, f.path), 'utf8'), f.path).toBe(f.content);
  });

  test('rewriteImports touches import statements only, never string literals', () => {
    const js = [
      "import {a} from './a.ts';",
      "export {b} from '../b.ts';",
      'import {',
      '  c,',
      "} from './c.ts';",
      "const line = \"export {schema} from './schema.ts';\";",
      "lines.push(`import {x} from './models/${n}.config.ts';`);",
      "import {z} from 'pkg/z.ts';",
    ].join('\n');
    expect(rewriteImports(js).split('\n')).toEqual([
      "import {a} from './a.js';",
      "export {b} from '../b.js';",
      'import {',
      '  c,',
      "} from './c.js';",
      "const line = \"export {schema} from './schema.ts';\";",
      "lines.push(`import {x} from './models/${n}.config.ts';`);",
      "import {z} from 'pkg/z.ts';",
    ]);
  });

  test('the committed generated/ matches examples/rails-app', async () => {
    const result = await generate({root: path.join(ROOT, 'examples/rails-app'), label: 'examples/rails-app'});
    for (const f of result.files) expect(readFileSync(path.join(ROOT, 'generated', f.path), 'utf8'), f.path).toBe(f.content);
  });
});
