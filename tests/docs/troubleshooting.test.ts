// docs/troubleshooting.md lists every error code the library throws and
// every batch rejection code, each under its own heading: a code added to
// src/errors/ without an entry (or an entry for a code that is gone) fails here.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const errorsDir = path.join(ROOT, 'src/errors');
const doc = readFileSync(path.join(ROOT, 'docs/troubleshooting.md'), 'utf8');

/** `code` → class name, from the error classes' literal codes. */
const errorCodes = new Map(
  readdirSync(errorsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((file) => {
      const text = readFileSync(path.join(errorsDir, file), 'utf8');
      const code = /readonly code = '([a-z_]+)' as const/.exec(text)?.[1];
      const name = /export class (\w+) extends/.exec(text)?.[1];
      return code !== undefined && name !== undefined ? [[code, name] as const] : [];
    }),
);
const rejectionSource = readFileSync(path.join(errorsDir, 'batch-rejection.ts'), 'utf8');
const rejectionUnion = /export type BatchRejectionCode =([\s\S]*?);/.exec(rejectionSource)?.[1] ?? '';
const rejectionCodes = [...rejectionUnion.matchAll(/\| '([a-z_]+)'/g)].map((m) => m[1] as string);

const section = (title: string) => {
  const start = doc.indexOf(`\n## ${title}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  return start < 0 ? '' : doc.slice(start, end < 0 ? undefined : end);
};
const headings = (text: string) => [...text.matchAll(/^### `([a-z_]+)`(?: — (\w+))?$/gm)].map((m) => ({code: m[1] as string, name: m[2]}));

describe('docs/troubleshooting.md', () => {
  test('the sources have codes to check (the parse works)', () => {
    expect(errorCodes.size).toBeGreaterThan(25);
    expect(rejectionCodes).toContain('stale_object');
  });

  test('"Error codes": one entry per error class, named after it, and nothing else', () => {
    const entries = headings(section('Error codes'));
    expect(entries.map((e) => e.code).sort()).toEqual([...errorCodes.keys()].sort());
    for (const entry of entries) expect(entry.name, entry.code).toBe(errorCodes.get(entry.code));
  });

  test('"Batch rejection codes": one entry per BatchRejectionCode, and nothing else', () => {
    expect(headings(section('Batch rejection codes')).map((e) => e.code).sort()).toEqual([...rejectionCodes].sort());
  });

  test('every entry says what causes it and what to do', () => {
    const entries = section('Error codes').split('\n### ').slice(1);
    for (const entry of entries) {
      expect(entry, entry.split('\n')[0]).toContain('**Cause**');
      expect(entry, entry.split('\n')[0]).toContain('**Fix**');
    }
  });
});
