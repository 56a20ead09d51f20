import {serve, type ServerType} from '@hono/node-server';
import {getConnInfo} from '@hono/node-server/conninfo';
import type {AnyQueryRegistry, Schema} from '@rocicorp/zero';
import {Hono} from 'hono';
import {timingSafeEqual} from 'node:crypto';
import postgres from 'postgres';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {AuthError} from '../errors/auth-error.ts';
import {createActivityTracker, type ActivityTracker} from './activity/activity-tracker.ts';
import {useActivityTracker} from './activity/track-activity.ts';
import type {ActivityQueueOptions} from './activity/activity-queue.ts';
import {createPushActivity} from './activity/push-activity.ts';
import {createActivityStats, parseStatsRequest} from './activity/activity-stats.ts';
import {exportActivityCsv, parseExportWindow} from './activity/activity-export.ts';
import {isInvalidActivityOptionError} from '../errors/invalid-activity-option-error.ts';
import {committedBatchIds} from './push-observation.ts';
import {requestMetadata, requestMetadataJson, type RequestMetadata} from './activity/request-metadata.ts';
import type {ActingUser} from './policy/define-policies.ts';
import {readFiltersFor} from './policy/read-filters.ts';
import type {Authenticator} from './auth.ts';
import {INFRASTRUCTURE_DDL} from './infrastructure-ddl.ts';
import type {Policies} from './policy/define-policies.ts';
import {actorNameOf} from './actor-name.ts';
import {createPushHandler} from './push-handler.ts';
import {createServerMetrics} from './server-metrics.ts';
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
  /** The server's activity logger: the batched queue's settings, and when a batch counts as made offline. */
  readonly activity?:
    | {
        readonly queue?: ActivityQueueOptions | undefined;
        /** A batch made this long before it arrived was made offline (default 60 s). */
        readonly offlineAfterMs?: number | undefined;
        /** A device's offline replay is finished after this long without offline batches (default 3 s). */
        readonly replayQuietMs?: number | undefined;
        /** Most `batch_rejected` events logged per user per minute (default 60; the rest are counted in the next one). */
        readonly rejectionsPerMinute?: number | undefined;
        /** How long `GET /api/activity/stats` answers are cached (ms, default 30 000; dropped sooner by new log rows). */
        readonly statsTtlMs?: number | undefined;
      }
    | undefined;
  /**
   * Who may scrape `GET /metrics` (Prometheus): peers on the loopback
   * interface (unless `loopback: false` — set it behind a reverse proxy on the
   * same host, where every request comes from loopback), and requests with
   * `Authorization: Bearer <token>`. Nobody else (403).
   */
  readonly metrics?: {readonly token?: string | undefined; readonly loopback?: boolean | undefined} | undefined;
}

