import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadPrism} from '@ruby/prism';
import {afterAll, describe, expect, test} from 'vitest';
import {PrismParseCache} from './prism-parse-cache.ts';
import {parseRuby} from './ruby-source.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../tests/generator/samples');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'zam-prism-cache-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** Ruby files of a few samples: schema.rb and every model. */
function rubyFiles(): {file: string; text: string}[] {
  const out: {file: string; text: string}[] = [];
  for (const sample of ['associations', 'scopes-sql', 'validations-methods', 'namespaces', 'inflections']) {
    const root = path.join(SAMPLES, sample);
    out.push({file: `${sample}/db/schema.rb`, text: readFileSync(path.join(root, 'db/schema.rb'), 'utf8')});
    for (const rel of readdirSync(path.join(root, 'app/models'), {recursive: true}) as string[]) {
      if (rel.endsWith('.rb')) out.push({file: `${sample}/${rel}`, text: readFileSync(path.join(root, 'app/models', rel), 'utf8')});
    }
  }
  return out;
}

/**
 * Everything a tree says: each node's class, its fields (locations included) and
 * every flag predicate (`isSafeNavigation()`, …: the flags are private fields).
 */
function signature(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? `${value}n` : value;
  if (Array.isArray(value)) return value.map(signature);
  if (ArrayBuffer.isView(value)) return [...(value as Uint8Array)];
  const out: Record<string, unknown> = {class: value.constructor.name};
  for (const [k, v] of Object.entries(value)) out[k] = signature(v);
  const proto = Object.getPrototypeOf(value) as object;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = (value as Record<string, unknown>)[name];
    if (/^is[A-Z]/.test(name) && typeof method === 'function' && method.length === 0) out[name] = (method as () => unknown).call(value);
  }
  return out;
}

describe('PrismParseCache and the serializer behind it', () => {
  test("parsing through the serializer gives prism's own tree for every sample file", async () => {
    const prismParse = await loadPrism();
    const files = rubyFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const ours = await parseRuby(f.file, f.text);
      expect(signature(ours.statements), f.file).toEqual(signature(prismParse(f.text).value.statements.body));
    }
  });

  test('a saved cache gives the same trees without parsing again; a changed text is a miss', async () => {
    const dir = path.join(tmp, 'roundtrip');
    const files = rubyFiles();
    const first = PrismParseCache.load(dir);
    const parsed = [];
    for (const f of files) parsed.push(await parseRuby(f.file, f.text, first));
    first.save();

    const second = PrismParseCache.load(dir);
    for (const [i, f] of files.entries()) {
      expect(second.get(PrismParseCache.keyOf(f.text)), f.file).toBeDefined();
      const again = await parseRuby(f.file, f.text, second);
      expect(signature(again.statements), f.file).toEqual(signature(parsed[i]!.statements));
      expect(again.lineOf(again.statements.at(-1)!)).toBe(parsed[i]!.lineOf(parsed[i]!.statements.at(-1)!));
    }
    const edited = `${files[1]!.text}\n# edited\n`;
    expect(second.get(PrismParseCache.keyOf(edited))).toBeUndefined();
  });

  test('a damaged or foreign cache file is ignored, and a run with only hits does not rewrite it', async () => {
    const dir = path.join(tmp, 'damaged');
    const file = {file: 'm.rb', text: 'class M < ApplicationRecord\n  has_many :items\nend\n'};
    const cache = PrismParseCache.load(dir);
    await parseRuby(file.file, file.text, cache);
    cache.save();
    const bin = path.join(dir, 'prism-parse.bin');
    const good = readFileSync(bin);

    writeFileSync(bin, good.subarray(0, good.length - 3));
    expect(PrismParseCache.load(dir).get(PrismParseCache.keyOf(file.text))).toBeUndefined();
    writeFileSync(bin, Buffer.concat([Buffer.from('zam prism cache 1 0.0.0\n'), good.subarray(good.indexOf(10) + 1)]));
    expect(PrismParseCache.load(dir).get(PrismParseCache.keyOf(file.text))).toBeUndefined();

    // Intact framing, damaged bytes: the entry is parsed again and replaced.
    const damaged = Buffer.from(good);
    damaged.fill(0xff, damaged.length - 40);
    writeFileSync(bin, damaged);
    const repaired = PrismParseCache.load(dir);
    expect(repaired.get(PrismParseCache.keyOf(file.text))).toBeDefined();
    expect((await parseRuby(file.file, file.text, repaired)).statements).toHaveLength(1);
    repaired.save();
    expect(readFileSync(bin).equals(good)).toBe(true);

    writeFileSync(bin, good);
    const hits = PrismParseCache.load(dir);
    const source = await parseRuby(file.file, file.text, hits);
    expect(source.statements).toHaveLength(1);
    writeFileSync(bin, Buffer.concat([good, Buffer.from('not rewritten')]));
    hits.save();
    expect(readFileSync(bin).subarray(good.length).toString()).toBe('not rewritten');
  });
});
