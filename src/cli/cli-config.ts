import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {CliUsageError} from '../errors/cli-usage-error.ts';

/**
 * The project's `zero-active-models.config.{ts,mts,js,mjs,json}`, read by
 * every CLI command from the directory it runs in (or `--config <file>`).
 * Paths are relative to the config file. Flags override it.
 *
 * @example
 * ```ts
 * // zero-active-models.config.ts
 * import type {CliConfig} from 'zero-active-models';
 * export default {rails: '../rails-app', out: 'src/generated'} satisfies CliConfig;
 * ```
 */
export interface CliConfig {
  /** The Rails app root (holding db/schema.rb and app/models). */
  readonly rails?: string | undefined;
  /** Where `generate` writes and `console` reads the generated models (default `generated`). */
  readonly out?: string | undefined;
  /** Skip associations to classes app/models does not define instead of failing. */
  readonly allowUnknownClasses?: boolean | undefined;
  /** The stack `console` connects to. */
  readonly console?:
    | {
        /** zero-cache, e.g. `http://127.0.0.1:4848`. */
        readonly cacheURL?: string | undefined;
        /** The API server, for the development login (`POST /api/login`). */
        readonly apiURL?: string | undefined;
        /** Email to log in as through the development login. */
        readonly user?: string | undefined;
      }
    | undefined;
}

/** A config file found and read. */
export interface LoadedCliConfig {
  readonly file: string;
  /** Directory the config's paths are relative to. */
  readonly dir: string;
  readonly config: CliConfig;
}

/** The names looked for, in this order; two of them side by side is an error. */
export const CLI_CONFIG_FILES = [
  'zero-active-models.config.ts',
  'zero-active-models.config.mts',
  'zero-active-models.config.js',
  'zero-active-models.config.mjs',
  'zero-active-models.config.json',
] as const;

// Validated by hand, not with zod: every CLI start reads the config, and
// loading zod would add ~0.15 s to each `generate`.
const URL_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:']);
const SHAPE: Record<string, 'string' | 'boolean' | 'url' | Record<string, 'string' | 'url'>> = {
  rails: 'string',
  out: 'string',
  allowUnknownClasses: 'boolean',
  console: {cacheURL: 'url', apiURL: 'url', user: 'string'},
};

/** Problems with `value` against SHAPE, each as `path: what is wrong`. */
function configProblems(value: unknown, shape: Record<string, unknown> = SHAPE, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${prefix || '(root)'}: expected an object`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = `${prefix}${key}`;
    const kind = shape[key];
    if (kind === undefined) problems.push(`${at}: unknown key (allowed: ${Object.keys(shape).join(', ')})`);
    else if (v === undefined) continue;
    else if (typeof kind === 'object') problems.push(...configProblems(v, kind as Record<string, unknown>, `${at}.`));
    else if (kind === 'boolean' && typeof v !== 'boolean') problems.push(`${at}: expected true or false`);
    else if (kind !== 'boolean' && (typeof v !== 'string' || v === '')) problems.push(`${at}: expected a non-empty string`);
    else if (kind === 'url' && !(URL.canParse(v as string) && URL_PROTOCOLS.has(new URL(v as string).protocol))) problems.push(`${at}: expected an http(s) or ws(s) URL`);
  }
  return problems;
}

/**
 * Finds and validates the config: `explicit` (a `--config` value, relative
 * to `cwd`) or the one of CLI_CONFIG_FILES in `cwd`; null when there is none.
 * Throws CliUsageError naming the file and the problem.
 */
export async function loadCliConfig(cwd: string, explicit?: string): Promise<LoadedCliConfig | null> {
  let file: string;
  if (explicit !== undefined) {
    file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new CliUsageError(`config file ${explicit} not found.`);
  } else {
    const found = CLI_CONFIG_FILES.filter((name) => existsSync(path.join(cwd, name)));
    if (found.length === 0) return null;
    if (found.length > 1) throw new CliUsageError(`both ${found.join(' and ')} exist in ${cwd}: keep one.`);
    file = path.join(cwd, found[0]!);
  }
  const shown = path.relative(cwd, file) || file;
  const raw = await readConfigFile(file, shown);
  const problems = configProblems(raw).map((p) => `  ${p}`);
  if (problems.length > 0) {
    throw new CliUsageError(
      `${shown} is not a valid zero-active-models config:\n${problems.join('\n')}\n` +
        'Allowed: {rails?: string, out?: string, allowUnknownClasses?: boolean, console?: {cacheURL?, apiURL?, user?}}.',
    );
  }
  return {file, dir: path.dirname(file), config: raw as CliConfig};
}

async function readConfigFile(file: string, shown: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliUsageError(`${shown} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (/\.m?ts$/.test(file) && !(process.features as {typescript?: unknown}).typescript) {
    throw new CliUsageError(
      `${shown} is TypeScript, which this Node (${process.versions.node}) cannot load without flags. ` +
        'Use Node ≥ 22.18, or write the config as zero-active-models.config.json or .js.',
    );
  }
  let module: {default?: unknown};
  try {
    module = (await import(pathToFileURL(file).href)) as {default?: unknown};
  } catch (error) {
    throw new CliUsageError(`${shown} could not be loaded: ${(error as Error).message}`, {cause: error});
  }
  if (module.default === undefined) throw new CliUsageError(`${shown} has no default export: write \`export default {rails: …, out: …}\`.`);
  return module.default;
}

/** A path from the config, resolved against the config's directory, with the label it is shown by. */
export function configPath(loaded: LoadedCliConfig, value: string): {readonly absolute: string; readonly label: string} {
  return {absolute: path.resolve(loaded.dir, value), label: pathLabel(loaded.dir, value)};
}

/**
 * How a path appears in banners and messages: as the user typed it, relative
 * and with `/`, so generated output does not depend on the machine.
 */
export function pathLabel(cwd: string, typed: string): string {
  if (!path.isAbsolute(typed)) return normalizeLabel(typed);
  return path.relative(cwd, typed).split(path.sep).join('/') || '.';
}

function normalizeLabel(typed: string): string {
  return typed.replaceAll('\\', '/').replace(/\/+$/, '').replace(/^(\.\/)+/, '') || '.';
}
