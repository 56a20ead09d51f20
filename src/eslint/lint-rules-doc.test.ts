// docs/lint-rules.md is the rules' documentation: every example in it is
// linted here with the recommended config, so a ✗ example that stops being
// reported (or a ✓ one that starts) fails, and every rule must be documented.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {plugin} from './plugin.ts';
import {lintWithPlugin} from './testing/lint-with-plugin.ts';

const DOC = path.resolve(import.meta.dirname, '../../docs/lint-rules.md');
const text = readFileSync(DOC, 'utf8');

interface Example {
  readonly file: string;
  readonly expect: string | undefined;
  readonly code: string;
  readonly line: number;
}

const examples: Example[] = [...text.matchAll(/^```\w+ file=(\S+)(?: expect=(\S+))?\n([\s\S]*?)^```$/gm)].map((m) => ({
  file: m[1] as string,
  expect: m[2],
  code: m[3] as string,
  line: text.slice(0, m.index).split('\n').length,
}));

describe('docs/lint-rules.md', () => {
  test('documents every rule with a heading, a reported (✗) and an allowed (✓) example', () => {
    for (const rule of Object.keys(plugin.rules)) {
      expect(text, rule).toContain(`\n## ${rule}`);
      expect(examples.some((e) => e.expect === rule), `${rule}: a ✗ example`).toBe(true);
    }
    expect(examples.filter((e) => e.expect === undefined).length).toBeGreaterThanOrEqual(Object.keys(plugin.rules).length);
  });

  test.each(examples.map((e) => [`${e.file} (line ${e.line})${e.expect === undefined ? ' is clean' : ` reports ${e.expect}`}`, e] as const))('%s', (_name, example) => {
    const messages = lintWithPlugin(example.code, example.file);
    expect(messages.filter((m) => m.fatal === true)).toEqual([]);
    const ruleIds = messages.map((m) => m.ruleId);
    if (example.expect === undefined) expect(ruleIds).toEqual([]);
    else expect(ruleIds).toEqual([`zero-active-models/${example.expect}`]);
  });
});
