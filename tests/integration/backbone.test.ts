import {createBuilder} from '@rocicorp/zero';
import {describe, expect, test} from 'vitest';
import {schema} from '../../generated/schema.ts';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../src/contract/batch.ts';
import type {BatchWrite} from '../../src/sync/batch-write.ts';
import type {ZamClient} from '../../src/zero/zam-client.ts';
import {rejectionOf} from '../support/rejection-of.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack();
const zql = createBuilder(schema);

function writerFor(client: ZamClient) {
  return createWritePipeline<BatchWrite>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => client.mutateBatch(b)});
}

function batchOf(ops: BatchOp[], id = crypto.randomUUID()): Batch {
  return {v: BATCH_FORMAT_VERSION, id, ops, createdAt: Date.now()};
}

async function lastMutationID(clientID: string): Promise<number> {
  const rows = await t.sql`select "lastMutationID" as n from zero_0.clients where "clientID" = ${clientID}`;
  return rows.length === 0 ? 0 : Number(rows[0]!.n);
}

describe('a model write is one Zero mutation and one PostgreSQL transaction', () => {
  test('job, its activity log and Zero lastMutationID share one xmin', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const before = await lastMutationID(client.zero.clientID);

    const {id, write} = writerFor(client).create('jobs', {client_id: clientId, title: 'Fix boiler'});
    await write.client;
    await expect(write.server).resolves.toEqual({status: 'applied'});

    expect(await lastMutationID(client.zero.clientID)).toBe(before + 1);
    const [job] = await t.sql`select xmin::text as x from jobs where id = ${id}`;
    const logs = await t.sql`select xmin::text as x, action, job_id, client_id, user_id, loggable_type, loggable_id
      from activity_logs where loggable_id = ${id}`;
    const [zeroClient] = await t.sql`select xmin::text as x from zero_0.clients where "clientID" = ${client.zero.clientID}`;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({action: 'created', job_id: id, client_id: clientId, user_id: userID, loggable_type: 'Job'});
    expect(job!.x).toBe(logs[0]!.x);
    expect(zeroClient!.x).toBe(job!.x);
  });

  test("a task's log carries its job_id and that job's client_id", async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const writer = writerFor(client);
    const job = writer.create('jobs', {client_id: clientId, title: 'Inspect roof'});
    const task = writer.create('tasks', {job_id: job.id, title: 'Bring ladder'});
    await job.write.server;
    await task.write.server;
    const [log] = await t.sql`select job_id, client_id, loggable_type from activity_logs where loggable_id = ${task.id}`;
    expect(log).toEqual({job_id: job.id, client_id: clientId, loggable_type: 'Task'});
  });
});

describe('atomicity and rejection', () => {
  test('a batch whose second op violates a foreign key leaves nothing behind', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const jobId = crypto.randomUUID();
    const now = Date.now();
    const write = client.mutateBatch(
      batchOf([
        {op: 'insert', table: 'jobs', value: {id: jobId, client_id: clientId, title: 'Orphan-maker', created_at: now, updated_at: now}},
        {op: 'insert', table: 'tasks', value: {id: crypto.randomUUID(), job_id: crypto.randomUUID(), title: 'No such job'}},
      ]),
    );
    await write.client;
    // Optimistically the job is there …
    const local = () => client.zero.run(zql.jobs.where('id', jobId) as never) as Promise<unknown[]>;
    expect(await local()).toHaveLength(1);

    const error = await rejectionOf(write);
    expect(error.rejection).toMatchObject({code: 'constraint_violation', opIndex: 1, table: 'tasks', pgCode: '23503'});
    expect(await t.sql`select 1 from jobs where id = ${jobId}`).toHaveLength(0);
    // … and gone once the server has answered.
    await eventually(async () => (await local()).length === 0);
  });

  test('replaying a batch id from a second client writes once and reports already-applied', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const first = await t.connect(userID);
    const second = await t.connect(userID);
    const now = Date.now();
    const batch = batchOf([
      {op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'Replay Ltd', created_at: now, updated_at: now}},
      {op: 'update', table: 'clients', value: {id: clientId, notes: 'replayed'}},
    ]);
    await expect(first.mutateBatch(batch).server).resolves.toEqual({status: 'applied'});
    await expect(second.mutateBatch(batch).server).resolves.toEqual({status: 'already-applied'});
    expect(await t.sql`select 1 from clients where name = 'Replay Ltd'`).toHaveLength(1);
    expect(await t.sql`select 1 from zam.applied_batches where batch_id = ${batch.id}`).toHaveLength(1);
  });
});

