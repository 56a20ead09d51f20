import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {isCliUsageError} from '../errors/cli-usage-error.ts';
import {configPath, loadCliConfig} from './cli-config.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-cli-config-'));
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(isCliUsageError(error), String(error)).toBe(true);
  return (error as Error).message;
}

describe('loadCliConfig', () => {
  test('none in the directory: null', async () => {
    expect(await loadCliConfig(project({}))).toBeNull();
  });

  test('a TypeScript config (default export) is loaded; its paths resolve against its directory', async () => {
    const dir = project({'zero-active-models.config.ts': "export default {rails: '../rails-app', out: 'src/generated'} satisfies {rails: string};\n"});
    const loaded = await loadCliConfig(dir);
    expect(loaded?.config).toEqual({rails: '../rails-app', out: 'src/generated'});
    expect(configPath(loaded!, loaded!.config.out!)).toEqual({absolute: path.join(dir, 'src/generated'), label: 'src/generated'});
  });

  test('--config names another file, relative to the working directory', async () => {
    const dir = project({'other.json': '{"rails": "app"}'});
    expect((await loadCliConfig(tmp, path.relative(tmp, path.join(dir, 'other.json'))))?.config).toEqual({rails: 'app'});
    expect(await usageError(loadCliConfig(dir, 'missing.json'))).toContain('missing.json not found');
  });

  test('unknown keys, wrong types, bad URLs, bad JSON, no default export and two configs are usage errors naming the problem', async () => {
    expect(await usageError(loadCliConfig(project({'zero-active-models.config.json': '{"rail": "x", "out": 3}'})))).toMatch(/rail[\s\S]*out/);
    expect(await usageError(loadCliConfig(project({'zero-active-models.config.json': '{"console": {"cacheURL": "localhost"}}'})))).toContain('console.cacheURL');
    expect(await usageError(loadCliConfig(project({'zero-active-models.config.json': '{rails: x}'})))).toContain('is not valid JSON');
    expect(await usageError(loadCliConfig(project({'zero-active-models.config.mjs': 'export const rails = "x";\n'})))).toContain('no default export');
    const both = project({'zero-active-models.config.json': '{}', 'zero-active-models.config.js': 'export default {};\n'});
    expect(await usageError(loadCliConfig(both))).toContain('keep one');
  });
});
