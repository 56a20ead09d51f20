// The generated TypeScript must compile under the project's strict settings,
// importing the runtime by package name ('zero-active-models') exactly as a
// user's app would. Checks the committed example output and the richest samples.
import {execFile} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIRS = ['generated', 'tests/generator/samples/loggable/_expected', 'tests/generator/samples/associations/_expected', 'tests/generator/samples/column-types/_expected', 'tests/generator/samples/model-naming/_expected', 'tests/generator/samples/scopes-sql/_expected', 'tests/generator/samples/validations-conditional/_expected', 'tests/generator/samples/namespaces/_expected', 'tests/generator/samples/inflections/_expected'];

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

test('generated output type-checks with tsc --noEmit (strict)', async () => {
  const files = [...DIRS.flatMap(tsFiles), 'tests/generator/row-types.typecheck.ts'];
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const flags = [
    '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--verbatimModuleSyntax', '--erasableSyntaxOnly',
    '--allowImportingTsExtensions', '--isolatedModules', '--skipLibCheck', '--target', 'ES2023', '--module', 'ESNext',
    '--moduleResolution', 'Bundler', '--customConditions', 'zam-source', '--lib', 'ES2023,DOM', '--types', 'node',
  ];
  let output = '';
  try {
    await promisify(execFile)(process.execPath, [tsc, ...flags, ...files], {cwd: ROOT});
  } catch (error) {
    output = String((error as {stdout?: string}).stdout ?? error);
  }
  expect(output).toBe('');
}, 120_000);