describe('the server decides (I7)', () => {
  const cases: [string, () => BatchOp, string][] = [
    ['unknown table', () => ({op: 'insert', table: 'secrets', value: {id: crypto.randomUUID()}}), 'unknown_table'],
    [
      'unknown column',
      () => ({op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'X', is_admin: true}}),
      'unknown_column',
    ],
    [
      'wrong value type',
      () => ({op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 42}}),
      'invalid_value',
    ],
    [
      'oversized payload',
      () => ({op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'Big', notes: 'x'.repeat(300_000)}}),
      'payload_too_large',
    ],
  ];
  for (const [name, makeOp, code] of cases) {
    test(`${name}: the server rejects it with ${code} and writes nothing`, async () => {
      const userID = await t.createUser();
      const marker = crypto.randomUUID();
      const now = Date.now();
      const batch = batchOf([
        {op: 'insert', table: 'clients', value: {id: marker, name: 'Should not exist', created_at: now, updated_at: now}},
        makeOp(),
      ]);
      // Straight to the push endpoint, as a hostile client would: the server alone must refuse it.
      const res = await push(`Bearer ${await t.token(userID)}`, batch);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {mutations: {result: {error?: string; details?: {code?: string; opIndex?: number}}}[]};
      expect(body.mutations[0]!.result).toMatchObject({error: 'app', details: {code}});
      if (code !== 'payload_too_large') expect(body.mutations[0]!.result.details!.opIndex).toBe(1);
      expect(await t.sql`select 1 from clients where id = ${marker}`).toHaveLength(0);
      expect(await t.sql`select 1 from zam.applied_batches where batch_id = ${batch.id}`).toHaveLength(0);
    });
  }

  test('the Zero client refuses the same batches up front with the same structured error', async () => {
    const userID = await t.createUser();
    const client = await t.connect(userID);
    for (const [, makeOp, code] of cases.filter(([, , c]) => c !== 'payload_too_large')) {
      const marker = crypto.randomUUID();
      const write = client.mutateBatch(
        batchOf([{op: 'insert', table: 'clients', value: {id: marker, name: 'Nope', created_at: 1, updated_at: 1}}, makeOp()]),
      );
      await expect(write.client).rejects.toThrow();
      const error = await rejectionOf(write);
      expect(error.rejection).toMatchObject({code, opIndex: 1});
      expect(await t.sql`select 1 from clients where id = ${marker}`).toHaveLength(0);
    }
  });

  let mutationSeq = 0;
  async function push(authorization: string | undefined, batch: Batch) {
    const now = Date.now();
    mutationSeq += 1;
    const body = {
      clientGroupID: `cg-raw-${mutationSeq}`,
      mutations: [{type: 'custom', id: 1, clientID: `c-raw-${mutationSeq}`, name: 'zam.batch', timestamp: now, args: [batch]}],
      pushVersion: 1,
      timestamp: now,
      requestID: `r${mutationSeq}`,
    };
    const headers: Record<string, string> = {'content-type': 'application/json'};
    if (authorization !== undefined) headers.authorization = authorization;
    return await fetch(`${t.stack.apiURL}/api/push?schema=zero_0&appID=zero`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
  }

  async function pushWithAuth(authorization: string | undefined) {
    const marker = crypto.randomUUID();
    const now = Date.now();
    const res = await push(
      authorization,
      batchOf([{op: 'insert', table: 'clients', value: {id: marker, name: 'Forged', created_at: now, updated_at: now}}]),
    );
    return {res, marker};
  }

  test('a push without a token gets 401 and writes nothing', async () => {
    const {res, marker} = await pushWithAuth(undefined);
    expect(res.status).toBe(401);
    expect((await res.json()) as unknown).toMatchObject({error: 'unauthorized'});
    expect(await t.sql`select 1 from clients where id = ${marker}`).toHaveLength(0);
  });

  test('a push with a forged token gets 401 and writes nothing', async () => {
    const {createAuthenticator} = await import('../../src/server/auth.ts');
    const forger = createAuthenticator('a-different-secret-that-is-long-enough-000');
    const token = await forger.issue(crypto.randomUUID());
    const {res, marker} = await pushWithAuth(`Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(await t.sql`select 1 from clients where id = ${marker}`).toHaveLength(0);
  });

  test('a Zero client with a forged token ends in needs-auth and writes nothing', async () => {
    const userID = await t.createUser();
    const client = await t.connect(userID, {auth: 'not.a.jwt'});
    const id = crypto.randomUUID();
    const now = Date.now();
    void client
      .mutateBatch(batchOf([{op: 'insert', table: 'clients', value: {id, name: 'Forged', created_at: now, updated_at: now}}]))
      .server.catch(() => {});
    await eventually(async () => client.zero.connection.state.current.name === 'needs-auth', 20_000);
    expect(await t.sql`select 1 from clients where id = ${id}`).toHaveLength(0);
  });

  test("activity_logs.user_id is the token's user even when the client sends another", async () => {
    const userID = await t.createUser();
    const otherUser = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const now = Date.now();
    const logId = crypto.randomUUID();
    const write = client.mutateBatch(
      batchOf([
        {op: 'update', table: 'clients', value: {id: clientId, notes: 'impersonation attempt'}},
        {
          op: 'log',
          table: 'activity_logs',
          value: {id: logId, action: 'updated', metadata: {}, user_id: otherUser, created_at: now, updated_at: now},
          loggable: {table: 'clients', id: clientId},
        },
      ]),
    );
    await expect(write.server).resolves.toEqual({status: 'applied'});
    const rows = await t.sql`select id, user_id from activity_logs where id = ${logId}`;
    expect(rows).toEqual([{id: logId, user_id: userID}]);
  });
});

describe('activity logging of updates', () => {
  test('an update sends only changed columns and logs before/after of exactly those', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const writer = writerFor(client);
    const created = writer.create('jobs', {client_id: clientId, title: 'Old title', priority: 2});
    await created.write.server;
    const [row] = await t.sql`select * from jobs where id = ${created.id}`;
    const before = {
      ...row,
      created_at: (row!.created_at as Date).getTime(),
      updated_at: (row!.updated_at as Date).getTime(),
    } as unknown as Record<string, never>;

    // A concurrent edit of another column by someone else must survive our update.
    await t.sql`update jobs set description = 'set by someone else' where id = ${created.id}`;
    const write = writer.update('jobs', before, {title: 'New title', priority: 2, status: 'open'});
    expect(write).not.toBeNull();
    await write!.server;

    const [after] = await t.sql`select title, description from jobs where id = ${created.id}`;
    expect(after).toEqual({title: 'New title', description: 'set by someone else'});
    const [log] = await t.sql`select action, metadata from activity_logs where loggable_id = ${created.id} and action <> 'created'`;
    expect(log!.action).toBe('renamed');
    expect(log!.metadata).toEqual({changes: {title: ['Old title', 'New title']}, name: 'New title', actor: expect.any(Object), device_at: expect.any(Number)});

    // Based on the version the first update left (optimistic locking).
    const statusWrite = writer.update('jobs', {...before, title: 'New title', lock_version: 1}, {status: 'done', title: 'New title'});
    await statusWrite!.server;
    const logs = await t.sql`select action, metadata from activity_logs where loggable_id = ${created.id} order by created_at, action`;
    expect(logs.map((l) => l.action)).toContain('status_changed');
    expect(logs.find((l) => l.action === 'status_changed')!.metadata).toMatchObject({changes: {status: ['open', 'done']}});
  });

  test('destroying a job logs "deleted" with the job reference cleared and its client kept', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const writer = writerFor(client);
    const created = writer.create('jobs', {client_id: clientId, title: 'Short-lived'});
    await created.write.server;
    const [row] = await t.sql`select id, client_id, title from jobs where id = ${created.id}`;
    await writer.destroy('jobs', row as never).server;
    expect(await t.sql`select 1 from jobs where id = ${created.id}`).toHaveLength(0);
    const [log] = await t.sql`select job_id, client_id, metadata from activity_logs where loggable_id = ${created.id} and action = 'deleted'`;
    expect(log).toMatchObject({job_id: null, client_id: clientId});
    expect((log!.metadata as {snapshot: {title: string}}).snapshot.title).toBe('Short-lived');
  });
});

describe('every op kind', () => {
  test('upsert inserts then overwrites; discard logs "discarded" and keeps the row', async () => {
    const userID = await t.createUser();
    const clientId = await t.createClientRow();
    const client = await t.connect(userID);
    const id = crypto.randomUUID();
    const now = Date.now();
    await client.mutateBatch(batchOf([{op: 'upsert', table: 'clients', value: {id, name: 'Upserted', created_at: now, updated_at: now}}])).server;
    await client.mutateBatch(batchOf([{op: 'upsert', table: 'clients', value: {id, name: 'Upserted again', created_at: now, updated_at: now}}])).server;
    expect(await t.sql`select name from clients where id = ${id}`).toEqual([{name: 'Upserted again'}]);

    const writer = writerFor(client);
    const created = writer.create('jobs', {client_id: clientId, title: 'To discard'});
    await created.write.server;
    const [row] = await t.sql`select id, discarded_at from jobs where id = ${created.id}`;
    await writer.discard('jobs', {...row, discarded_at: null} as never)!.server;
    const [after] = await t.sql`select discarded_at from jobs where id = ${created.id}`;
    expect(after!.discarded_at).toBeInstanceOf(Date);
    const [log] = await t.sql`select action, job_id from activity_logs where loggable_id = ${created.id} and action = 'discarded'`;
    expect(log).toEqual({action: 'discarded', job_id: created.id});
  });
});
