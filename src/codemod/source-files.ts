import {readdirSync} from 'node:fs';
import path from 'node:path';

/** Folders never migrated: dependencies, build output, VCS, the generated models, the codemod's own backup. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.svelte-kit', '.vite', 'coverage', '.zero-active-models-backup']);

/** Source files under `dir` the codemod reads (`.ts`, `.js`, `.svelte`, `.svelte.ts`; not `.d.ts`), sorted, skipping `exclude`. */
export function sourceFiles(dir: string, exclude: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !exclude.includes(full)) walk(full);
      } else if (entry.isFile() && /\.(svelte|[cm]?[jt]s)$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return files.sort();
}
