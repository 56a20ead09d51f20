import {cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Where `migrate` keeps the files it changed, inside the migrated directory (add it to .gitignore, or delete it once happy). */
export const BACKUP_DIR = '.zero-active-models-backup';

interface Manifest {
  readonly version: 1;
  readonly createdAt: string;
  /** Paths relative to the migrated directory. */
  readonly files: readonly string[];
}

/** Saves the originals of `files` (relative to `dir`) before they are rewritten, replacing an older backup. */
export function writeBackup(dir: string, files: readonly string[], read: (file: string) => string): string {
  const root = path.join(dir, BACKUP_DIR);
  rmSync(root, {recursive: true, force: true});
  for (const file of files) {
    const target = path.join(root, 'files', file);
    mkdirSync(path.dirname(target), {recursive: true});
    writeFileSync(target, read(file));
  }
  const manifest: Manifest = {version: 1, createdAt: new Date().toISOString(), files};
  writeFileSync(path.join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return root;
}

/** Puts the backed-up files back and removes the backup; undefined when there is none. */
export function restoreBackup(dir: string): readonly string[] | undefined {
  const root = path.join(dir, BACKUP_DIR);
  const manifestFile = path.join(root, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  for (const file of manifest.files) cpSync(path.join(root, 'files', file), path.join(dir, file));
  rmSync(root, {recursive: true, force: true});
  return manifest.files;
}
