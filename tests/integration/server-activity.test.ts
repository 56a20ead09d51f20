// Server-side activity (issue 12, part 1): events that are not model writes,
// logged with trackActivity by the API server itself and by a team's code —
// in the caller's transaction or on their own, never failing the caller —
// and shown in the same timelines as model logs.
import {describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {activityLogConfig, type ActivityLogRow} from '../../generated/models/activity_log.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {BATCH_FORMAT_VERSION, type Batch} from '../../src/contract/batch.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import {describeActivity} from '../../src/record/describe-activity.ts';
import {createActivityTracker} from '../../src/server/activity/activity-tracker.ts';
import {trackActivity, useActivityTracker} from '../../src/server/activity/track-activity.ts';
import {createApiServer, listenApiServer, type ApiServerOptions} from '../../src/server/api-server.ts';
import {fieldServicePolicies} from '../../src/app/policies.ts';
import {schema} from '../../generated/schema.ts';
import type {AnyQueryRegistry} from '@rocicorp/zero';
import {connectModels} from '../../src/zero/connect-models.ts';
import {rawPush} from '../support/raw-push.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack({devLogin: true, activity: {offlineAfterMs: 60_000, replayQuietMs: 300, rejectionsPerMinute: 5}});

async function named(name: string): Promise<{id: string; email: string}> {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.com`;
  const id = await t.createUser(email, {name: `${name} ${crypto.randomUUID().slice(0, 4)}`});
  return {id, email};
}
const nameOf = async (id: string) => String((await t.sql`select name from users where id = ${id}`)[0]!.name);
const eventsOf = (userId: string, action: string) =>
  t.sql`select id, action, status, loggable_type, loggable_id, job_id, client_id, metadata from activity_logs where user_id = ${userId} and action = ${action} order by created_at`;

describe('trackActivity', () => {
  test('on its own: one row with the status, details, request id, environment and the actor; an invalid event is counted, not thrown', async () => {
    const failures: string[] = [];
    const tracker = createActivityTracker({sql: t.sql, activityLog: ACTIVITY_LOG, models: MODELS, onError: (m) => failures.push(m)});
    const {id: user} = await named('Dana');
    const id = await tracker.trackActivity({action: 'data_imported', userId: user, status: 'in_progress', details: {rows: 12}, requestId: 'req-1', environment: 'test', actorName: 'Dana'});
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.sql`select * from activity_logs where id = ${id}`;
    expect(row).toMatchObject({action: 'data_imported', status: 'in_progress', user_id: user, loggable_type: null, loggable_id: null});
    expect(row!.metadata).toEqual({details: {rows: 12}, request_id: 'req-1', environment: 'test', actor: {id: user, name: 'Dana'}});

    expect(await tracker.trackActivity({action: 'Bad Action!', userId: user, status: 'success'})).toBeNull();
    expect(await tracker.trackActivity({action: 'ok', userId: user, status: 'maybe' as never})).toBeNull();
    // The database refuses it (not a uuid): caught and counted too.
    expect(await tracker.trackActivity({action: 'ok', userId: 'not-a-uuid', status: 'success'})).toBeNull();
    expect(tracker.getQueueMetrics().trackFailures).toBe(3);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatch(/action must be lower snake case/);
  });

  test('inside the caller’s transaction: commits and rolls back with it; a failing log leaves the caller’s transaction usable', async () => {
    const tracker = createActivityTracker({sql: t.sql, activityLog: ACTIVITY_LOG, models: MODELS, onError: () => {}});
    const {id: user} = await named('Ana');
    const clientId = crypto.randomUUID();
    let kept: string | null = null;
    await t.sql.begin(async (tx) => {
      await tx`insert into clients (id, name, created_at, updated_at) values (${clientId}, 'Imported', now(), now())`;
      kept = await tracker.trackActivity({action: 'data_imported', userId: user, status: 'success', subject: {type: 'clients', id: clientId}}, {tx});
      // This one fails inside the transaction (user id is not a uuid): only its savepoint rolls back.
      expect(await tracker.trackActivity({action: 'data_imported', userId: 'nope', status: 'success'}, {tx})).toBeNull();
      await tx`update clients set notes = 'still usable' where id = ${clientId}`;
    });
    const [row] = await t.sql`select loggable_type, loggable_id, client_id, status from activity_logs where id = ${kept!}`;
    expect(row).toEqual({loggable_type: 'Client', loggable_id: clientId, client_id: clientId, status: 'success'});
    expect((await t.sql`select notes from clients where id = ${clientId}`)[0]!.notes).toBe('still usable');

    let rolledBack: string | null = null;
    await t.sql
      .begin(async (tx) => {
        rolledBack = await tracker.trackActivity({action: 'data_imported', userId: user, status: 'success'}, {tx});
        throw new Error('the import failed');
      })
      .catch(() => {});
    expect(rolledBack).not.toBeNull();
    expect(await t.sql`select 1 from activity_logs where id = ${rolledBack!}`).toHaveLength(0);
  });
});

describe('trackActivity, the free function', () => {
  test('writes through the installed tracker: on its own, and inside the caller’s transaction (rolled back with it)', async () => {
    const tracker = createActivityTracker({sql: t.sql, activityLog: ACTIVITY_LOG, models: MODELS});
    const uninstall = useActivityTracker(tracker);
    try {
      const {id: user} = await named('Ida');
      const own = await trackActivity({action: 'data_exported', userId: user, status: 'success', details: {rows: 3}});
      expect((await t.sql`select action, user_id from activity_logs where id = ${own!}`)[0]).toEqual({action: 'data_exported', user_id: user});
      let inTx: string | null = null;
      await t.sql
        .begin(async (tx) => {
          inTx = await trackActivity({action: 'data_imported', userId: user, status: 'in_progress'}, {tx});
          throw new Error('import failed');
        })
        .catch(() => {});
      expect(inTx).not.toBeNull();
      expect(await t.sql`select 1 from activity_logs where id = ${inTx!}`).toHaveLength(0);
    } finally {
      uninstall();
      await tracker.close();
    }
  });
});

describe('the API server’s own events', () => {
  test('dev login and token refresh are sign-ins, with IP, user agent and request id', async () => {
    const {id, email} = await named('Lee');
    const login = await fetch(`${t.stack.apiURL}/api/login`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'user-agent': 'field-app/1.0', 'x-request-id': 'login-42'},
      body: JSON.stringify({email}),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-request-id')).toBe('login-42');
    const {token} = (await login.json()) as {token: string};
    const refresh = await fetch(`${t.stack.apiURL}/api/token/refresh`, {method: 'POST', headers: {authorization: `Bearer ${token}`, 'x-request-id': '<script>'}});
    expect(refresh.status).toBe(200);
    const refreshed = (await refresh.json()) as {token: string};
    expect(await t.stack.auth.verifyHeader(`Bearer ${refreshed.token}`)).toBe(id);
    // A forged token signs nobody in and logs nothing.
    expect((await fetch(`${t.stack.apiURL}/api/token/refresh`, {method: 'POST', headers: {authorization: 'Bearer forged'}})).status).toBe(401);

    const events = await eventsOf(id, 'signed_in');
    expect(events.map((e) => (e.metadata as {details: {method: string}}).details.method)).toEqual(['dev_login', 'token_refresh']);
    expect(events[0]!.metadata).toMatchObject({request: {ip: '127.0.0.1', user_agent: 'field-app/1.0', id: 'login-42'}, request_id: 'login-42', actor: {name: await nameOf(id)}});
    // A malformed request id is replaced, never stored as sent.
    expect((events[1]!.metadata as {request: {id: string}}).request.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(describeActivity(events[0] as never, {models: MODELS}).sentence).toBe(`${await nameOf(id)} signed in`);
  });

  test('a rejected batch is logged with its code on the record, in the record’s timeline (read through Zero)', async () => {
    const {id: tom} = await named('Tom');
    const clientId = await t.createClientRow('Acme');
    const jobId = crypto.randomUUID();
    await t.sql`insert into jobs (id, client_id, title, lock_version, created_at, updated_at) values (${jobId}, ${clientId}, 'Fix boiler', 3, now(), now())`;
    const madeOffline = Date.now() - 2 * 3_600_000;
    const stale: Batch = {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: madeOffline, ops: [{op: 'update', table: 'jobs', value: {id: jobId, status: 'done'}, expected: {lock_version: 1}}]};
    const pushed = await rawPush(t.stack, `Bearer ${await t.token(tom)}`, [stale]);
    expect(pushed.results[0]).toMatchObject({error: 'app', details: {code: 'stale_object'}});

    const [event] = await eventually(async () => {
      const rows = await eventsOf(tom, 'batch_rejected');
      return rows.length > 0 ? rows : null;
    });
    expect(event).toMatchObject({status: 'failed', loggable_type: 'Job', loggable_id: jobId, job_id: jobId, client_id: null});
    expect(event!.metadata).toMatchObject({name: 'Fix boiler', details: {code: 'stale_object', batch_id: stale.id, op_index: 0, op: 'update', offline: true, device_at: madeOffline}});
    expect(describeActivity(event as never, {models: MODELS}).sentence).toBe(`${await nameOf(tom)}’s offline edit of Fix boiler was rejected: stale`);

    // The event is in the job's timeline, as a device reads it.
    const zam = await t.connect(tom);
    const ActivityLog = createActiveModel<ActivityLogRow, typeof activityLogConfig>(activityLogConfig, connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
    const timeline = await eventually(async () => {
      const rows = await ActivityLog.where({job_id: jobId}).toArray();
      return rows.some((r) => r.action === 'batch_rejected') ? rows : null;
    }, 30_000);
    expect(timeline.find((r) => r.action === 'batch_rejected')).toMatchObject({status: 'failed', loggable_id: jobId});
  });

  test('a rejected batch on a record the user cannot read names nothing of it', async () => {
    const {id: tech} = await named('Tech');
    await t.sql`update users set role = 'technician' where id = ${tech}`;
    const adminId = await t.createUser(undefined, {role: 'admin', name: `Admin ${crypto.randomUUID().slice(0, 4)}`});
    // Technicians read active users only: a deactivated one's name must not leak through a rejection.
    await t.sql`update users set active = false where id = ${adminId}`;
    const update: Batch = {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'update', table: 'users', value: {id: adminId, role: 'technician'}}]};
    const pushed = await rawPush(t.stack, `Bearer ${await t.token(tech)}`, [update]);
    expect(pushed.results[0]).toMatchObject({error: 'app'});
    const [event] = await eventually(async () => {
      const rows = await eventsOf(tech, 'batch_rejected');
      return rows.length > 0 ? rows : null;
    });
    expect(event!.metadata).not.toHaveProperty('name');
    expect(JSON.stringify(event!.metadata)).not.toContain('Admin ');
  });

  test('a client sending refused batches cannot flood the log: at most rejectionsPerMinute events per user, the rest counted', async () => {
    const {id: spammer} = await named('Spam');
    const refused = (): Batch => ({v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'update', table: 'jobs', value: {id: crypto.randomUUID(), title: 'x'}}]});
    const pushed = await rawPush(t.stack, `Bearer ${await t.token(spammer)}`, Array.from({length: 8}, refused));
    expect(pushed.results.every((r) => r.error === 'app')).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    // This stack allows 5 a minute (useTestStack above).
    expect(await eventsOf(spammer, 'batch_rejected')).toHaveLength(5);
  });

  test('an offline replay finished: one event per device with the batch count and the time offline', async () => {
    const {id: ana} = await named('Ana');
    const clientId = await t.createClientRow('Replay Co');
    const madeAt = Date.now() - 3_600_000;
    const batches: Batch[] = Array.from({length: 3}, (_, i) => ({
      v: BATCH_FORMAT_VERSION,
      id: crypto.randomUUID(),
      createdAt: madeAt + i * 1_000,
      ops: [{op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: clientId, title: `Offline job ${i}`}}],
    }));
    const clientGroupID = `cg-replay-${crypto.randomUUID()}`;
    const clientID = `c-replay-${crypto.randomUUID()}`;
    const auth = `Bearer ${await t.token(ana)}`;
    // Two pushes, as a send window would make them; then the device is quiet.
    expect((await rawPush(t.stack, auth, batches.slice(0, 2), {clientGroupID, clientID})).results).toEqual([{}, {}]);
    expect((await rawPush(t.stack, auth, batches.slice(2), {clientGroupID, clientID, firstMutationID: 3})).results).toEqual([{}]);
    const [event] = await eventually(async () => {
      const rows = await eventsOf(ana, 'offline_replay_finished');
      return rows.length > 0 ? rows : null;
    });
    const details = (event!.metadata as {details: {device: string; batches: number; offline_ms: number}}).details;
    expect(details.device).toBe(clientGroupID);
    expect(details.batches).toBe(3);
    expect(details.offline_ms).toBeGreaterThanOrEqual(3_600_000);
    expect(describeActivity(event as never, {models: MODELS}).sentence).toBe(`${await nameOf(ana)}’s device synced 3 offline writes after 1 h offline`);
    // Fresh writes are no replay.
    await rawPush(t.stack, auth, [{v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: clientId, title: 'Online'}}]}], {clientGroupID, clientID, firstMutationID: 4});
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await eventsOf(ana, 'offline_replay_finished')).toHaveLength(1);
  });
});

/** An API server of the test's own on the stack's database (no zero-cache needed for these endpoints). */
function ownServer(extra: Partial<ApiServerOptions> = {}) {
  return createApiServer({
    databaseUrl: t.stack.databaseUrl,
    auth: t.stack.auth,
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    queries: [modelQueries as unknown as AnyQueryRegistry],
    policies: fieldServicePolicies,
    users: {table: 'users', activeColumn: 'active', tokenVersionColumn: 'token_version'},
    ...extra,
  });
}

/** A stricter policy than the demo's: technicians read only their own activity. */
const ownActivityOnly = {
  schema,
  tables: {
    ...fieldServicePolicies.tables,
    activity_logs: {read: (user: {id: string; role?: unknown}) => (user.role === 'admin' ? true : {type: 'simple', column: 'user_id', op: '=', value: user.id})},
  },
} as unknown as typeof fieldServicePolicies;

describe('GET /metrics (Prometheus)', () => {
  const scrape = async (url = t.stack.apiURL, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/metrics`, {headers});
    return {status: res.status, type: res.headers.get('content-type'), text: await res.text()};
  };
  const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"=,.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 'NaN');

  test('batches by outcome and code, rollbacks, foreign-key violations, push latency, group sizes, the logger queue', async () => {
    const user = await t.createUser();
    const auth = `Bearer ${await t.token(user)}`;
    const before = (await scrape()).text;
    const fkBefore = value(before, 'zam_foreign_key_violations_total');
    const clientId = await t.createClientRow();
    const applied: Batch = {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: clientId, title: 'Counted'}}]};
    const orphan: Batch = {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'insert', table: 'tasks', value: {id: crypto.randomUUID(), job_id: crypto.randomUUID(), title: 'Orphan', position: 0, completed: false}}]};
    expect((await rawPush(t.stack, auth, [applied, orphan])).results[1]).toMatchObject({error: 'app', details: {code: 'constraint_violation', pgCode: '23503'}});
    // The same batch again: already applied.
    await rawPush(t.stack, auth, [applied]);
    const fresh = (): Batch => ({v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: clientId, title: 'Grouped'}}]});
    const group = {v: 1, batches: [fresh(), fresh()]} as unknown as Batch;
    const groupsBefore = value((await scrape()).text, 'zam_group_size_count');
    const appliedBefore = value((await scrape()).text, 'zam_batches_total{outcome="applied",code=""}');
    expect((await rawPush(t.stack, auth, [group], {mutator: 'zam.batches'})).results).toEqual([{}]);

    const {status, type, text} = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(value(text, 'zam_batches_total{outcome="applied",code=""}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'zam_batches_total{outcome="already_applied",code=""}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'zam_batches_total{outcome="rejected",code="constraint_violation"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'zam_foreign_key_violations_total')).toBe(fkBefore + 1);
    expect(value(text, 'zam_transaction_rollbacks_total{reason="rejected"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'zam_push_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^zam_log_derivation_failures_total 0$/m);
    expect(value(text, 'zam_group_size_count')).toBe(groupsBefore + 1);
    expect(value(text, 'zam_batches_total{outcome="applied",code=""}')).toBe(appliedBefore + 2);
    expect(text).toMatch(/^zam_activity_queue_size \d+$/m);
    expect(text).toMatch(/^zam_activity_dropped_total 0$/m);
  });

  test('only loopback peers or the metrics token may scrape', async () => {
    // As behind a reverse proxy on the same host: loopback proves nothing.
    const api = ownServer({metrics: {token: 'scrape-secret-123', loopback: false}});
    const running = await listenApiServer(api, 0);
    try {
      expect((await scrape(running.url)).status).toBe(403);
      expect((await scrape(running.url, {authorization: 'Bearer wrong'})).status).toBe(403);
      // A user's valid token is not the metrics token.
      expect((await scrape(running.url, {authorization: `Bearer ${await t.token(await t.createUser())}`})).status).toBe(403);
      const ok = await scrape(running.url, {authorization: 'Bearer scrape-secret-123'});
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('# TYPE zam_batches_total counter');
    } finally {
      await running.stop();
      await api.close();
    }
  });
});

