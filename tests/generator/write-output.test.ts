import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {writeOutput} from '../../src/generator/write-output.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

function outDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zam-write-output-'));
  dirs.push(dir);
  return path.join(dir, 'generated');
}

const files = [
  {path: 'schema.ts', content: 'export const a = 1;\n'},
  {path: 'models/job.config.ts', content: 'export const job = {};\n'},
];

describe('writeOutput', () => {
  test('an output that already holds exactly these files is left alone (same directory, nothing rewritten)', async () => {
    const out = outDir();
    expect(await writeOutput(out, files)).toBe(true);
    const before = statSync(out).ino;
    const fileBefore = statSync(path.join(out, 'schema.ts')).mtimeMs;
    expect(await writeOutput(out, files)).toBe(false);
    expect(statSync(out).ino).toBe(before);
    expect(statSync(path.join(out, 'schema.ts')).mtimeMs).toBe(fileBefore);
  });

  test('a changed, missing or extra file swaps in a complete new directory', async () => {
    const out = outDir();
    await writeOutput(out, files);
    const changed = [files[0]!, {path: 'models/job.config.ts', content: 'export const job = {v: 2};\n'}];
    expect(await writeOutput(out, changed)).toBe(true);
    expect(readFileSync(path.join(out, 'models/job.config.ts'), 'utf8')).toBe(changed[1]!.content);
    writeFileSync(path.join(out, 'stray.ts'), '');
    expect(await writeOutput(out, changed)).toBe(true);
    expect(() => statSync(path.join(out, 'stray.ts'))).toThrow();
    expect(await writeOutput(out, [files[0]!])).toBe(true);
    expect(() => statSync(path.join(out, 'models/job.config.ts'))).toThrow();
  });
});
