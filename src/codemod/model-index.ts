import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {Node, Project} from 'ts-morph';
import {MigrationInputError} from '../errors/migration-input-error.ts';

/** One generated model as the codemod names it. */
export interface ModelEntry {
  /** Rails class name: `Job` (→ `ActiveJob`, `ReactiveJob`). */
  readonly name: string;
  readonly table: string;
  readonly primaryKey: string;
}

/** The generated models by table name, and where their modules are. */
export interface ModelIndex {
  readonly byTable: ReadonlyMap<string, ModelEntry>;
  /** `<generated>/index.ts` (Active* models) and `<generated>/svelte.ts` (Reactive* models), absolute. */
  readonly activeModule: string;
  readonly reactiveModule: string;
}

/**
 * Reads `<generated>/models/*.config.ts` (what `zero-active-models generate`
 * writes) with ts-morph: each exported config object's `name`, `table` and
 * `primaryKey` literals. Throws with the fix when the directory is not one.
 */
export function readModelIndex(generatedDir: string): ModelIndex {
  const modelsDir = path.join(generatedDir, 'models');
  let files: string[];
  try {
    files = readdirSync(modelsDir).filter((f) => f.endsWith('.config.ts'));
  } catch {
    throw new MigrationInputError(`${modelsDir} does not exist: pass --generated <the directory \`zero-active-models generate --out\` wrote>.`);
  }
  const project = new Project({useInMemoryFileSystem: true});
  const byTable = new Map<string, ModelEntry>();
  for (const file of files) {
    const source = project.createSourceFile(file, readFileSync(path.join(modelsDir, file), 'utf8'));
    for (const declaration of source.getVariableDeclarations()) {
      // `{…} as const satisfies ModelConfig`: look through both.
      let object = declaration.getInitializer();
      while (object !== undefined && (Node.isAsExpression(object) || Node.isSatisfiesExpression(object))) object = object.getExpression();
      if (object === undefined || !Node.isObjectLiteralExpression(object)) continue;
      const literal = (key: string): string | undefined => {
        const property = object.getProperty(key);
        if (property === undefined || !Node.isPropertyAssignment(property)) return undefined;
        const value = property.getInitializer();
        return value !== undefined && Node.isStringLiteral(value) ? value.getLiteralValue() : undefined;
      };
      const name = literal('name');
      const table = literal('table');
      if (name === undefined || table === undefined) continue;
      byTable.set(table, {name, table, primaryKey: literal('primaryKey') ?? 'id'});
    }
  }
  if (byTable.size === 0) throw new MigrationInputError(`${modelsDir} holds no generated model configs: run \`zero-active-models generate\` first, or pass --generated <dir>.`);
  return {byTable, activeModule: path.join(generatedDir, 'index.ts'), reactiveModule: path.join(generatedDir, 'svelte.ts')};
}
