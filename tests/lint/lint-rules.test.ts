// The project's lint must catch what it exists for: a planted violation of
// each rule, linted as if it were in the file it names, is reported.
import path from 'node:path';
import {ESLint} from 'eslint';
import {beforeAll, describe, expect, test, vi} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({cwd: root});

// Type-aware linting builds a TypeScript program on first use: seconds on a busy 2-core machine.
vi.setConfig({testTimeout: 60_000, hookTimeout: 120_000});
beforeAll(async () => {
  await eslint.lintText('export {};\n', {filePath: path.join(root, 'src/contract/batch.ts')});
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {filePath: path.join(root, file)});
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('eslint.config.js', () => {
  test.each([
    ['src/record/relation.ts', "import type {SyncEngine} from '../sync/engine/sync-engine.ts';\nexport type X = SyncEngine;\n"],
    ['src/sync/batch-write.ts', "import type {ModelCore} from '../record/model-core.ts';\nexport type X = ModelCore<object>;\n"],
    ['src/contract/batch.ts', "import {createWritePipeline} from '../pipeline/write-pipeline.ts';\nexport const x = createWritePipeline;\n"],
    ['src/errors/zam-error.ts', "import type {Batch} from '../contract/batch.ts';\nexport type X = Batch;\n"],
    ['src/server/auth.ts', "import {Relation} from '../record/relation.ts';\nexport const x = Relation;\n"],
    ['src/generator/generate.ts', "import {Relation} from '../record/relation.ts';\nexport const x = Relation;\n"],
    ['src/app/session.ts', "import {ZamError} from '../errors/zam-error.ts';\nexport const x = ZamError;\n"],
    ['src/record/relation.ts', "import {Relation} from '../index.ts';\nexport const x = Relation;\n"],
  ])('an import against the layer order in %s is an error', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('import-x/no-restricted-paths');
  });

  test('the layer order allows what it lists (sync → contract, zero → sync)', async () => {
    expect(await ruleIds('src/sync/batch-write.ts', "import type {Batch} from '../contract/batch.ts';\nexport type X = Batch;\n")).toEqual([]);
    expect(await ruleIds('src/zero/build-zql.ts', "import type {BatchWrite} from '../sync/batch-write.ts';\nexport type X = BatchWrite;\n")).toEqual([]);
  });

  test('only src/zero and src/server import @rocicorp/zero', async () => {
    const code = "import {createBuilder} from '@rocicorp/zero';\nexport const x = createBuilder;\n";
    expect(await ruleIds('src/record/relation.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/sync/batch-write.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/cli/console-command.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/zero/build-zql.ts', code)).not.toContain('no-restricted-imports');
  });

  test('a floating promise is an error', async () => {
    const code = 'export async function send(): Promise<void> {}\nexport function loop(): void {\n  send();\n}\n';
    expect(await ruleIds('src/sync/batch-write.ts', code)).toContain('@typescript-eslint/no-floating-promises');
  });

  test('the demo app is linted with the rules users get (zero-active-models/eslint)', async () => {
    const code = "import {ReactiveJob} from '../../generated/svelte.ts';\nexport const jobs = () => ReactiveJob.all();\n";
    expect(await ruleIds('src/app/session.ts', code)).toContain('zero-active-models/reactive-models-in-svelte-only');
    expect(await ruleIds('src/record/relation.ts', code)).not.toContain('zero-active-models/reactive-models-in-svelte-only');
  });
});
