import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdir, readdir, readFile, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import type {GeneratedFile} from './emit/emit-context.ts';

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true});
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * True when `dir` holds exactly `files` with exactly their contents. Reading and
 * comparing is much cheaper than writing a tree, renaming it in and removing the
 * old one, and regenerating an unchanged app is the common case (a build step,
 * `npm run generate` after a pull).
 */
export function sameOutput(dir: string, files: readonly GeneratedFile[]): boolean {
  let onDisk: string[];
  try {
    onDisk = readdirSync(dir, {recursive: true, withFileTypes: true})
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  } catch {
    return false;
  }
  if (onDisk.length !== files.length) return false;
  const wanted = new Set(files.map((f) => f.path));
  if (!onDisk.every((p) => wanted.has(p))) return false;
  return files.every((f) => readFileSync(path.join(dir, ...f.path.split('/')), 'utf8') === f.content);
}

/**
 * Writes the files into a sibling temp directory, then swaps it in with two
 * renames, so a crash or error mid-write never leaves a half-written output:
 * the previous directory stays until the new one is complete. When the
 * directory already holds exactly these files, nothing is written (returns false).
 */
export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<boolean> {
  const resolved = path.resolve(outDir);
  if (sameOutput(resolved, files)) return false;
  const tmp = `${resolved}.tmp-${process.pid}`;
  const old = `${resolved}.old-${process.pid}`;
  await rm(tmp, {recursive: true, force: true});
  // Synchronous writes: hundreds of small files are faster without a promise per file.
  const made = new Set<string>();
  for (const f of files) {
    const target = path.join(tmp, ...f.path.split('/'));
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, {recursive: true});
      made.add(dir);
    }
    writeFileSync(target, f.content);
  }
  await mkdir(tmp, {recursive: true});
  let hadPrevious = true;
  try {
    await rename(resolved, old);
  } catch {
    hadPrevious = false;
  }
  await rename(tmp, resolved);
  if (hadPrevious) await rm(old, {recursive: true, force: true});
  return true;
}

export interface OutputDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly {readonly path: string; readonly line: number}[];
}

/** Compares generated files with what is on disk (for `--check`). */
export async function diffOutput(outDir: string, files: readonly GeneratedFile[]): Promise<OutputDiff> {
  const onDisk = new Set(await listFiles(outDir));
  const added: string[] = [];
  const changed: {path: string; line: number}[] = [];
  for (const f of files) {
    if (!onDisk.has(f.path)) {
      added.push(f.path);
      continue;
    }
    onDisk.delete(f.path);
    const current = await readFile(path.join(outDir, ...f.path.split('/')), 'utf8');
    if (current !== f.content) {
      const a = current.split('\n');
      const b = f.content.split('\n');
      let line = 0;
      while (line < a.length && line < b.length && a[line] === b[line]) line++;
      changed.push({path: f.path, line: line + 1});
    }
  }
  return {added, removed: [...onDisk].sort(), changed};
}

export function isClean(diff: OutputDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
