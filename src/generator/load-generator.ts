import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {stripTypeScriptTypes} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

type CliEntry = typeof import('./cli-entry.ts');

const SRC = path.resolve(import.meta.dirname, '..');
const REPO = path.resolve(SRC, '..');

/**
 * The generator's own sources, the generate command around it (so that
 * `scripts/generate.mjs` runs the whole CLI from the cache), and every module
 * they import by a relative path (found from their import lines, so a new
 * import elsewhere in src/ cannot leave the cache incomplete).
 */
function sourceFiles(): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, {withFileTypes: true})) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.add(full);
    }
  };
  walk(path.join(SRC, 'generator'));
  for (const f of ['cli/cli-command.ts', 'cli/generate-command.ts']) out.add(path.join(SRC, f));
  const queue = [...out];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_LINE)) {
      const target = path.resolve(path.dirname(file), m[2]! + '.ts');
      if (!out.has(target)) {
        out.add(target);
        queue.push(target);
      }
    }
  }
  return [...out].sort();
}

/**
 * A static import/re-export of a relative `.ts` module at the start of a line
 * (type-only ones too): group 1 the statement up to the specifier, group 2 the
 * specifier without `.ts`. Both the source walk and rewriteImports use it.
 */
const IMPORT_LINE = /^((?:import|export)\b[^\n'"`]*?\bfrom\s+|\}\s*from\s+)'(\.{1,2}\/[^'\n]+)\.ts';/gm;

/** The cache's entry for `scripts/generate.mjs`: the generate command wired to the cached generator. */
const CLI_MAIN = `import {npmScriptContext} from './cli/cli-command.js';
import {runGenerate} from './cli/generate-command.js';
export function main(argv, cwd, env) {
  return runGenerate(argv, npmScriptContext('generate', cwd, env), {loadGenerator: () => import('./generator/cli-entry.js')});
}
`;

/**
 * \`current.json\`: the cache entry for the sources as they are now, with each
 * source's size and mtime, so that the plain-JS launcher (\`scripts/generate.mjs\`)
 * can check it with one stat per file — no hashing, no TypeScript — and falls
 * back to this loader when any differs.
 */
function writeManifest(root: string, dir: string, files: readonly string[]): void {
  const manifest = {entry: path.join(dir, 'main.js'), files: files.map((f) => {
    const s = statSync(f);
    return [f, s.size, s.mtimeMs];
  })};
  const tmp = path.join(root, `current.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, path.join(root, 'current.json'));
}

/**
 * Loads the generator, type-stripped once and cached as plain JS.
 *
 * Node strips TypeScript on every start with a WASM transformer that is cold
 * each time: ~40 generator files cost 100–250 ms per `npm run generate`, about
 * a third of a 200-table run. The cache lives in node_modules/.cache, keyed by
 * a hash of every source file's path and bytes, so any edit makes a new entry;
 * it is written to a temp dir and renamed, so concurrent runs never see half a
 * cache. Any failure (read-only disk, …) falls back to importing the sources.
 */
export async function loadGenerator(): Promise<CliEntry> {
  try {
    const files = sourceFiles();
    const hash = createHash('sha256');
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    files.forEach((f, i) => hash.update(`${path.relative(SRC, f)}\0${texts[i]}\0`));
    const root = path.join(REPO, 'node_modules', '.cache', 'zam-generator');
    const dir = path.join(root, hash.digest('hex').slice(0, 16));
    const entry = path.join(dir, 'generator', 'cli-entry.js');
    if (!exists(entry)) {
      silenceStripWarning();
      const tmp = `${dir}.tmp-${process.pid}`;
      files.forEach((f, i) => {
        const js = rewriteImports(stripTypeScriptTypes(texts[i]!));
        const target = path.join(tmp, path.relative(SRC, f)).replace(/\.ts$/, '.js');
        mkdirSync(path.dirname(target), {recursive: true});
        writeFileSync(target, js);
      });
      writeFileSync(path.join(tmp, 'package.json'), '{"type": "module"}\n');
      writeFileSync(path.join(tmp, 'main.js'), CLI_MAIN);
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, {recursive: true, force: true});
      }
      // Entries for older sources are never used again.
      for (const old of readdirSync(root)) {
        if (old !== path.basename(dir) && !old.includes('.tmp') && old !== 'current.json') rmSync(path.join(root, old), {recursive: true, force: true});
      }
    }
    writeManifest(root, dir, files);
    return (await import(pathToFileURL(entry).href)) as CliEntry;
  } catch {
    return import('./cli-entry.ts');
  }
}

/**
 * Relative `.ts` specifiers of static imports/re-exports become `.js`. Only
 * statements at the start of a line are touched (`import … from './x.ts';`,
 * `export … from './x.ts';`, and the `} from './x.ts';` closing a multi-line
 * one): the emitters contain the same text inside string literals, which must
 * stay as written. tests/generator/cli.test.ts compares the cached CLI's
 * output with the in-process generator's to keep this honest.
 */
export function rewriteImports(js: string): string {
  return js.replace(IMPORT_LINE, "$1'$2.js';");
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `stripTypeScriptTypes` is marked experimental in Node 22; its one-time warning is noise here. */
function silenceStripWarning(): void {
  const previous = process.listeners('warning');
  process.removeAllListeners('warning');
  const filter = (warning: Error): void => {
    if (warning.name === 'ExperimentalWarning' && warning.message.includes('stripTypeScriptTypes')) return;
    for (const listener of previous) listener(warning);
  };
  process.on('warning', filter);
  setImmediate(() => {
    process.off('warning', filter);
    for (const listener of previous) process.on('warning', listener);
  });
}
