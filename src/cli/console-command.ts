import {decodeJwt} from 'jose';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import repl from 'node:repl';
import {parseArgs} from 'node:util';
import {pathToFileURL} from 'node:url';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {CliUsageError, isCliUsageError} from '../errors/cli-usage-error.ts';
import {createActiveModel} from '../record/create-active-model.ts';
import {establishConnection, removeConnection} from '../record/establish-connection.ts';
import {connectModels} from '../zero/connect-models.ts';
import type {ModelQueries} from '../zero/model-queries.ts';
import {createZamClient, type ZamClient, type ZamClientOptions} from '../zero/zam-client.ts';
import type {CliContext} from './cli-command.ts';
import {configPath, loadCliConfig} from './cli-config.ts';

/** Defaults a caller can set for its own stack (this repository's `npm run console` sets the `npm start` ones). */
export interface ConsoleCommandOptions {
  readonly defaults?: {readonly cacheURL?: string; readonly apiURL?: string; readonly user?: string};
}

const OPTIONS = {
  cache: {type: 'string'},
  api: {type: 'string'},
  user: {type: 'string'},
  token: {type: 'string'},
  generated: {type: 'string'},
  config: {type: 'string'},
  help: {type: 'boolean', short: 'h', default: false},
} as const;

function usage(program: string): string {
  return `usage: ${program} [--cache <url>] [--user <email> [--api <url>] | --token <jwt>] [--generated <dir>] [--config <file>]
  A REPL in the spirit of \`rails console\`: every generated model preloaded by its Rails name
  (Job, also ActiveJob), connected to zero-cache as one user. Top-level await works;
  reload() re-imports the generated models after \`generate\`.
  --cache      zero-cache URL (env ZAM_CACHE_URL, config console.cacheURL; default http://127.0.0.1:4848)
  --token      a token your API server accepts (env ZAM_TOKEN); the user is its \`sub\`
  --user       log in through the API server's development login instead (env ZAM_USER, config console.user)
  --api        API server URL for that login (env ZAM_API_URL, config console.apiURL; default http://127.0.0.1:4850)
  --generated  the generated models to load (default: config \`out\`, else generated)
  Exit codes: 0 after .exit, 1 cannot connect or log in (the message says why), 2 usage.`;
}

interface ConsoleSettings {
  readonly cacheURL: string;
  readonly apiURL: string;
  readonly identity: {readonly token: string} | {readonly email: string};
  readonly generatedDir: string;
}

async function settingsFrom(argv: readonly string[], context: CliContext, options: ConsoleCommandOptions): Promise<ConsoleSettings | 'help'> {
  let args;
  try {
    args = parseArgs({args: [...argv], options: OPTIONS, strict: true, allowPositionals: false}).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (args.help) return 'help';
  const loaded = await loadCliConfig(context.cwd, args.config);
  const env = context.env;
  const consoleConfig = loaded?.config.console;
  const token = args.token ?? env.ZAM_TOKEN;
  const email = args.user ?? env.ZAM_USER ?? consoleConfig?.user ?? options.defaults?.user;
  if (args.token !== undefined && args.user !== undefined) throw new CliUsageError('pass either --token or --user, not both.');
  if (token === undefined && email === undefined) {
    throw new CliUsageError('who are you? Pass --token <jwt> (a token your API server accepts), or --user <email> for the development login.');
  }
  let generatedDir: string;
  if (args.generated !== undefined) generatedDir = path.resolve(context.cwd, args.generated);
  else if (loaded?.config.out !== undefined) generatedDir = configPath(loaded, loaded.config.out).absolute;
  else generatedDir = path.resolve(loaded?.dir ?? context.cwd, 'generated');
  return {
    cacheURL: args.cache ?? env.ZAM_CACHE_URL ?? consoleConfig?.cacheURL ?? options.defaults?.cacheURL ?? 'http://127.0.0.1:4848',
    apiURL: args.api ?? env.ZAM_API_URL ?? consoleConfig?.apiURL ?? options.defaults?.apiURL ?? 'http://127.0.0.1:4850',
    identity: token !== undefined && args.user === undefined ? {token} : {email: email!},
    generatedDir,
  };
}

/** A failure to reach or log in to the stack: printed, exit 1. */
type Failure = {readonly failed: string};

async function identify(settings: ConsoleSettings): Promise<{userID: string; token: string; who: string} | Failure> {
  if ('token' in settings.identity) {
    const {token} = settings.identity;
    let sub: unknown;
    try {
      sub = decodeJwt(token).sub;
    } catch {
      return {failed: 'The token is not a JWT. Pass the token your API server issues (--token or ZAM_TOKEN).'};
    }
    if (typeof sub !== 'string' || sub === '') return {failed: 'The token has no subject (`sub`): it must name the user.'};
    return {userID: sub, token, who: `user ${sub}`};
  }
  const {email} = settings.identity;
  let res: Response;
  try {
    res = await fetch(`${settings.apiURL}/api/login`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({email}),
    });
  } catch {
    return {failed: `No API server at ${settings.apiURL}. Start your stack (in this repository: \`npm start\`), or pass --api / --cache (ZAM_API_URL / ZAM_CACHE_URL).`};
  }
  const body = (await res.json().catch(() => ({}))) as {userID?: string; token?: string; message?: string};
  if (!res.ok || !body.userID || !body.token) {
    const reason = res.status === 404 ? 'this API server has no development login; pass --token instead' : (body.message ?? `HTTP ${res.status}`);
    return {failed: `Login as ${email} failed: ${reason}.`};
  }
  return {userID: body.userID, token: body.token, who: email};
}

