// The API server decides who may write and read what (issue "The server
// decides"; ARCHITECTURE.md I7): every attack below is what a technician with
// a valid token can send — a raw push or query, as an attacker would — and
// each must be refused with a clear code while PostgreSQL stays exactly as it
// was (rows and zam.applied_batches). The demo's policies (src/app/policies.ts)
// are the ones on trial. The audit trail and the model rules have their own
// suite (server-audit-trail.test.ts).
import http from 'node:http';
import {createRequire} from 'node:module';
import {SignJWT} from 'jose';
import {beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {activityLogConfig, type ActivityLogRow} from '../../generated/models/activity_log.config.ts';
import {userConfig, type UserRow} from '../../generated/models/user.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {MAX_GROUP_BATCHES} from '../../src/contract/batch-group.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../src/contract/batch.ts';
import {emptyQuerySpec, QUERY_SPEC_VERSION} from '../../src/contract/query-spec.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {ZamClient} from '../../src/zero/zam-client.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {modelQueryRequest} from '../../src/zero/model-queries.ts';
import {rawPush} from '../support/raw-push.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const SECRET = 'server-authority-test-secret-0123456789abcdef';
const t = useTestStack({devLogin: true, jwtSecret: SECRET});

let tech: string;
let colleague: string;
let admin: string;
let dispatcher: string;
let former: string;
let clientId: string;
let jobId: string;
let formerLogId: string;

beforeAll(async () => {
  tech = await t.createUser('tina@example.com', {role: 'technician', name: 'Tina Tech'});
  colleague = await t.createUser('carl@example.com', {role: 'technician', name: 'Carl Colleague'});
  admin = await t.createUser('ada@example.com', {role: 'admin', name: 'Ada Admin'});
  dispatcher = await t.createUser('dan@example.com', {role: 'dispatcher', name: 'Dan Dispatcher'});
  former = await t.createUser('fred@example.com', {role: 'technician', name: 'Fred Former', active: false});
  clientId = await t.createClientRow('Acme Plumbing');
  jobId = crypto.randomUUID();
  await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Fix boiler', now(), now())`;
  // A log written by the former employee while still active.
  formerLogId = crypto.randomUUID();
  await t.sql`insert into activity_logs (id, user_id, action, loggable_type, loggable_id, job_id, client_id, metadata, created_at, updated_at)
    values (${formerLogId}, ${former}, 'created', 'Job', ${jobId}, ${jobId}, ${clientId}, '{}', now(), now())`;
});

const batchOf = (ops: BatchOp[], id: string = crypto.randomUUID()): Batch => ({v: BATCH_FORMAT_VERSION, id, ops, createdAt: Date.now()});
const bearer = async (userID: string) => `Bearer ${await t.token(userID)}`;

/**
 * Every row a refused request could have touched, to compare before and after.
 * A mutation refused by the server still advances its client's Zero
 * bookkeeping (lastMutationID and the stored error result — that is how the
 * client learns of the refusal); `zero: true` also compares those, for
 * requests refused before Zero's push protocol runs at all (HTTP 4xx).
 */
async function snapshot(options: {zero?: boolean} = {}) {
  const zero = options.zero === true;
  return {
    users: await t.sql`select * from users order by id`,
    clients: await t.sql`select * from clients order by id`,
    jobs: await t.sql`select * from jobs order by id`,
    tasks: await t.sql`select * from tasks order by id`,
    // The server's own event about the refusal (batch_rejected, logged after the rollback) is not the batch's.
    logs: await t.sql`select * from activity_logs where action <> 'batch_rejected' order by id`,
    applied: await t.sql`select * from zam.applied_batches order by batch_id`,
    lastMutationIDs: zero ? await t.sql`select * from zero_0.clients order by "clientGroupID", "clientID"` : null,
    results: zero ? await t.sql`select * from zero_0.mutations order by "clientGroupID", "clientID", "mutationID"` : null,
  };
}

/** Runs `attack` and checks that PostgreSQL is exactly as before (`zero`: see `snapshot`). */
async function unchangedBy<T>(attack: () => Promise<T>, options: {zero?: boolean} = {}): Promise<T> {
  const before = await snapshot(options);
  const result = await attack();
  expect(await snapshot(options)).toEqual(before);
  return result;
}
const ZERO = {zero: true} as const;

describe('writes a technician may not make are refused and change nothing', () => {
  const cases: [string, () => BatchOp[], string][] = [
    ['makes herself admin', () => [{op: 'update', table: 'users', value: {id: tech, role: 'admin'}}], 'read_only_column'],
    ['deactivates a colleague', () => [{op: 'update', table: 'users', value: {id: colleague, active: false}}], 'read_only_column'],
    ['renames another user', () => [{op: 'update', table: 'users', value: {id: admin, name: 'Pwned'}}], 'forbidden'],
    ["changes another user's email", () => [{op: 'update', table: 'users', value: {id: admin, email: 'me@evil.example'}}], 'unknown_column'],
    ['sets her own password hash', () => [{op: 'update', table: 'users', value: {id: tech, encrypted_password: 'x'}}], 'unknown_column'],
    ['creates an admin', () => [{op: 'insert', table: 'users', value: {id: crypto.randomUUID(), name: 'Evil Admin', role: 'admin'}}], 'read_only_column'],
    ['creates a user', () => [{op: 'insert', table: 'users', value: {id: crypto.randomUUID(), name: 'Sock Puppet'}}], 'forbidden'],
    ['deletes an admin', () => [{op: 'delete', table: 'users', id: {id: admin}}], 'forbidden'],
    ['adds a client', () => [{op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'Shell Co'}}], 'forbidden'],
    ['renames a client', () => [{op: 'update', table: 'clients', value: {id: clientId, name: 'Renamed'}}], 'forbidden'],
    ['deletes a client', () => [{op: 'delete', table: 'clients', id: {id: clientId}}], 'forbidden'],
    ['rewrites a job’s created_at', () => [{op: 'update', table: 'jobs', value: {id: jobId, created_at: 946684800000}}], 'read_only_column'],
    ['hides a forbidden op behind an allowed one', (): BatchOp[] => [
      {op: 'update', table: 'jobs', value: {id: jobId, title: 'Allowed rename'}},
      {op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'Smuggled'}},
    ], 'forbidden'],
  ];
  for (const [what, ops, code] of cases) {
    test(`a technician who ${what}: ${code}`, async () => {
      const batch = batchOf(ops());
      const res = await unchangedBy(async () => rawPush(t.stack, await bearer(tech), [batch]));
      expect(res.status).toBe(200);
      expect(res.results[0]).toMatchObject({error: 'app', details: {code, batchId: batch.id, opIndex: ops().length - 1}});
      expect((res.results[0] as {message?: string}).message?.length).toBeGreaterThan(10);
    });
  }

  test('the policy’s reason reaches the client', async () => {
    const res = await rawPush(t.stack, await bearer(tech), [batchOf([{op: 'delete', table: 'clients', id: {id: clientId}}])]);
    expect(res.results[0]).toMatchObject({details: {code: 'forbidden', table: 'clients', message: 'only admins delete clients'}});
  });

  test('an admin can do what a technician cannot; a dispatcher runs the office but not the team', async () => {
    const promote = batchOf([{op: 'update', table: 'users', value: {id: colleague, role: 'dispatcher'}}]);
    expect((await rawPush(t.stack, await bearer(admin), [promote])).results[0]).toEqual({});
    expect((await t.sql`select role from users where id = ${colleague}`)[0]!.role).toBe('dispatcher');
    const demote = batchOf([{op: 'update', table: 'users', value: {id: colleague, role: 'technician'}}]);
    expect((await rawPush(t.stack, await bearer(admin), [demote])).results[0]).toEqual({});

    const newClient = crypto.randomUUID();
    const addClient = batchOf([{op: 'insert', table: 'clients', value: {id: newClient, name: 'Office Added'}}]);
    expect((await rawPush(t.stack, await bearer(dispatcher), [addClient])).results[0]).toEqual({});
    expect(await t.sql`select 1 from clients where id = ${newClient}`).toHaveLength(1);
    const promoteByDispatcher = batchOf([{op: 'update', table: 'users', value: {id: colleague, name: 'Renamed by Dan'}}]);
    const res = await unchangedBy(async () => rawPush(t.stack, await bearer(dispatcher), [promoteByDispatcher]));
    expect(res.results[0]).toMatchObject({details: {code: 'forbidden'}});
  });

  test('an admin cannot lock themselves out', async () => {
    const res = await unchangedBy(async () =>
      rawPush(t.stack, await bearer(admin), [batchOf([{op: 'update', table: 'users', value: {id: admin, active: false}}])]),
    );
    expect(res.results[0]).toMatchObject({details: {code: 'forbidden', message: expect.stringContaining('themselves')}});
  });
});