/** The API server as a Hono app (mount `app` in your service, or serve it with `listenApiServer`), with its setup and shutdown. */
export interface ApiServer {
  readonly app: Hono;
  /** The server's activity logger (`trackActivity`, the batched queue); flushed by `close()`. */
  readonly activity: ActivityTracker;
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
  const activity = createActivityTracker({sql, activityLog: options.activityLog, models: options.models, queue: options.activity?.queue});
  // The free `trackActivity` of this process writes through this server's tracker until it closes.
  const uninstallTracker = useActivityTracker(activity);
  const metrics = createServerMetrics(activity);
  const stats = createActivityStats({sql, activityLog: options.activityLog, ttlMs: options.activity?.statsTtlMs});
  activity.onWrite(() => stats.invalidate());
  // What each request's events record about it: the socket's peer address (not a forgeable header), UA, request id.
  const requests = new WeakMap<Request, RequestMetadata>();
  const metaOf = (request: Request) => requests.get(request) ?? requestMetadata(request, null);
  const actorName = (user: ActingUser) => actorNameOf(user, options);
  const pushActivity = createPushActivity({
    tracker: activity,
    sql,
    models: options.models,
    actorName,
    requestMetadata: metaOf,
    readFilter: (user, table) => readFiltersFor(policies, user)(table),
    offlineAfterMs: options.activity?.offlineAfterMs,
    replayQuietMs: options.activity?.replayQuietMs,
    rejectionsPerMinute: options.activity?.rejectionsPerMinute,
  });
  const push = createPushHandler({
    sql,
    schema: options.schema,
    models: options.models,
    activityLog: options.activityLog,
    policies,
    authenticate,
    extraMutators: options.extraMutators,
    maxBodyBytes: options.maxBodyBytes,
    deferLog: (row) => activity.enqueueRow(row),
    observe: (observed) => {
      metrics.observePush(observed);
      // Committed batches wrote log rows: cached aggregates are stale.
      if (committedBatchIds(observed.body, observed.response).length > 0) stats.invalidate();
      pushActivity.observe(observed);
    },
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

  app.use(async (c, next) => {
    let ip: string | null = null;
    try {
      ip = getConnInfo(c).remote.address ?? null;
    } catch {
      // not served by @hono/node-server (app.fetch in tests): no socket
    }
    const meta = requestMetadata(c.req.raw, ip);
    requests.set(c.req.raw, meta);
    c.header('x-request-id', meta.requestId);
    await next();
  });
  /** The acting user of an authenticated endpoint (401 through onError otherwise). */
  const actingUser = (c: {req: {raw: Request}}) => authenticate(c.req.raw);
  const event = (request: Request, user: ActingUser) => ({
    userId: user.id,
    actorName: actorName(user),
    requestId: metaOf(request).requestId,
    metadata: requestMetadataJson(metaOf(request)),
  });

  app.get('/healthz', (c) => c.text('ok'));
  // A new token for the holder of a valid one (same user, current token version): a sign-in.
  app.post('/api/token/refresh', async (c) => {
    const user = await actingUser(c);
    const version = options.users?.tokenVersionColumn;
    const tokenVersion = version === undefined ? undefined : Number(user[version]);
    const token = await options.auth.issue(user.id, {tokenVersion});
    await activity.trackActivity({action: 'signed_in', status: 'success', details: {method: 'token_refresh'}, ...event(c.req.raw, user)});
    return c.json({userID: user.id, token});
  });
  app.get('/metrics', async (c) => {
    if (!mayScrape(c.req.raw, metaOf(c.req.raw).ip, options.metrics)) {
      return c.json({error: 'forbidden', message: 'GET /metrics is for loopback peers and holders of the metrics token (ApiServerOptions.metrics).'}, 403);
    }
    const {body, contentType} = await metrics.render();
    return c.body(body, 200, {'content-type': contentType});
  });
  // Counts for dashboards, of the log rows this user may read (the same read policy as synced queries).
  app.get('/api/activity/stats', async (c) => {
    const user = await actingUser(c);
    let request;
    try {
      request = parseStatsRequest(new URL(c.req.url).searchParams);
    } catch (error) {
      if (!isInvalidActivityOptionError(error)) throw error;
      return c.json({error: 'bad_request', message: error.message}, 400);
    }
    const filter = readFiltersFor(policies, user)(options.activityLog.table);
    return c.json(await stats.stats(filter, request));
  });
  // The log rows of a window this user may read, as a streamed CSV; the export itself is an event.
  app.get('/api/activity/export.csv', async (c) => {
    const user = await actingUser(c);
    let window;
    try {
      window = parseExportWindow(new URL(c.req.url).searchParams);
    } catch (error) {
      if (!isInvalidActivityOptionError(error)) throw error;
      return c.json({error: 'bad_request', message: error.message}, 400);
    }
    const filter = readFiltersFor(policies, user)(options.activityLog.table);
    const request = c.req.raw;
    const body = exportActivityCsv(sql, options.activityLog, filter, window, (rows) => {
      void activity.trackActivity({
        action: 'exported',
        status: 'success',
        details: {rows, from: window.from.toISOString(), to: window.to.toISOString(), format: 'csv'},
        ...event(request, user),
      });
    });
    const name = `activity-${window.from.toISOString().slice(0, 10)}-${window.to.toISOString().slice(0, 10)}.csv`;
    return new Response(body, {headers: {'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`}});
  });
  app.get('/api/activity/metrics', async (c) => {
    await actingUser(c);
    return c.json(activity.getQueueMetrics());
  });
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
      const token = await options.auth.issue(id, {tokenVersion});
      await activity.trackActivity({action: 'signed_in', status: 'success', details: {method: 'dev_login'}, ...event(c.req.raw, {...row, id})});
      return c.json({userID: id, token});
    });
  }

  return {
    app,
    activity,
    async migrate() {
      await sql.unsafe(INFRASTRUCTURE_DDL);
    },
    async close() {
      // Nothing queued is lost on a graceful stop: pending replay events, then the queue, then the pool.
      await pushActivity.finish();
      uninstallTracker();
      await activity.close();
      await sql.end({timeout: 5});
    },
  };
}


const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A loopback peer (when allowed), or the metrics token in constant time. */
function mayScrape(request: Request, ip: string | null, access: ApiServerOptions['metrics']): boolean {
  if ((access?.loopback ?? true) && ip !== null && LOOPBACK.has(ip)) return true;
  const token = access?.token;
  if (token === undefined || token === '') return false;
  const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A listening API server: its URL and port. */
export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections (the database pool is `ApiServer.close`'s). */
  stop(): Promise<void>;
}

/** Serves `api` on 127.0.0.1:`port` (loopback only; 0 for any free port). */
export async function listenApiServer(api: ApiServer, port: number): Promise<RunningApiServer> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({fetch: api.app.fetch, hostname: '127.0.0.1', port}, () => resolve(s));
    s.once('error', reject);
  });
  // Port 0 asks the system for a free one: report the one it gave.
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    async stop() {
      await new Promise<void>((resolve) => {
        (server as unknown as {closeAllConnections?: () => void}).closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