describe('GET /api/activity/stats', () => {
  test('counts by day, action and user from PostgreSQL, only of the rows the read policy allows; cached, and dropped by new writes', async () => {
    const api = ownServer({policies: ownActivityOnly, activity: {statsTtlMs: 600_000}});
    const running = await listenApiServer(api, 0);
    try {
      const tech = await t.createUser(undefined, {role: 'technician'});
      const admin = await t.createUser(undefined, {role: 'admin'});
      const action = `stat_probe_${crypto.randomUUID().slice(0, 8)}`;
      for (let i = 0; i < 3; i++) await api.activity.trackActivity({action, userId: tech, status: 'success'});
      for (let i = 0; i < 2; i++) await api.activity.trackActivity({action, userId: admin, status: 'success'});
      const get = async (userId: string | null, query: string) => {
        const headers: Record<string, string> = userId === null ? {} : {authorization: `Bearer ${await t.token(userId)}`};
        const res = await fetch(`${running.url}/api/activity/stats?${query}`, {headers});
        return {status: res.status, body: (await res.json()) as {total: number; groups: {key: string; count: number}[]; message?: string}};
      };
      const countOf = (body: {groups: {key: string; count: number}[]}, key: string) => body.groups.find((g) => g.key === key)?.count ?? 0;

      const techByAction = await get(tech, 'days=7&by=action');
      expect(techByAction.status).toBe(200);
      expect(techByAction.body.groups).toEqual([{key: action, count: 3}]);
      expect(techByAction.body.total).toBe(3);
      const adminByAction = await get(admin, 'days=7&by=action');
      expect(countOf(adminByAction.body, action)).toBe(5);
      const techByUser = await get(tech, 'by=user');
      expect(techByUser.body.groups).toEqual([{key: tech, count: 3}]);
      const techByDay = await get(tech, 'days=1&by=day');
      expect(techByDay.body.groups).toEqual([{key: new Date().toISOString().slice(0, 10), count: 3}]);

      // A row written behind the server's back is not seen while the answer is cached…
      await t.sql`insert into activity_logs (id, user_id, action, metadata, created_at, updated_at) values (${crypto.randomUUID()}, ${tech}, ${action}, '{}', now() at time zone 'UTC', now() at time zone 'UTC')`;
      expect(countOf((await get(tech, 'days=7&by=action')).body, action)).toBe(3);
      // …a write through the server drops the cache.
      await api.activity.trackActivity({action, userId: tech, status: 'success'});
      expect(countOf((await get(tech, 'days=7&by=action')).body, action)).toBe(5);

      for (const bad of ['days=0', 'days=abc', 'days=367', 'by=ip', 'by=action%3Bdrop']) {
        const res = await get(tech, bad);
        expect(res.status, bad).toBe(400);
        expect(res.body.message).toMatch(/^(days|by): must be/);
      }
      expect((await get(null, 'by=day')).status).toBe(401);
    } finally {
      await running.stop();
      await api.close();
    }
  });
});

