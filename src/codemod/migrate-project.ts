import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createTwoFilesPatch} from 'diff';
import {writeBackup} from './migrate-backup.ts';
import {migrateFile} from './migrate-file.ts';
import {readModelIndex} from './model-index.ts';
import {sourceFiles} from './source-files.ts';

export interface MigrateOptions {
  /** The directory to migrate. */
  readonly dir: string;
  /** The generated models (`zero-active-models generate --out`). */
  readonly generated: string;
  /** Print a unified diff instead of writing. */
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
}

export interface MigrateSummary {
  readonly scanned: number;
  readonly changed: readonly string[];
  /** Files left with `// TODO(zero-active-models):` lines by this run, and how many. */
  readonly todos: ReadonlyMap<string, number>;
  readonly backup: string | undefined;
}

/**
 * Migrates every source file under `dir` (the generated models excepted):
 * one progress line per changed file, then a summary; a dry run prints the
 * unified diff and writes nothing; a real run backs the originals up first.
 */
export function migrateProject(options: MigrateOptions): MigrateSummary {
  const models = readModelIndex(options.generated);
  const files = sourceFiles(options.dir, [path.resolve(options.generated)]);
  const results = new Map<string, {before: string; after: string}>();
  const todos = new Map<string, number>();
  files.forEach((file, index) => {
    const relative = path.relative(options.dir, file);
    const text = readFileSync(file, 'utf8');
    let result;
    try {
      result = migrateFile(file, text, models);
    } catch (error) {
      options.log(`[${index + 1}/${files.length}] ${relative}: not migrated, it does not parse (${(error as Error).message.split('\n')[0]})`);
      return;
    }
    if (result.todos > 0) todos.set(relative, result.todos);
    if (result.after === text) return;
    results.set(relative, {before: text, after: result.after});
    const todoNote = result.todos > 0 ? `, ${result.todos} TODO${result.todos === 1 ? '' : 's'}` : '';
    options.log(`[${index + 1}/${files.length}] ${relative}: ${result.changes} change${result.changes === 1 ? '' : 's'}${todoNote}`);
    if (options.dryRun) options.log(createTwoFilesPatch(`a/${relative}`, `b/${relative}`, text, result.after).trimEnd());
  });
  let backup: string | undefined;
  if (!options.dryRun && results.size > 0) {
    const result = (file: string) => results.get(file) as {before: string; after: string};
    backup = writeBackup(options.dir, [...results.keys()], (file) => result(file).before, (file) => result(file).after);
    for (const [file, {after}] of results) writeFileSync(path.join(options.dir, file), after);
  }
  return {scanned: files.length, changed: [...results.keys()], todos, backup};
}
