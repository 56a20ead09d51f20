// What `npm pack` ships: only what users need, a package.json that resolves
// in every tool (publint, arethetypeswrong), a bin, and no source-only
// condition that could leak into a user's resolution.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {publint} from 'publint';
import {formatMessage} from 'publint/utils';
import {describe, expect, inject, test} from 'vitest';
import {REPO, run} from './user-project.ts';

const {tarball, workDir} = inject('zamPackage');

function tarEntries(): string[] {
  return execFileSync('tar', ['-tzf', tarball], {encoding: 'utf8'})
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

function packedManifest(): {exports: Record<string, Record<string, string> | string>; bin: Record<string, string>; files: string[]; sideEffects: unknown} {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {encoding: 'utf8'})) as ReturnType<typeof packedManifest>;
}

describe('the packed tarball', () => {
  test('holds the built library, its sources for go-to-definition, the README — no tests, fixtures, benchmarks or demo', () => {
    const files = tarEntries();
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/reactive/create-reactive-model.svelte.js');
    expect(files).toContain('dist/cli/main.js');
    const unexpected = files.filter((f) => !/^(dist|src)\//.test(f) && f !== 'package.json' && f !== 'README.md');
    expect(unexpected).toEqual([]);
    const testLike = files.filter((f) => /(\.test(-d)?\.|\.test\.svelte\.|\/testing\/|\/samples\/|\/fixtures?\/|bench|^(dist|src)\/app\/|\/generated\/)/.test(f));
    expect(testLike).toEqual([]);
    // Every JS file is built output: no TypeScript runs from node_modules (Node refuses to strip it there).
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test('built JS and declarations import their siblings as .js (no .ts specifier survives the build)', () => {
    const dir = path.join(workDir, 'unpacked');
    fs.mkdirSync(dir, {recursive: true});
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const offenders: string[] = [];
    for (const entry of fs.readdirSync(path.join(dir, 'package/dist'), {recursive: true, withFileTypes: true})) {
      if (!entry.isFile() || !/\.(js|d\.ts)$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      // Statement-level imports only: the generator's emitters hold `.ts` specifiers inside string literals, as they must.
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (/^(import|export)\b.*\bfrom\s+['"]\.{1,2}\/[^'"]+\.ts['"]/.test(line) || /\bimport\(['"]\.{1,2}\/[^'"]+\.ts['"]\)/.test(line)) {
          offenders.push(`${path.relative(dir, file)}: ${line.trim()}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  test('exports: types first, then svelte (runes flavour) and import; sideEffects false; the bin is built JS', () => {
    const manifest = packedManifest();
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './eslint', './package.json', './server', './svelte']);
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (entry === './package.json') continue;
      const conditions = Object.keys(target as Record<string, string>).filter((c) => c !== 'zam-source');
      expect(conditions[0], entry).toBe('types');
      expect(conditions, entry).toContain('import');
      for (const file of Object.values(target as Record<string, string>).filter((f) => f.startsWith('./dist/'))) {
        expect(tarEntries(), `${entry} → ${file}`).toContain(file.slice(2));
      }
    }
    expect(Object.keys(manifest.exports['./svelte'] as Record<string, string>)).toContain('svelte');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.bin).toEqual({'zero-active-models': './dist/cli/main.js'});
  });

  test('publint finds no errors or warnings', async () => {
    const bytes = fs.readFileSync(tarball);
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const {messages, pkg} = await publint({pack: {tarball: data}, level: 'warning', strict: true});
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  test('arethetypeswrong: every entry resolves with types under node16 (ESM) and bundler resolution', async () => {
    const attw = path.join(REPO, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    // esm-only: the package is ESM (Node ≥ 22, `require(esm)` works); CommonJS-only resolutions are not targets.
    const result = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'table-flipped'], {cwd: workDir});
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('zero-active-models/svelte');
  });
});