type Schema = ZamClientOptions['schema'];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated queries are typed by the generated schema, unknown here
type Generated = {schema: Schema; models: Record<string, ModelConfig>; activityLog: ActivityLogConfig; queries: ModelQueries<any, unknown>};

let generation = 0;
/** Imports the generated modules afresh (a query string makes Node load new module instances). */
async function importGenerated(dir: string): Promise<Generated | Failure> {
  let configFiles: string[];
  try {
    configFiles = readdirSync(path.join(dir, 'models')).filter((f) => f.endsWith('.config.ts')).sort();
  } catch {
    return {failed: `No generated models in ${dir}. Run \`zero-active-models generate\` first, or pass --generated <dir>.`};
  }
  if (!(process.features as {typescript?: unknown}).typescript) {
    return {failed: `The generated models are TypeScript, which this Node (${process.versions.node}) cannot load: use Node ≥ 22.18.`};
  }
  const v = `?v=${generation++}`;
  const load = async (file: string) => (await import(pathToFileURL(path.join(dir, file)).href + v)) as Record<string, unknown>;
  try {
    return await loadGenerated(load, configFiles);
  } catch (error) {
    // The generated files import `zero-active-models` by name: a project where that does not resolve
    // (not installed, or its build missing) gets the fix, not a stack trace from Node's loader.
    const code = (error as {code?: unknown} | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return {failed: `The generated models in ${dir} could not be loaded: ${(error as Error).message}. Install zero-active-models in this project (npm install zero-active-models), or in its own repository run \`npm run console\` (it loads the sources).`};
    }
    throw error;
  }
}

async function loadGenerated(load: (file: string) => Promise<Record<string, unknown>>, configFiles: readonly string[]): Promise<Generated> {
  const {schema} = (await load('schema.ts')) as {schema: Schema};
  const {ACTIVITY_LOG} = (await load('loggable.ts')) as {ACTIVITY_LOG: ActivityLogConfig};
  // The generated queries (`generated/queries.ts`), so the console reads through exactly what the app registers.
  const {modelQueries} = (await load('queries.ts')) as {modelQueries: Generated['queries']};
  const models: Record<string, ModelConfig> = {};
  for (const file of configFiles) {
    for (const value of Object.values(await load(`models/${file}`))) {
      const config = value as Partial<ModelConfig> | null;
      if (config && typeof config === 'object' && typeof config.table === 'string' && config.columns) models[config.table] = config as ModelConfig;
    }
  }
  return {schema, models, activityLog: ACTIVITY_LOG, queries: modelQueries};
}

/**
 * `zero-active-models console`: a Node REPL with every generated model
 * preloaded (`Job`, also `ActiveJob`), connected to the user's zero-cache as
 * one user. Records print like Rails (`#<Job id: "…", title: "…">`).
 */
export async function runConsole(argv: readonly string[], context: CliContext, options: ConsoleCommandOptions = {}): Promise<number> {
  let settings: ConsoleSettings | 'help';
  try {
    settings = await settingsFrom(argv, context, options);
  } catch (error) {
    if (!isCliUsageError(error)) throw error;
    console.error(`${error.message}\n${usage(context.program)}`);
    return 2;
  }
  if (settings === 'help') {
    console.log(usage(context.program));
    return 0;
  }
  const {cacheURL, apiURL, generatedDir} = settings;

  let client: ZamClient | null = null;
  let modelNames: string[] = [];
  let who = '';
  async function connect(server: repl.REPLServer | null): Promise<Record<string, unknown> | Failure> {
    const identity = await identify(settings as ConsoleSettings);
    if ('failed' in identity) return identity;
    who = identity.who;
    const gen = await importGenerated(generatedDir);
    if ('failed' in gen) return gen;
    await client?.close();
    client = createZamClient({cacheURL, userID: identity.userID, auth: identity.token, schema: gen.schema, models: gen.models, activityLog: gen.activityLog, kvStore: 'mem'});
    establishConnection(connectModels(client, {queries: gen.queries, models: gen.models, activityLog: gen.activityLog}));
    const bindings: Record<string, unknown> = {zero: client.zero, zam: client, currentUser: {id: identity.userID, email: 'email' in (settings as ConsoleSettings).identity ? who : undefined}};
    for (const name of modelNames) if (server) delete server.context[name];
    modelNames = [];
    for (const config of Object.values(gen.models)) {
      const model = createActiveModel(config); // deps from establishConnection
      bindings[config.className] = model;
      bindings[`Active${config.className}`] = model;
      modelNames.push(config.className, `Active${config.className}`);
    }
    if (server) Object.assign(server.context, bindings);
    return bindings;
  }

  const connected = await connect(null);
  if ('failed' in connected) {
    console.error(connected.failed);
    await (client as ZamClient | null)?.close();
    return 1;
  }
  const names = modelNames.filter((_, i) => i % 2 === 0);
  const example = names.includes('Job') ? 'Job' : (names[0] ?? 'Model');
  console.log(`zero-active-models console — ${who} on ${cacheURL}${'email' in settings.identity ? ` (API ${apiURL})` : ''}
Models: ${names.join(', ')}
Try: await ${example}.order('created_at', 'desc').limit(5)   ·   reload()   ·   .exit`);
  const server = repl.start({prompt: 'zam> ', useGlobal: false, breakEvalOnSigint: true});
  Object.assign(server.context, connected, {
    /** Re-imports the generated models (after `generate`) and reconnects. */
    reload: async () => {
      const again = await connect(server);
      if ('failed' in again) {
        console.error(again.failed);
        return 'reload failed; the previous models stay loaded';
      }
      return `reloaded ${modelNames.length / 2} models`;
    },
  });
  server.on('exit', () => {
    removeConnection();
    void ((client as ZamClient | null)?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
  return 0;
}
