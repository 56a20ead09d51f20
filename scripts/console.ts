// `npm run console`: a Node REPL in the spirit of `rails console`.
//
//   npm run console                       # as dana@example.com, stack of `npm start`
//   npm run console -- --user tom@example.com
//   ZAM_API_URL=http://127.0.0.1:4850 ZAM_CACHE_URL=http://127.0.0.1:4848 npm run console
//
// Every generated model is preloaded by its Rails name (Job, Task, Client, …;
// also as ActiveJob, …), connected to the running stack as the chosen user
// (dev login: POST /api/login). Top-level await works; records print like
// Rails (`#<Job id: "…", title: "…">`). `reload()` re-imports the generated
// models and schema after `npm run generate` and reconnects.
import fs from 'node:fs';
import path from 'node:path';
import repl from 'node:repl';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Schema} from '@rocicorp/zero';
import type {ActivityLogConfig, ModelConfig} from '../src/contract/model-config.ts';
import {createActiveModel} from '../src/record/create-active-model.ts';
import {establishConnection, removeConnection} from '../src/record/establish-connection.ts';
import {defineModelQueries} from '../src/zero/model-queries.ts';
import {connectModels} from '../src/zero/connect-models.ts';
import {createZamClient, type ZamClient} from '../src/zero/zam-client.ts';
import {createBuilder} from '@rocicorp/zero';
import {requireNode22} from './lib/require-node.ts';

requireNode22();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generated = path.join(root, 'generated');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find(a => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

const email = argValue('--user') ?? process.env.ZAM_USER ?? 'dana@example.com';
const apiURL = process.env.ZAM_API_URL ?? `http://127.0.0.1:${process.env.ZAM_API_PORT ?? 4850}`;
const cacheURL = process.env.ZAM_CACHE_URL ?? `http://127.0.0.1:${process.env.ZAM_ZERO_PORT ?? 4848}`;

async function login(): Promise<{userID: string; token: string}> {
  let res: Response;
  try {
    res = await fetch(`${apiURL}/api/login`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({email}),
    });
  } catch {
    throw new Error(`No API server at ${apiURL}. Start the stack with \`npm start\` (or set ZAM_API_URL / ZAM_CACHE_URL).`);
  }
  const body = (await res.json().catch(() => ({}))) as {userID?: string; token?: string; message?: string};
  if (!res.ok || !body.userID || !body.token) {
    throw new Error(`Login as ${email} failed: ${body.message ?? res.status}. Users: dana@example.com, tom@example.com (or --user <email>).`);
  }
  return {userID: body.userID, token: body.token};
}

type Generated = {schema: Schema; models: Record<string, ModelConfig>; activityLog: ActivityLogConfig};

let generation = 0;
/** Imports generated/ afresh (a query string makes Node load new module instances). */
async function importGenerated(): Promise<Generated> {
  const v = `?v=${generation++}`;
  const load = async (file: string) => (await import(pathToFileURL(path.join(generated, file)).href + v)) as Record<string, unknown>;
  const {schema} = (await load('schema.ts')) as {schema: Schema};
  const {ACTIVITY_LOG} = (await load('loggable.ts')) as {ACTIVITY_LOG: ActivityLogConfig};
  const models: Record<string, ModelConfig> = {};
  for (const file of fs.readdirSync(path.join(generated, 'models')).filter(f => f.endsWith('.config.ts')).sort()) {
    for (const value of Object.values(await load(`models/${file}`))) {
      const config = value as Partial<ModelConfig> | null;
      if (config && typeof config === 'object' && typeof config.table === 'string' && config.columns) models[config.table] = config as ModelConfig;
    }
  }
  return {schema, models, activityLog: ACTIVITY_LOG};
}

let client: ZamClient | null = null;
let modelNames: string[] = [];

async function connect(server: repl.REPLServer | null): Promise<Record<string, unknown>> {
  const {userID, token} = await login();
  const gen = await importGenerated();
  await client?.close();
  client = createZamClient({cacheURL, userID, auth: token, schema: gen.schema, models: gen.models, activityLog: gen.activityLog, kvStore: 'mem'});
  const queries = defineModelQueries(createBuilder(gen.schema), gen.models);
  establishConnection(connectModels(client, {queries, models: gen.models, activityLog: gen.activityLog}));
  const bindings: Record<string, unknown> = {zero: client.zero, zam: client, currentUser: {id: userID, email}};
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

try {
  const bindings = await connect(null);
  const names = Object.values(bindings)
    .filter((v): v is {config: ModelConfig} => typeof v === 'object' && v !== null && 'config' in v)
    .map(m => m.config.className);
  console.log(`zero-active-models console — ${email} on ${cacheURL} (API ${apiURL})
Models: ${[...new Set(names)].join(', ')}
Try: await Job.active().order('created_at', 'desc').limit(5)   ·   reload()   ·   .exit`);
  const server = repl.start({prompt: 'zam> ', useGlobal: false, breakEvalOnSigint: true});
  Object.assign(server.context, bindings, {
    /** Re-imports generated/ (after `npm run generate`) and reconnects. */
    reload: async () => {
      await connect(server);
      return `reloaded ${modelNames.length / 2} models`;
    },
  });
  server.on('exit', () => {
    removeConnection();
    void ((client as ZamClient | null)?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  await (client as ZamClient | null)?.close();
  process.exit(1);
}