describe('GET /api/activity/export.csv', () => {
  test('streams the window’s readable rows as CSV through a cursor with backpressure (200,000 rows, 60+ MB), defuses formulas, logs the export', async () => {
    const api = ownServer({policies: ownActivityOnly});
    const running = await listenApiServer(api, 0);
    try {
      const admin = await t.createUser(undefined, {role: 'admin'});
      const tech = await t.createUser(undefined, {role: 'technician'});
      const pad = 'x'.repeat(300);
      // In 2020: no other test's rows are in the window.
      await t.sql`insert into activity_logs (id, user_id, action, metadata, status, created_at, updated_at)
        select gen_random_uuid(), ${admin}, 'export_probe', jsonb_build_object('n', g, 'pad', ${pad}::text), 'success',
               timestamp '2020-01-01 00:00:00' + make_interval(secs => g / 10.0), timestamp '2020-01-01'
        from generate_series(1, 200000) g`;
      await t.sql`insert into activity_logs (id, user_id, action, metadata, created_at, updated_at)
        values (gen_random_uuid(), ${tech}, '=HYPERLINK("http://evil")', '{"note": "@SUM(A1)"}', timestamp '2020-01-01 12:00:00', timestamp '2020-01-01')`;
      const url = `${running.url}/api/activity/export.csv?from=2020-01-01&to=2020-01-02`;

      const techCsv = await fetch(url, {headers: {authorization: `Bearer ${await t.token(tech)}`}});
      expect(techCsv.status).toBe(200);
      expect(techCsv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const techLines = (await techCsv.text()).trim().split('\n');
      expect(techLines[0]).toBe('id,created_at,user_id,action,status,loggable_type,loggable_id,metadata');
      // Only the technician's own row (the policy), with its formula defused.
      expect(techLines).toHaveLength(2);
      expect(techLines[1]).toContain(`,2020-01-01T12:00:00.000000Z,${tech},"'=HYPERLINK(""http://evil"")",`);

      const exportedRows = () => t.sql`select metadata from activity_logs where user_id = ${admin} and action = 'exported'`;
      let lines = 0;
      let bytes = 0;
      const res = await fetch(url, {headers: {authorization: `Bearer ${await t.token(admin)}`}});
      const reader = res.body!.getReader();
      const count = (value: Uint8Array) => {
        bytes += value.length;
        for (const byte of value) if (byte === 10) lines++;
      };
      count((await reader.read()).value!);
      // Backpressure, so memory stays flat: while nobody reads, the cursor waits — the export
      // (over 60 MB, far more than any socket buffer) has not finished, so no event yet.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await exportedRows()).toHaveLength(0);
      for (;;) {
        const {done, value} = await reader.read();
        if (done) break;
        count(value);
      }
      expect(lines).toBe(1 + 200_000 + 1);
      expect(bytes).toBeGreaterThan(60_000_000);

      const [exported] = await eventually(async () => {
        const rows = await exportedRows();
        return rows.length > 0 ? rows : null;
      });
      expect(exported!.metadata).toMatchObject({details: {rows: 200_001, format: 'csv', from: '2020-01-01T00:00:00.000Z', to: '2020-01-02T00:00:00.000Z'}});

      for (const bad of ['', 'from=yesterday', 'from=2020-01-02&to=2020-01-01', "from=2020-01-01'--"]) {
        const r = await fetch(`${running.url}/api/activity/export.csv?${bad}`, {headers: {authorization: `Bearer ${await t.token(admin)}`}});
        expect(r.status, bad).toBe(400);
      }
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await running.stop();
      await api.close();
      await t.sql`delete from activity_logs where action = 'export_probe'`;
    }
  }, 180_000);
});
