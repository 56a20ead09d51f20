// The audit trail is written by the server, from the true rows, whatever a
// client sends (issue "The server decides"; ARCHITECTURE.md I7). Hostile
// cases are raw pushes with a valid token, as an attacker would send them;
// the device cases go through real Zero clients.
import 'fake-indexeddb/auto';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../src/contract/batch.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import type {BatchWrite} from '../../src/sync/batch-write.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {rawPush} from '../support/raw-push.ts';
import {startTcpProxy, type TcpProxy} from '../support/tcp-proxy.ts';
import {rejectionOf} from '../support/rejection-of.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack();
let proxy: TcpProxy;
const opened: ZamClient[] = [];

beforeAll(async () => {
  proxy = await startTcpProxy(t.stack.cacheURL);
});
afterAll(async () => {
  for (const client of opened) await client.close().catch(() => {});
  await proxy?.close();
});

const batchOf = (ops: BatchOp[], createdAt = Date.now()): Batch => ({v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), ops, createdAt});
const bearer = async (userID: string) => `Bearer ${await t.token(userID)}`;

async function createJob(title = 'Fix boiler'): Promise<{jobId: string; clientId: string}> {
  const clientId = await t.createClientRow();
  const jobId = crypto.randomUUID();
  await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, ${title}, now(), now())`;
  return {jobId, clientId};
}

/** Everything a refused batch could have touched, to compare before and after. */
async function snapshot(batchId: string) {
  return {
    // The server's own event about the refusal (batch_rejected, logged after the rollback) is not the batch's.
    logs: await t.sql`select * from activity_logs where action <> 'batch_rejected' order by id`,
    jobs: await t.sql`select * from jobs order by id`,
    clients: await t.sql`select * from clients order by id`,
    applied: await t.sql`select 1 from zam.applied_batches where batch_id = ${batchId}`,
  };
}

/** A device: a Zero client behind the switchable proxy with a durable (fake-indexeddb) outbox. */
async function device(userID: string): Promise<ZamClient> {
  const client = createZamClient({
    cacheURL: proxy.url,
    userID,
    auth: await t.token(userID),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync: {outbox: {name: `audit-${crypto.randomUUID()}`}},
  });
  opened.push(client);
  await client.sync.ready;
  return client;
}

const pipelineFor = (client: ZamClient) =>
  createWritePipeline<BatchWrite>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => client.mutateBatch(b)});

describe('the server writes the audit trail from the true rows', () => {
  test('a write sent without its log still gets one, derived by the server', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow('Old name');
    const batch = batchOf([{op: 'update', table: 'clients', value: {id: clientId, name: 'New name'}}]);
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toEqual({});
    const logs = await t.sql`select action, metadata, user_id, client_id from activity_logs where loggable_id = ${clientId}`;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({action: 'renamed', user_id: userID, client_id: clientId});
    expect(logs[0]!.metadata).toMatchObject({changes: {name: ['Old name', 'New name']}, device_at: batch.createdAt});
  });

  test('a forged log (wrong action, invented values, old timestamps) is replaced; only its id is kept', async () => {
    const userID = await t.createUser();
    const {jobId} = await createJob('True title');
    const logId = crypto.randomUUID();
    const longAgo = Date.UTC(2000, 0, 1);
    const batch = batchOf([
      {op: 'update', table: 'jobs', value: {id: jobId, title: 'Renamed'}},
      {
        op: 'log',
        table: 'activity_logs',
        value: {id: logId, action: 'deleted', metadata: {changes: {title: ['Invented', 'Lies']}}, created_at: longAgo, updated_at: longAgo},
        loggable: {table: 'jobs', id: jobId},
      },
    ]);
    const started = Date.now();
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toEqual({});
    const [log] = await t.sql`select id, action, metadata, user_id, created_at from activity_logs where loggable_id = ${jobId}`;
    expect(log).toMatchObject({id: logId, action: 'renamed', user_id: userID});
    expect(log!.metadata).toEqual({changes: {title: ['True title', 'Renamed']}, name: 'Renamed', actor: {id: userID, name: expect.any(String)}, device_at: batch.createdAt});
    expect((log!.created_at as Date).getTime()).toBeGreaterThanOrEqual(started - 5_000);
  });

  test('rows and logs get the server clock; the device clock is kept as device_at', async () => {
    const userID = await t.createUser();
    const id = crypto.randomUUID();
    const farFuture = 9_000_000_000_000_000; // year 287168
    const batch = batchOf([{op: 'insert', table: 'clients', value: {id, name: 'Time traveller', created_at: farFuture, updated_at: farFuture}}], farFuture);
    const started = Date.now();
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toEqual({});
    const [row] = await t.sql`select created_at, updated_at from clients where id = ${id}`;
    for (const at of [row!.created_at as Date, row!.updated_at as Date]) {
      expect(at.getTime()).toBeGreaterThanOrEqual(started - 5_000);
      expect(at.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    }
    const [log] = await t.sql`select action, metadata, created_at from activity_logs where loggable_id = ${id}`;
    expect(log).toMatchObject({action: 'created'});
    expect(log!.metadata).toMatchObject({device_at: farFuture});
    expect((log!.created_at as Date).getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  test('an update that changes nothing writes and logs nothing', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow('Same');
    const batch = batchOf([
      {op: 'update', table: 'clients', value: {id: clientId, name: 'Same'}},
      {op: 'log', table: 'activity_logs', value: {id: crypto.randomUUID(), action: 'renamed', metadata: {}}, loggable: {table: 'clients', id: clientId}},
    ]);
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toEqual({});
    expect(await t.sql`select 1 from activity_logs where loggable_id = ${clientId}`).toHaveLength(0);
  });

  test('values read back through Zero compare equal to the locked true row: re-sending them changes nothing', async () => {
    const userID = await t.createUser();
    const {jobId} = await createJob('Typed');
    await t.sql`update jobs set scheduled_on = '2026-12-24', estimated_hours = 2.5, description = 'All the types', discarded_at = '2026-11-30 08:15:30.123456' where id = ${jobId}`;
    const client = await device(userID);
    const [row] = (await eventually(async () => {
      const rows = (await client.zero.run(
        modelQueries.zam.jobs!({v: 1, table: 'jobs', where: [{type: 'simple', column: 'id', op: '=', value: jobId}], orderBy: [], limit: 1, offset: 0, includes: []}) as never,
        {type: 'complete'} as never,
      )) as Record<string, unknown>[];
      return rows[0]?.['estimated_hours'] === 2.5 ? rows : undefined;
    })) as Record<string, never>[];
    const {id: _id, created_at: _c, updated_at: _u, lock_version: _l, ...values} = row!;
    const batch = batchOf([{op: 'update', table: 'jobs', value: {id: jobId, ...values}}]);
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toEqual({});
    expect(await t.sql`select 1 from activity_logs where loggable_id = ${jobId}`).toHaveLength(0);
    expect((await t.sql`select lock_version from jobs where id = ${jobId}`)[0]!.lock_version).toBe(0);
  });

  const refusals: [string, (ids: {jobId: string; logId: string; otherJobId: string}) => BatchOp[], string][] = [
    [
      'a log with no write of its record',
      ({otherJobId}) => [
        {op: 'log', table: 'activity_logs', value: {id: crypto.randomUUID(), action: 'deleted', metadata: {}}, loggable: {table: 'jobs', id: otherJobId}},
      ],
      'invalid_batch',
    ],
    ['an insert into the log table', ({jobId}) => [{op: 'insert', table: 'activity_logs', value: {id: crypto.randomUUID(), action: 'created', loggable_type: 'Job', loggable_id: jobId, metadata: {}}}], 'forbidden'],
    ['rewriting a log', ({logId}) => [{op: 'update', table: 'activity_logs', value: {id: logId, action: 'noted'}}], 'forbidden'],
    ['upserting a log', ({logId}) => [{op: 'upsert', table: 'activity_logs', value: {id: logId, action: 'noted'}}], 'forbidden'],
    ['deleting a log', ({logId}) => [{op: 'delete', table: 'activity_logs', id: {id: logId}}], 'forbidden'],
  ];
  for (const [name, ops, code] of refusals) {
    test(`${name} is refused with ${code} and PostgreSQL is unchanged`, async () => {
      const userID = await t.createUser();
      const {jobId} = await createJob();
      // Someone's real log, which the attack tries to touch.
      const other = await t.createUser();
      await rawPush(t.stack, await bearer(other), [batchOf([{op: 'update', table: 'jobs', value: {id: jobId, priority: 4}}])]);
      const [existing] = await t.sql`select id from activity_logs where loggable_id = ${jobId}`;
      const {jobId: otherJobId} = await createJob('Not touched');
      const batch = batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Attacked'}}, ...ops({jobId, logId: existing!.id as string, otherJobId})]);
      const before = await snapshot(batch.id);
      const res = await rawPush(t.stack, await bearer(userID), [batch]);
      expect(res.results[0]).toMatchObject({error: 'app', details: {code}});
      expect(await snapshot(batch.id)).toEqual(before);
    });
  }
});

describe('the model rules on the server', () => {
  const invalid: [string, Record<string, unknown>, Record<string, string[]>][] = [
    ['an empty title', {title: ''}, {title: ["can't be blank"]}],
    ['a 10,000-character title', {title: 'x'.repeat(10_000)}, {title: ['is too long (maximum is 200 characters)']}],
    ['negative hours', {estimated_hours: -3}, {estimated_hours: ['must be greater than 0']}],
  ];
  for (const [name, change, errors] of invalid) {
    test(`${name} is refused with Rails-shaped field errors and nothing changes`, async () => {
      const userID = await t.createUser();
      const {jobId} = await createJob();
      const batch = batchOf([{op: 'update', table: 'jobs', value: {id: jobId, ...change}}]);
      const before = await snapshot(batch.id);
      const res = await rawPush(t.stack, await bearer(userID), [batch]);
      expect(res.results[0]).toMatchObject({error: 'app', details: {code: 'record_invalid', table: 'jobs', opIndex: 0, errors}});
      expect(await snapshot(batch.id)).toEqual(before);
    });
  }

  test('uniqueness is checked in the transaction against the table', async () => {
    // users.email is withheld from sync (User::ZERO_PRIVATE); the display name is unique too.
    const userID = await t.createUser('taken@example.com', {role: 'admin', name: 'Taken Name'});
    const id = crypto.randomUUID();
    const batch = batchOf([{op: 'insert', table: 'users', value: {id, name: 'Taken Name'}}]);
    const res = await rawPush(t.stack, await bearer(userID), [batch]);
    expect(res.results[0]).toMatchObject({error: 'app', details: {code: 'record_invalid', errors: {name: ['has already been taken']}}});
    expect(await t.sql`select 1 from users where id = ${id}`).toHaveLength(0);
  });

  test('a server validation failure reaches the dead letters with its field errors', async () => {
    const userID = await t.createUser();
    const {jobId} = await createJob();
    const client = await device(userID);
    // A device whose model layer did not check (an old app version): straight to mutateBatch.
    const write = client.mutateBatch(batchOf([{op: 'update', table: 'jobs', value: {id: jobId, title: ''}}]));
    const error = await rejectionOf(write);
    expect(error.rejection).toMatchObject({code: 'record_invalid', errors: {title: ["can't be blank"]}, fullMessages: ["Title can't be blank"]});
    const [dead] = await client.sync.listDeadLetters();
    expect(dead?.rejection).toMatchObject({code: 'record_invalid', errors: {title: ["can't be blank"]}});
  });

  test('optimistic locking: an edit based on an old version is stale_object with both versions, in the dead letters', async () => {
    const userID = await t.createUser();
    const {jobId, clientId} = await createJob('Locked');
    const a = await device(userID);
    const b = await device(userID);
    const row = {id: jobId, client_id: clientId, title: 'Locked', status: 'open', priority: 2, lock_version: 0};
    await pipelineFor(a).update('jobs', row, {priority: 4})!.server;
    const error = await rejectionOf(pipelineFor(b).update('jobs', row, {priority: 1})!);
    expect(error.rejection).toMatchObject({code: 'stale_object', lockVersion: {expected: 0, actual: 1}, table: 'jobs'});
    const [job] = await t.sql`select priority, lock_version from jobs where id = ${jobId}`;
    expect(job).toEqual({priority: 4, lock_version: 1});
    const dead = await b.sync.listDeadLetters();
    expect(dead.map((d) => d.rejection)).toEqual([expect.objectContaining({code: 'stale_object', lockVersion: {expected: 0, actual: 1}})]);
    // "Keep mine": the same edit based on the current version goes through.
    await pipelineFor(b).update('jobs', {...row, priority: 4, lock_version: 1}, {priority: 1})!.server;
    expect(await t.sql`select priority, lock_version from jobs where id = ${jobId}`).toEqual([{priority: 1, lock_version: 2}]);
  });

  test('two devices edit the same record offline: the timeline follows server order and its before values chain', async () => {
    const dana = await t.createUser();
    const tom = await t.createUser();
    const clientId = await t.createClientRow('Original');
    const row = {id: clientId, name: 'Original'};
    const phoneA = await device(dana);
    const phoneB = await device(tom);
    proxy.setOnline(false);
    // Both edit from the same row they last saw; clients have no lock_version: the last write wins, as in Rails.
    const first = pipelineFor(phoneA).update('clients', row, {name: 'Edited on A'})!;
    const second = pipelineFor(phoneB).update('clients', row, {name: 'Edited on B'})!;
    await Promise.all([first.client, second.client]);
    proxy.setOnline(true);
    await Promise.all([first.server, second.server]);
    const logs = await eventually(async () => {
      const rows = await t.sql`select metadata->'changes'->'name' as name, user_id from activity_logs
        where loggable_id = ${clientId} order by created_at, xmin::text::bigint`;
      return rows.length === 2 ? rows : undefined;
    });
    const [one, two] = logs.map((l) => l.name as [string, string]);
    expect(one![0]).toBe('Original');
    expect(two![0]).toBe(one![1]); // the second log's before is the first log's after
    expect(new Set([one![1], two![1]])).toEqual(new Set(['Edited on A', 'Edited on B']));
    const [final] = await t.sql`select name from clients where id = ${clientId}`;
    expect(final!.name).toBe(two![1]);
  });
});