describe('reads: a technician never receives what the policies hide', () => {
  let techClient: ZamClient;
  const modelsOf = (client: ZamClient) => {
    const deps = connectModels(client, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
    return {
      User: createActiveModel<UserRow, typeof userConfig>(userConfig, deps),
      ActivityLog: createActiveModel<ActivityLogRow, typeof activityLogConfig>(activityLogConfig, deps),
    };
  };

  beforeAll(async () => {
    techClient = await t.connect(tech);
  });

  test("zero-cache's replica holds no email, password hash, token or other withheld column", () => {
    const require = createRequire(import.meta.url);
    const Database = require('@rocicorp/zero-sqlite3') as new (file: string, options: {readonly: boolean}) => {
      prepare(sql: string): {all(): unknown[]};
      close(): void;
    };
    const db = new Database(t.stack.replicaFile, {readonly: true});
    try {
      const columns = (db.prepare('pragma table_info("users")').all() as {name: string}[]).map((c) => c.name).sort();
      expect(columns).toEqual(expect.arrayContaining(['id', 'name', 'role', 'active']));
      for (const secret of ['email', 'encrypted_password', 'reset_password_token', 'reset_password_sent_at', 'remember_created_at', 'otp_secret', 'otp_required_for_login', 'phone', 'token_version']) {
        expect(columns).not.toContain(secret);
      }
    } finally {
      db.close();
    }
  });

  test("no query gives a technician another user's email: the rows have no email at all", async () => {
    const {User} = modelsOf(techClient);
    const users = await eventually(async () => {
      const rows = (await User.all().toArray()) as unknown as readonly Record<string, unknown>[];
      return rows.length >= 4 ? rows : null;
    });
    for (const row of users) {
      expect(Object.keys(row)).not.toContain('email');
      expect(JSON.stringify(row)).not.toMatch(/@example\.com/);
    }
    // Asking for it by name is not even a valid query.
    await expect(User.where({email: 'ada@example.com'} as never).toArray()).rejects.toThrow(/email/);
  });

  test('a deactivated user is hidden from a technician through find, where, includes and a raw synced query', async () => {
    const {User, ActivityLog} = modelsOf(techClient);
    expect(await User.find_by({id: tech})).toMatchObject({name: 'Tina Tech'});
    await expect(User.find(former)).rejects.toThrow(/not found|Couldn't find/i);
    expect(await User.where({active: false}).toArray()).toEqual([]);
    expect(await User.where({name: 'Fred Former'}).toArray()).toEqual([]);
    const log = (await ActivityLog.where({id: formerLogId}).includes('user').first()) as (ActivityLogRow & {user?: UserRow}) | null;
    expect(log).toMatchObject({id: formerLogId, user_id: former});
    expect(log!.user).toBeUndefined();
    // The named query itself, with a spec that asks for every row.
    const raw = (await techClient.zero.run(modelQueryRequest(modelQueries, emptyQuerySpec('users')) as never)) as {id: string}[];
    expect(raw.map((r) => r.id)).not.toContain(former);
    expect(raw.map((r) => r.id)).toEqual(expect.arrayContaining([tech, colleague, admin, dispatcher]));
  });

  test('the office sees the deactivated account through the same queries', async () => {
    const {User, ActivityLog} = modelsOf(await t.connect(admin));
    expect(await eventually(() => User.find_by({id: former}))).toMatchObject({name: 'Fred Former', active: false});
    const log = (await eventually(() => ActivityLog.where({id: formerLogId}).includes('user').first())) as ActivityLogRow & {user?: UserRow};
    expect(log.user).toMatchObject({id: former});
  });

  /** POSTs a transform request to the query endpoint as zero-cache does. */
  async function transform(userID: string, name: string, spec: unknown) {
    const res = await fetch(`${t.stack.apiURL}/api/query`, {
      method: 'POST',
      headers: {'content-type': 'application/json', authorization: await bearer(userID)},
      body: JSON.stringify(['transform', [{id: 'q1', name, args: [spec]}]]),
    });
    return {status: res.status, body: (await res.json()) as {queries: {ast?: Record<string, unknown>; error?: string}[]}};
  }

  test("the query endpoint narrows the root table and every included table to the technician's read filter", async () => {
    const spec = {...emptyQuerySpec('activity_logs'), v: QUERY_SPEC_VERSION, includes: [{name: 'user', includes: []}]};
    const {body} = await transform(tech, 'zam.activity_logs', spec);
    const ast = body.queries[0]!.ast as {where?: unknown; related: {subquery: {table: string; where: unknown}}[]};
    expect(ast.where).toBeUndefined(); // logs: readable by everyone
    const user = ast.related[0]!.subquery;
    expect(user.table).toBe('users');
    expect(JSON.stringify(user.where)).toContain('"active"');
    expect(JSON.stringify(user.where)).toContain(tech);
    // The same request from an admin is not narrowed.
    const office = await transform(admin, 'zam.activity_logs', spec);
    expect((office.body.queries[0]!.ast as {related: {subquery: {where?: unknown}}[]}).related[0]!.subquery.where).toBeUndefined();
  });
});

describe('tokens name an existing, active user and expire', () => {
  const attempt = async (authorization: string) => {
    const batch = batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Via a bad token'}}]);
    return await unchangedBy(() => rawPush(t.stack, authorization, [batch]), ZERO);
  };
  const sign = (claims: Record<string, unknown>, subject: string, expires: string | null) => {
    let jwt = new SignJWT(claims).setProtectedHeader({alg: 'HS256'}).setSubject(subject).setIssuer('zero-active-models').setIssuedAt();
    if (expires !== null) jwt = jwt.setExpirationTime(expires);
    return jwt.sign(new TextEncoder().encode(SECRET));
  };

  test.each([
    ['a token without exp', async () => await sign({ver: 0}, tech, null)],
    ['a token for a user that does not exist', async () => await sign({ver: 0}, crypto.randomUUID(), '1h')],
    ['a token whose subject is not even a user id', async () => await sign({ver: 0}, 'not-a-uuid', '1h')],
    ['a token without a token version', async () => await sign({}, tech, '1h')],
  ])('%s gets 401', async (_what, token) => {
    const res = await attempt(`Bearer ${await token()}`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({error: 'unauthorized'});
  });

  test('a deleted user’s token, a deactivated user’s token and a revoked token get 401 — on push and on query', async () => {
    const gone = await t.createUser(undefined, {role: 'technician'});
    const goneToken = await bearer(gone);
    await t.sql`delete from users where id = ${gone}`;
    const leaving = await t.createUser(undefined, {role: 'technician'});
    const leavingToken = await bearer(leaving);
    await t.sql`update users set active = false where id = ${leaving}`;
    const revoked = await t.createUser(undefined, {role: 'technician'});
    const revokedToken = await bearer(revoked);
    await t.sql`update users set token_version = token_version + 1 where id = ${revoked}`;
    for (const [token, message] of [
      [goneToken, /no user/],
      [leavingToken, /deactivated/],
      [revokedToken, /revoked/],
    ] as const) {
      const res = await attempt(token);
      expect(res.status).toBe(401);
      expect((res.body as {message: string}).message).toMatch(message);
      const query = await fetch(`${t.stack.apiURL}/api/query`, {
        method: 'POST',
        headers: {'content-type': 'application/json', authorization: token},
        body: JSON.stringify(['transform', [{id: 'q1', name: 'zam.users', args: [emptyQuerySpec('users')]}]]),
      });
      expect(query.status).toBe(401);
    }
    // A fresh login (current token version) works again.
    const fresh = await rawPush(t.stack, await bearer(revoked), [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Fresh login'}}])]);
    expect(fresh.status).toBe(200);
    expect(fresh.results[0]).toEqual({});
  });
});

describe('client groups and clients belong to the user who first used them', () => {
  test("a push for another user's client group is refused with 403: nothing consumed, the owner's results and next write intact", async () => {
    const group = `cg-owned-${crypto.randomUUID()}`;
    const client = `c-owned-${crypto.randomUUID()}`;
    // The owner's first mutation is refused by a policy: Zero stores its result for the owner's client.
    const owned = await rawPush(t.stack, await bearer(colleague), [batchOf([{op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'X'}}])], {
      clientGroupID: group,
      clientID: client,
    });
    expect(owned.results[0]).toMatchObject({error: 'app', details: {code: 'forbidden'}});
    expect(await t.sql`select 1 from zero_0.mutations where "clientGroupID" = ${group}`).toHaveLength(1);

    // The attacker takes the owner's next mutation id …
    const steal = await unchangedBy(async () =>
      rawPush(t.stack, await bearer(tech), [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Stolen id'}}])], {
        clientGroupID: group,
        clientID: client,
        firstMutationID: 2,
      }),
    ZERO);
    expect(steal.status).toBe(403);
    expect(steal.body).toMatchObject({error: 'forbidden'});
    // … or uses the owner's client id from a group of her own …
    const viaOwnGroup = await unchangedBy(async () =>
      rawPush(t.stack, await bearer(tech), [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Stolen client'}}])], {clientID: client}),
    ZERO);
    expect(viaOwnGroup.status).toBe(403);
    // … or cleans up the owner's stored results from her own group.
    const cleanup = await unchangedBy(async () => {
      const res = await fetch(`${t.stack.apiURL}/api/push?schema=zero_0&appID=zero`, {
        method: 'POST',
        headers: {'content-type': 'application/json', authorization: await bearer(tech)},
        body: JSON.stringify({
          clientGroupID: `cg-attacker-${crypto.randomUUID()}`,
          mutations: [{type: 'custom', id: 1, clientID: `c-attacker-${crypto.randomUUID()}`, name: '_zero_cleanupResults', timestamp: Date.now(), args: [{type: 'bulk', clientGroupID: group, clientIDs: [client]}]}],
          pushVersion: 1,
          timestamp: Date.now(),
          requestID: 'cleanup-attack',
        }),
      });
      return {status: res.status, body: (await res.json()) as unknown};
    }, ZERO);
    expect(cleanup.status).toBe(403);

    // The owner's real next write goes through with its own next id.
    const title = `Owner write ${Date.now()}`;
    const next = await rawPush(t.stack, await bearer(colleague), [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title}}])], {
      clientGroupID: group,
      clientID: client,
      firstMutationID: 2,
    });
    expect(next.results[0]).toEqual({});
    expect((await t.sql`select title from jobs where id = ${jobId}`)[0]!.title).toBe(title);
  });
});

describe('batch ids: a reused id with other content is a conflict, never a silent success', () => {
  const insertTask = (title: string): BatchOp => ({op: 'insert', table: 'tasks', value: {id: crypto.randomUUID(), job_id: jobId, title}});

  test('alone, inside a group, and from another user', async () => {
    const original = batchOf([insertTask('Original')]);
    expect((await rawPush(t.stack, await bearer(tech), [original])).results[0]).toEqual({});

    const sameId = batchOf([insertTask('Impostor')], original.id);
    const alone = await unchangedBy(async () => rawPush(t.stack, await bearer(tech), [sameId]));
    expect(alone.results[0]).toMatchObject({error: 'app', details: {code: 'batch_id_conflict', batchId: original.id}});

    const fresh = batchOf([insertTask('Fresh in group')]);
    const grouped = await unchangedBy(async () =>
      rawPush(t.stack, await bearer(tech), [{v: 1, batches: [fresh, sameId]} as never], {mutator: 'zam.batches'}),
    );
    expect(grouped.results[0]).toMatchObject({error: 'app', details: {code: 'batch_id_conflict'}});

    const otherUser = await unchangedBy(async () => rawPush(t.stack, await bearer(colleague), [original]));
    expect(otherUser.results[0]).toMatchObject({error: 'app', details: {code: 'batch_id_conflict'}});

    // The same user replaying the same content is still exactly-once, not an error.
    const replay = await unchangedBy(async () => rawPush(t.stack, await bearer(tech), [original]));
    expect(replay.results[0]).toMatchObject({error: 'app', details: {code: 'already_applied'}});
  });

  // A batch's ops go out right behind its id's claim, without waiting for it:
  // the claim's answer must still win over whatever the ops run into this time.
  test('a replay is already_applied even when its ops would now be refused or fail in the database', async () => {
    const job = crypto.randomUUID();
    await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${job}, ${clientId}, 'Replayed job', now(), now())`;
    const task = crypto.randomUUID();
    const created = batchOf([{op: 'insert', table: 'tasks', value: {id: task, job_id: job, title: 'Replayed task'}}]);
    const renamed = batchOf([{op: 'update', table: 'tasks', value: {id: task, title: 'Renamed task'}}]);
    for (const batch of [created, renamed]) expect((await rawPush(t.stack, await bearer(tech), [batch])).results[0]).toEqual({});

    // The task is gone: the update would be not_found; the insert would fail on its job's foreign key once the job is gone too.
    await t.sql`delete from activity_logs where loggable_id = ${task} or loggable_id = ${job}`;
    await t.sql`delete from tasks where id = ${task}`;
    await t.sql`delete from jobs where id = ${job}`;
    for (const batch of [renamed, created]) {
      const replay = await unchangedBy(async () => rawPush(t.stack, await bearer(tech), [batch]));
      expect(replay.results[0]).toMatchObject({error: 'app', details: {code: 'already_applied', batchId: batch.id}});
    }
  });

  test('the same batch twice in one group is applied once; the same id with other content in one group is a conflict', async () => {
    const task = crypto.randomUUID();
    const twice = batchOf([{op: 'insert', table: 'tasks', value: {id: task, job_id: jobId, title: 'Sent twice in a group'}}]);
    const grouped = await rawPush(t.stack, await bearer(tech), [{v: 1, batches: [twice, twice]} as never], {mutator: 'zam.batches'});
    expect(grouped.results[0]).toEqual({});
    expect(await t.sql`select op_count from zam.applied_batches where batch_id = ${twice.id}`).toEqual([{op_count: 1}]);
    expect((await t.sql`select count(*)::int as n from activity_logs where loggable_id = ${task} and action = 'created'`)[0]!.n).toBe(1);

    const first = batchOf([insertTask('First of a reused id')]);
    const other = batchOf([insertTask('Second of a reused id')], first.id);
    const conflict = await unchangedBy(async () =>
      rawPush(t.stack, await bearer(tech), [{v: 1, batches: [first, other]} as never], {mutator: 'zam.batches'}),
    );
    expect(conflict.results[0]).toMatchObject({error: 'app', details: {code: 'batch_id_conflict', batchId: first.id}});
  });
});

describe('request hygiene', () => {
  test(`a group of ${MAX_GROUP_BATCHES} × 1,000 ops is refused at once, not run`, async () => {
    const batches = Array.from({length: MAX_GROUP_BATCHES}, () =>
      batchOf(Array.from({length: 1000}, (): BatchOp => ({op: 'delete', table: 'tasks', id: {id: crypto.randomUUID()}}))),
    );
    const started = performance.now();
    const res = await unchangedBy(async () => rawPush(t.stack, await bearer(tech), [{v: 1, batches} as never], {mutator: 'zam.batches'}));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(res.results[0]).toMatchObject({error: 'app', details: {code: 'payload_too_large', message: expect.stringContaining('ops')}});
  });

  const pushBody = () =>
    JSON.stringify({
      clientGroupID: `cg-${crypto.randomUUID()}`,
      mutations: [{type: 'custom', id: 1, clientID: `c-${crypto.randomUUID()}`, name: 'zam.batch', timestamp: Date.now(), args: [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'MARKER'}}])]}],
      pushVersion: 1,
      timestamp: Date.now(),
      requestID: 'r',
    });

  test('only application/json is accepted (415 otherwise)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
      const res = await unchangedBy(async () =>
        fetch(`${t.stack.apiURL}/api/push?schema=zero_0&appID=zero`, {method: 'POST', headers: {'content-type': type, authorization: await bearer(tech)}, body: pushBody()}),
      ZERO);
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({error: 'unsupported_media_type'});
    }
  });

  test('invalid UTF-8 and lone surrogates are refused, not replaced', async () => {
    const text = pushBody();
    const at = Buffer.byteLength(text.slice(0, text.indexOf('MARKER')));
    const bytes = Buffer.from(text);
    bytes[at] = 0xff; // not UTF-8
    const surrogate = text.replace('MARKER', '\\ud800RKER');
    for (const body of [bytes, surrogate]) {
      const res = await unchangedBy(async () =>
        fetch(`${t.stack.apiURL}/api/push?schema=zero_0&appID=zero`, {method: 'POST', headers: {'content-type': 'application/json', authorization: await bearer(tech)}, body}),
      ZERO);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({error: 'invalid_utf8'});
    }
  });

  test('an oversized or unauthenticated request is answered without breaking the keep-alive connection others share', async () => {
    const agent = new http.Agent({keepAlive: true, maxSockets: 1});
    const url = new URL(`${t.stack.apiURL}/api/push?schema=zero_0&appID=zero`);
    const send = (body: Buffer | string, headers: Record<string, string>) =>
      new Promise<{status: number; body: string; reused: boolean}>((resolve, reject) => {
        const req = http.request(url, {method: 'POST', agent, headers: {'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers}}, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({status: res.statusCode ?? 0, body: text, reused: req.reusedSocket}));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const auth = {authorization: await bearer(tech)};
      const first = await send(pushBody(), auth);
      expect(first.status).toBe(200);
      const huge = await send(Buffer.alloc(6 * 1024 * 1024, 0x20), auth);
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.body)).toMatchObject({error: 'payload_too_large'});
      const anonymous = await send(Buffer.alloc(2 * 1024 * 1024, 0x20), {});
      expect(anonymous.status).toBe(401);
      const after = await send(pushBody(), auth);
      expect(after.status).toBe(200);
      expect([huge.reused, anonymous.reused, after.reused]).toEqual([true, true, true]);
    } finally {
      agent.destroy();
    }
  });

  test('the dev login refuses a deactivated user', async () => {
    const res = await fetch(`${t.stack.apiURL}/api/login`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({email: 'fred@example.com'})});
    expect(res.status).toBe(401);
  });
});
