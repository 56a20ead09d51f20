import {serve, type ServerType} from '@hono/node-server';
import type {AnyQueryRegistry, Schema} from '@rocicorp/zero';
import {Hono} from 'hono';
import postgres from 'postgres';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {AuthError} from '../errors/auth-error.ts';
import type {Authenticator} from './auth.ts';
import {INFRASTRUCTURE_DDL} from './infrastructure-ddl.ts';
import type {Policies} from './policy/define-policies.ts';
import {createPushHandler} from './push-handler.ts';
import {createQueryHandler} from './query-handler.ts';
import {createUserAuth, type AuthenticateRequest, type UserAuthOptions} from './user-auth.ts';

/** What `createApiServer` needs: the database, the token authenticator, the generated schema and models, the policies. */
export interface ApiServerOptions {
  readonly databaseUrl: string;
  /** Verifies and issues the bearer tokens. */
  readonly auth: Authenticator;
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /**
   * Synced-query registries the clients use (e.g. the generated model queries
   * `zam.*` and the app's own); a name is looked up in each, in order.
   */
  readonly queries: readonly AnyQueryRegistry[];
  /** Who may read and write what (`definePolicies`); tables without a policy take no writes and sync no rows. */
  readonly policies: Policies<never>;
  /**
   * Where the acting user is loaded from for the standard auth hook (token →
   * users row, refused when missing, inactive or revoked). Default: table
   * `users`, key `id`, no active or token-version column.
   */
  readonly users?: Omit<UserAuthOptions, 'authenticator' | 'sql'> | undefined;
  /** Replaces the standard auth hook (request → acting user). */
  readonly authenticate?: AuthenticateRequest | undefined;
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

/** The API server as a Hono app (mount `app` in your service, or serve it with `listenApiServer`), with its setup and shutdown. */
export interface ApiServer {
  readonly app: Hono;
  /** Creates the zam infrastructure tables if missing. */
  migrate(): Promise<void>;
  /** Closes the database pool. */
  close(): Promise<void>;
}

/**
 * The API server zero-cache calls, composed with Hono from the two handlers a
 * team can also mount in its own service: `POST /api/push` (`createPushHandler`:
 * mutations, one PostgreSQL transaction each) and `POST /api/query`
 * (`createQueryHandler`: synced queries narrowed by the read policies). Both
 * load the acting user through the auth hook first: no, bad, expired or
 * revoked token, or a missing or inactive user ⇒ 401, nothing read or written.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const sql = postgres(options.databaseUrl, {max: 10, onnotice: () => {}});
  const authenticate = options.authenticate ?? createUserAuth({...options.users, authenticator: options.auth, sql});
  // The app's policies are typed for its own user row; at run time they get the row the auth hook loaded.
  const policies = options.policies as unknown as Policies;
  const push = createPushHandler({
    sql,
    schema: options.schema,
    models: options.models,
    activityLog: options.activityLog,
    policies,
    authenticate,
    extraMutators: options.extraMutators,
    maxBodyBytes: options.maxBodyBytes,
  });
  const query = createQueryHandler({
    schema: options.schema,
    queries: options.queries,
    policies,
    authenticate,
    maxBodyBytes: options.maxBodyBytes,
  });
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof AuthError) return c.json({error: error.code, message: error.message}, 401);
    console.error('[api] unhandled error', error);
    return c.json({error: 'server_error', message: 'Internal error; see the API server log.'}, 500);
  });

  app.get('/healthz', (c) => c.text('ok'));
  app.post('/api/push', (c) => push(c.req.raw));
  app.post('/api/query', (c) => query(c.req.raw));

  if (options.devLogin) {
    const {usersTable, emailColumn} = options.devLogin;
    const active = options.users?.activeColumn;
    const version = options.users?.tokenVersionColumn;
    app.get('/api/dev/users', async (c) => {
      const rows = await sql`select id, ${sql(emailColumn)} as email, name from ${sql(usersTable)}
        ${active === undefined ? sql`` : sql`where ${sql(active)}`} order by email`;
      return c.json(rows);
    });
    app.post('/api/login', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as {email?: unknown};
      if (typeof body.email !== 'string') return c.json({error: 'bad_request', message: 'Send {"email": "..."}.'}, 400);
      const rows = await sql`select * from ${sql(usersTable)} where ${sql(emailColumn)} = ${body.email}`;
      const row = rows[0];
      if (row === undefined) return c.json({error: 'unknown_user', message: `No user with email ${body.email}.`}, 401);
      if (active !== undefined && row[active] !== true) {
        return c.json({error: 'unauthorized', message: `${body.email} is deactivated.`}, 401);
      }
      const id = String(row.id);
      const tokenVersion = version === undefined ? undefined : Number(row[version]);
      return c.json({userID: id, token: await options.auth.issue(id, {tokenVersion})});
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

/** A listening API server: its URL and port. */
export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections (the database pool is `ApiServer.close`'s). */
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
