// Every `ts` and `svelte` example in the guides (docs/*.md) is extracted and
// type-checked, as a user's project would check it (svelte-check, strict, the
// models generated from examples/rails-app), so no guide drifts from the API.
// docs/lint-rules.md's examples are linted instead (src/eslint/lint-rules-doc.test.ts).
import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test, vi} from 'vitest';

vi.setConfig({testTimeout: 180_000});

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCS = path.join(ROOT, 'docs');
const work = path.join(ROOT, '.tmp', `docs-examples-${process.pid}`);
afterAll(() => rmSync(work, {recursive: true, force: true}));

interface Example {
  readonly guide: string;
  /** Line in the guide where the example's code starts. */
  readonly line: number;
  readonly lang: 'ts' | 'svelte';
  readonly code: string;
  readonly file: string;
}

const guides = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'lint-rules.md').sort();
const examples: Example[] = guides.flatMap((guide) => {
  const text = readFileSync(path.join(DOCS, guide), 'utf8');
  return [...text.matchAll(/^```(ts|svelte)\n([\s\S]*?)^```$/gm)].map((m, i) => ({
    guide,
    line: text.slice(0, m.index).split('\n').length + 1,
    lang: m[1] as 'ts' | 'svelte',
    code: m[2] as string,
    file: `${guide.replace(/\.md$/, '')}-${i + 1}.${m[1] === 'svelte' ? 'svelte' : 'ts'}`,
  }));
});

describe('the guides’ code examples', () => {
  test('there are examples in the guides that teach the API', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    for (const guide of ['getting-started.md', 'model-flavours.md', 'writes.md', 'offline.md', 'server.md']) {
      expect(examples.some((e) => e.guide === guide), guide).toBe(true);
    }
  });

  test('every example type-checks (svelte-check over the generated models)', () => {
    rmSync(work, {recursive: true, force: true});
    mkdirSync(work, {recursive: true});
    symlinkSync(path.join(ROOT, 'generated'), path.join(work, 'generated'), 'dir');
    for (const example of examples) writeFileSync(path.join(work, example.file), example.code);
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          moduleDetection: 'force',
          customConditions: ['zam-source'],
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          strict: true,
          verbatimModuleSyntax: true,
          allowImportingTsExtensions: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['*.ts', '*.svelte'],
      }),
    );
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/svelte-check/bin/svelte-check'), '--workspace', work, '--tsconfig', path.join(work, 'tsconfig.json'), '--output', 'machine'], {
      cwd: work,
      encoding: 'utf8',
    });
    // `<time> ERROR "<file>" <line>:<col> "<message>"` → the guide's own line.
    const problems = result.stdout
      .split('\n')
      .flatMap((line) => {
        const m = /^\d+ (ERROR|WARNING) "([^"]+)" (\d+):(\d+) (.*)$/.exec(line);
        if (m === null) return [];
        const example = examples.find((e) => e.file === path.basename(m[2] as string));
        return [example === undefined ? `${m[2]}:${m[3]} ${m[5]}` : `docs/${example.guide}:${example.line + Number(m[3]) - 1} ${m[1]} ${m[5]}`];
      });
    expect(problems).toEqual([]);
    expect(result.stdout).toMatch(/COMPLETED \d+ FILES 0 ERRORS/);
  });
});
