// Fixture-folder tests: each tests/generator/samples/<case>/ holds a small Rails
// app (db/schema.rb, app/models) written for one construct, and `_expected/`
// with the generated files plus `report.txt`. Refresh after an intended change:
//   UPDATE_SAMPLES=1 npx vitest run --project unit tests/generator
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {generate} from '../../src/generator/generate.ts';
import {isGeneratorError} from '../../src/generator/errors/generator-error.ts';

const SAMPLES = path.join(import.meta.dirname, 'samples');
const UPDATE = process.env['UPDATE_SAMPLES'] === '1';

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {withFileTypes: true})
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

async function render(name: string): Promise<Map<string, string>> {
  const root = path.join(SAMPLES, name);
  const out = new Map<string, string>();
  try {
    const result = await generate({root, label: `tests/generator/samples/${name}`});
    for (const f of result.files) out.set(f.path, f.content);
    out.set('report.txt', `${result.report.format({verbose: true})}\n`);
  } catch (error) {
    if (!isGeneratorError(error)) throw error;
    out.set('error.txt', `${error.code}\n${error.message}\n`);
  }
  return out;
}

const cases = readdirSync(SAMPLES, {withFileTypes: true})
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('generator samples', () => {
  test.each(cases)('%s', async (name) => {
    const expectedDir = path.join(SAMPLES, name, '_expected');
    const actual = await render(name);
    if (UPDATE) {
      rmSync(expectedDir, {recursive: true, force: true});
      for (const [file, content] of actual) {
        const target = path.join(expectedDir, file);
        mkdirSync(path.dirname(target), {recursive: true});
        writeFileSync(target, content);
      }
      return;
    }
    expect(listFiles(expectedDir), `files of ${name}; refresh with UPDATE_SAMPLES=1`).toEqual([...actual.keys()].sort());
    for (const [file, content] of actual) {
      expect(content, `${name}/_expected/${file}`).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
    }
  });
});
