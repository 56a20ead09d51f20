import {serve, type ServerType} from '@hono/node-server';
import {getMutator as getMutatorOrUndefined, getQuery as getQueryOrUndefined, mustGetMutator, mustGetQuery, type AnyQueryRegistry, type Schema} from '@rocicorp/zero';
import {handleMutateRequest, handleQueryRequest} from '@rocicorp/zero/server';
import {zeroPostgresJS} from '@rocicorp/zero/server/adapters/postgresjs';
import {Hono} from 'hono';
import {bodyLimit} from 'hono/body-limit';
import postgres from 'postgres';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {AuthError} from '../errors/auth-error.ts';
import type {Authenticator} from './auth.ts';
import {INFRASTRUCTURE_DDL} from './infrastructure-ddl.ts';
import {createServerMutators, type ServerContext} from './server-mutators.ts';

export interface ApiServerOptions {
  readonly databaseUrl: string;
  readonly auth: Authenticator;
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /**
   * Synced-query registries the clients use (e.g. the generated model queries
   * `zam.*` and the app's own); a name is looked up in each, in order.
   */
  readonly queries: readonly AnyQueryRegistry[];
  /**
   * Development login: `POST /api/login {email}` issues a token for an existing
   * user without a password. Never enable it in production.
   */
  readonly devLogin?: {readonly usersTable: string; readonly emailColumn: string} | undefined;
  /**
   * More custom-mutator registries to serve besides `zam.*` (e.g. an app's own
   * mutators, or the benchmark's bare baseline). Looked up after `zam.*`.
   */
  readonly extraMutators?: readonly unknown[] | undefined;
  /** HTTP body limit for push/query requests (bytes); larger requests get 413. */
  readonly maxBodyBytes?: number | undefined;
}

export interface ApiServer {
  readonly app: Hono;
  /** Creates the zam infrastructure tables if missing. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API server zero-cache calls: `POST /api/push` runs mutations (one
 * PostgreSQL transaction per mutation, via Zero's push protocol), `POST
 * /api/query` resolves synced queries to ZQL. Both authenticate the forwarded
 * bearer token first: no or bad token ⇒ 401, nothing read or written.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const sql = postgres(options.databaseUrl, {max: 10, onnotice: () => {}});
  const dbProvider = zeroPostgresJS(options.schema, sql);
  const mutators = createServerMutators({schema: options.schema, models: options.models, activityLog: options.activityLog});
  const registries: readonly unknown[] = [mutators, ...(options.extraMutators ?? [])];
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 4 * 1024 * 1024,
    onError: (c) =>
      c.json({error: 'payload_too_large', message: 'Request body too large; send smaller batches.'}, 413),
  });

  app.onError((error, c) => {
    if (error instanceof AuthError) return c.json({error: error.code, message: error.message}, 401);
    console.error('[api] unhandled error', error);
    return c.json({error: 'server_error', message: 'Internal error; see the API server log.'}, 500);
  });

  app.get('/healthz', (c) => c.text('ok'));

  app.post('/api/push', limit, async (c) => {
    const userID = await options.auth.verifyHeader(c.req.header('authorization'));
    const ctx: ServerContext = {userID};
    const response = await handleMutateRequest({
      dbProvider,
      userID,
      request: c.req.raw,
      logLevel: 'error',
      handler: (transact) =>
        transact((tx, name, args) => findMutator(registries, name).fn({tx, args, ctx})),
    });
    return c.json(response);
  });

  app.post('/api/query', limit, async (c) => {
    const userID = await options.auth.verifyHeader(c.req.header('authorization'));
    const ctx = {userID};
    const response = await handleQueryRequest({
      schema: options.schema,
      userID,
      request: c.req.raw,
      logLevel: 'error',
      handler: (name, args) => findQuery(options.queries, name).fn({args, ctx}) as never,
    });
    return c.json(response);
  });

  if (options.devLogin) {
    const {usersTable, emailColumn} = options.devLogin;
    app.get('/api/dev/users', async (c) => {
      const rows = await sql`select id, ${sql(emailColumn)} as email, name from ${sql(usersTable)} order by email`;
      return c.json(rows);
    });
    app.post('/api/login', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as {email?: unknown};
      if (typeof body.email !== 'string') return c.json({error: 'bad_request', message: 'Send {"email": "..."}.'}, 400);
      const rows = await sql`select id from ${sql(usersTable)} where ${sql(emailColumn)} = ${body.email}`;
      const id = rows[0]?.id as string | undefined;
      if (id === undefined) return c.json({error: 'unknown_user', message: `No user with email ${body.email}.`}, 401);
      return c.json({userID: id, token: await options.auth.issue(id)});
    });
  }

  return {
    app,
    async migrate() {
      await sql.unsafe(INFRASTRUCTURE_DDL);
    },
    async close() {
      await sql.end({timeout: 5});
    },
  };
}

// Zero's registry lookups are typed for one app's schema; this server is
// generic over the app, so it sees them through these minimal shapes.
type RunnableMutator = {fn(options: {tx: unknown; args: unknown; ctx: unknown}): Promise<void>};
type RunnableQuery = {fn(options: {args: unknown; ctx: unknown}): unknown};
type Lookup<T> = (registry: unknown, name: string) => T | undefined;

/**
 * Finds `name` in the first registry that has it. An unknown name is the
 * client's mistake: the `must` lookup on the first registry throws Zero's own
 * error naming it.
 */
function findIn<T>(registries: readonly unknown[], name: string, get: Lookup<T>, must: Lookup<T>): T {
  for (const registry of registries) {
    const found = get(registry, name);
    if (found !== undefined) return found;
  }
  return must(registries[0], name)!;
}

const findMutator = (registries: readonly unknown[], name: string) =>
  findIn(registries, name, getMutatorOrUndefined as unknown as Lookup<RunnableMutator>, mustGetMutator as unknown as Lookup<RunnableMutator>);
const findQuery = (registries: readonly unknown[], name: string) =>
  findIn(registries, name, getQueryOrUndefined as unknown as Lookup<RunnableQuery>, mustGetQuery as unknown as Lookup<RunnableQuery>);

export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Serves `api` on 127.0.0.1:`port` (loopback only). */
export async function listenApiServer(api: ApiServer, port: number): Promise<RunningApiServer> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({fetch: api.app.fetch, hostname: '127.0.0.1', port}, () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        (server as unknown as {closeAllConnections?: () => void}).closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
