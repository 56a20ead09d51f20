// Every error the library can throw is part of its public API: exported from
// an entry point with its type guard, with a literal `code` of its own.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import * as main from '../../src/index.ts';
import * as server from '../../src/server/index.ts';

const dir = path.resolve(import.meta.dirname, '../../src/errors');
const entries: Record<string, unknown> = {...main, ...server};

const classes = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .flatMap((file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    return [...text.matchAll(/export (abstract )?class (\w+) extends (\w+)/g)].map((m) => ({
      file,
      name: m[2]!,
      abstract: m[1] !== undefined,
      code: /readonly code = '([a-z_]+)' as const/.exec(text)?.[1],
    }));
  });

describe('public errors', () => {
  test('src/errors holds the error classes (one per file, named after it)', () => {
    expect(classes.length).toBeGreaterThan(20);
    for (const c of classes) expect(c.file).toBe(`${c.name.replace(/[A-Z]/g, (l, i: number) => (i === 0 ? '' : '-') + l.toLowerCase())}.ts`);
  });

  test.each(classes.map((c) => [c.name, c] as const))('%s is exported with its guard and a literal code', (name, c) => {
    const Class = entries[name] as (abstract new (...args: never[]) => Error) | undefined;
    expect(typeof Class).toBe('function');
    const guard = entries[`is${name}`] as ((e: unknown) => boolean) | undefined;
    expect(typeof guard).toBe('function');
    const instance = Object.create(Class!.prototype) as Error;
    expect(guard!(instance)).toBe(true);
    expect(guard!(new Error('plain'))).toBe(false);
    if (!c.abstract) expect(c.code).toMatch(/^[a-z_]+$/);
  });

  test('no two error classes share a code', () => {
    const codes = classes.filter((c) => !c.abstract).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
