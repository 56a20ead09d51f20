import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {SchemaMissingError} from './errors/schema-missing-error.ts';

export interface AppFiles {
  /** `<label>/db/schema.rb` → text. */
  readonly schema: {readonly file: string; readonly text: string};
  /** Model files (app/models/**.rb, concerns included), sorted by path. */
  readonly models: readonly {readonly file: string; readonly text: string}[];
  /** config/initializers/*.rb files that declare inflections (`inflections.rb` in a new app). */
  readonly initializers: readonly {readonly file: string; readonly text: string}[];
  /**
   * Files outside app/models that define constants a validation may name: config/application.rb,
   * config/initializers/*.rb, and what Zeitwerk autoloads — lib/**.rb and every other app/ directory
   * (app/modules, app/validators, …; not views, assets, javascript) — those with a `NAME =` line
   * (a cheap filter; prism decides what is a constant).
   */
  readonly constantFiles: readonly {readonly file: string; readonly text: string}[];
  /** sha256 over every input's label path and bytes: the banner's input hash. */
  readonly hash: string;
}

/** app/ directories whose .rb files hold no constants Rails autoloads (models are read apart). */
const NOT_AUTOLOADED = new Set(['models', 'views', 'assets', 'javascript']);

function listRuby(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, {withFileTypes: true});
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listRuby(full));
    else if (e.isFile() && e.name.endsWith('.rb')) out.push(full);
  }
  return out;
}

/**
 * Reads the inputs of one Rails app. `label` is how paths appear in messages
 * and banners (the --rails argument as typed), so output does not depend on
 * where the repository is checked out.
 *
 * Synchronous reads: an app is a few hundred small files, and a promise per
 * file (open, stat, read, close through libuv's thread pool) made reading a
 * 200-model app ~30 ms instead of a few.
 */
export async function readApp(root: string, label: string): Promise<AppFiles> {
  const schemaPath = path.join(root, 'db', 'schema.rb');
  const schemaLabel = `${label}/db/schema.rb`;
  try {
    if (!statSync(schemaPath).isFile()) throw new SchemaMissingError(schemaLabel);
  } catch (error) {
    if (error instanceof SchemaMissingError) throw error;
    throw new SchemaMissingError(schemaLabel);
  }
  const modelsDir = path.join(root, 'app', 'models');
  const modelPaths = listRuby(modelsDir).map((p) => path.relative(root, p).split(path.sep).join('/')).sort();
  const schema = {file: schemaLabel, text: readFileSync(schemaPath, 'utf8')};
  const models = modelPaths.map((rel) => ({file: `${label}/${rel}`, text: readFileSync(path.join(root, rel), 'utf8')}));
  // Only initializers that mention inflections are parsed: the others configure gems.
  const initializerDir = path.join(root, 'config', 'initializers');
  const initializerPaths = listRuby(initializerDir).map((p) => path.relative(root, p).split(path.sep).join('/')).sort();
  const readRel = (rel: string) => ({file: `${label}/${rel}`, text: readFileSync(path.join(root, rel), 'utf8')});
  const allInitializers = initializerPaths.map(readRel);
  const initializers = allInitializers.filter((f) => f.text.includes('inflections'));
  const relative = (p: string): string => path.relative(root, p).split(path.sep).join('/');
  const libPaths = listRuby(path.join(root, 'lib')).map(relative).sort();
  let application: string[] = [];
  try {
    if (statSync(path.join(root, 'config', 'application.rb')).isFile()) application = ['config/application.rb'];
  } catch {
    // no config/application.rb: nothing to read
  }
  let appDirs: string[] = [];
  try {
    appDirs = readdirSync(path.join(root, 'app'), {withFileTypes: true}).filter((e) => e.isDirectory() && !NOT_AUTOLOADED.has(e.name)).map((e) => e.name).sort();
  } catch {
    // no app/: nothing autoloaded
  }
  const autoloaded = appDirs.flatMap((dir) => listRuby(path.join(root, 'app', dir)).map(relative).sort());
  const definesConstant = /^[ \t]*[A-Z][A-Za-z0-9_]*[ \t]*=[^=~]/m;
  const constantFiles = [...[...application, ...libPaths, ...autoloaded].map(readRel), ...allInitializers].filter((f) => definesConstant.test(f.text));
  const hash = createHash('sha256');
  const hashed = new Set<string>();
  for (const f of [schema, ...models, ...initializers, ...constantFiles]) {
    if (hashed.has(f.file)) continue;
    hashed.add(f.file);
    hash.update(`${f.file.slice(label.length + 1)}\0${f.text}\0`);
  }
  return {schema, models, initializers, constantFiles, hash: hash.digest('hex')};
}
