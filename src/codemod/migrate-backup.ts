import {createHash} from 'node:crypto';
import {cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {MigrationInputError} from '../errors/migration-input-error.ts';

/** Where `migrate` keeps the files it changed, inside the migrated directory (add it to .gitignore, or delete it once happy). */
export const BACKUP_DIR = '.zero-active-models-backup';

interface Manifest {
  readonly version: 1;
  readonly createdAt: string;
  /** Paths relative to the migrated directory. */
  readonly files: readonly string[];
  /** sha256 of each file as the migration wrote it: a rollback never overwrites an edit made since. */
  readonly written: Readonly<Record<string, string>>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Saves the originals of `files` (relative to `dir`) before they are rewritten, replacing an older backup; `written` gives each file's new text. */
export function writeBackup(dir: string, files: readonly string[], read: (file: string) => string, written: (file: string) => string): string {
  const root = path.join(dir, BACKUP_DIR);
  rmSync(root, {recursive: true, force: true});
  for (const file of files) {
    const target = path.join(root, 'files', file);
    mkdirSync(path.dirname(target), {recursive: true});
    writeFileSync(target, read(file));
  }
  const manifest: Manifest = {version: 1, createdAt: new Date().toISOString(), files, written: Object.fromEntries(files.map((f) => [f, sha256(written(f))]))};
  writeFileSync(path.join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return root;
}

/**
 * Puts the backed-up files back and removes the backup; undefined when there
 * is none. Refuses (MigrationInputError) when a file was edited since the
 * migration wrote it, unless `force`: that edit would be lost.
 */
export function restoreBackup(dir: string, force = false): readonly string[] | undefined {
  const root = path.join(dir, BACKUP_DIR);
  const manifestFile = path.join(root, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const edited = manifest.files.filter((file) => {
    const current = path.join(dir, file);
    return existsSync(current) && sha256(readFileSync(current, 'utf8')) !== manifest.written[file];
  });
  if (edited.length > 0 && !force) {
    throw new MigrationInputError(`${edited.join(', ')} changed since the migration wrote ${edited.length === 1 ? 'it' : 'them'}; rolling back would lose that edit. Pass --force to restore the originals anyway.`);
  }
  for (const file of manifest.files) cpSync(path.join(root, 'files', file), path.join(dir, file));
  rmSync(root, {recursive: true, force: true});
  return manifest.files;
}
