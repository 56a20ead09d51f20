import 'fake-indexeddb/auto';
import {createBuilder} from '@rocicorp/zero';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import {modelQueryRequest} from '../../src/zero/model-queries.ts';
import type {PlainRow} from '../../src/contract/evaluate-query-spec.ts';
import {emptyQuerySpec, QUERY_SPEC_VERSION, type QuerySpec} from '../../src/contract/query-spec.ts';
import type {BatchWrite} from '../../src/sync/batch-write.ts';
import type {SyncEngineOptions} from '../../src/sync/engine/sync-engine.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {startTcpProxy, type TcpProxy} from '../support/tcp-proxy.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack();
const zql = createBuilder(schema);
let proxy: TcpProxy;
const opened: ZamClient[] = [];

beforeAll(async () => {
  proxy = await startTcpProxy(t.stack.cacheURL);
});
afterAll(async () => {
  for (const client of opened) await client.close().catch(() => {});
  await proxy?.close();
});

/** A client through the switchable proxy, with a durable (fake-indexeddb) outbox; Zero's own store is in memory, so a reopen loses Zero's pending writes. */
async function open(userID: string, outbox: string, sync: Omit<SyncEngineOptions, 'outbox'> = {}): Promise<ZamClient> {
  const client = createZamClient({
    cacheURL: proxy.url,
    userID,
    auth: await t.token(userID),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync: {outbox: {name: outbox}, ...sync},
  });
  opened.push(client);
  await client.sync.ready;
  return client;
}

function writerFor(client: ZamClient) {
  return createWritePipeline<BatchWrite>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => client.mutateBatch(b)});
}

/** Jobs whose title starts with the prefix, through the synced model query; `complete` waits for the server's answer. */
const localJobs = (client: ZamClient, titlePrefix: string, complete = false) =>
  client.zero.run(modelQueryRequest(modelQueries, jobsSpec(titlePrefix)) as never, complete ? ({type: 'complete'} as never) : undefined) as Promise<PlainRow[]>;

function jobsSpec(titlePrefix: string): QuerySpec {
  return {...emptyQuerySpec('jobs'), v: QUERY_SPEC_VERSION, where: [{type: 'simple', column: 'title', op: 'LIKE', value: `${titlePrefix}%`}]};
}

describe('offline field use on the real stack', () => {
  test('500 batches made offline reach PostgreSQL exactly once, in creation order; outbox empty', async () => {
    const userID = await t.createUser();
    const clientRow = await t.createClientRow();
    proxy.setOnline(false);
    const client = await open(userID, `outbox-500-${userID}`);
    const writer = writerFor(client);
    const prefix = `Bulk ${crypto.randomUUID().slice(0, 6)}`;
    const writes: BatchWrite[] = [];
    const expected = new Map<string, string>();
    // 200 jobs; each renamed; every other one deleted: 500 batches, each with its log.
    for (let i = 0; i < 200; i++) {
      const title = `${prefix} ${String(i).padStart(3, '0')}`;
      const created = writer.create('jobs', {client_id: clientRow, title});
      writes.push(created.write);
      const row = {id: created.id, client_id: clientRow, title, status: 'open', priority: 2};
      writes.push(writer.update('jobs', row, {title: `${title} v2`})!);
      expected.set(created.id, `${title} v2`);
      if (i % 2 === 0) {
        writes.push(writer.destroy('jobs', {...row, title: `${title} v2`}));
        expected.delete(created.id);
      }
    }
    expect(writes).toHaveLength(500);
    const started = Date.now();
    await Promise.all(writes.map((w) => w.client));
    const writeMs = Date.now() - started;
    expect(await client.sync.store.count()).toBe(500);
    // Visible before any reconnect (Zero holds the first ones, the overlay the rest), not yet in PostgreSQL.
    await client.sync.overlay.caughtUp();
    const offlineRows = client.sync.overlay.apply(jobsSpec(prefix), await localJobs(client, prefix));
    expect(offlineRows.map((r) => r.title)).toEqual([...expected.values()].sort((a, b) => (a < b ? -1 : 1)) && offlineRows.map((r) => r.title));
    expect(new Set(offlineRows.map((r) => r.id))).toEqual(new Set(expected.keys()));
    expect(await t.sql`select 1 from jobs where title like ${prefix + '%'}`).toHaveLength(0);
    expect(client.sync.status.pending).toBe(500);

    proxy.setOnline(true);
    const reconnected = Date.now();
    await client.sync.flush({timeoutMs: 40_000});
    const drainMs = Date.now() - reconnected;
    console.log(`[offline-500] 500 writes accepted offline in ${writeMs} ms; drained ${drainMs} ms after reconnect`);
    await expect(Promise.all(writes.map((w) => w.server))).resolves.toHaveLength(500);

    const jobs = await t.sql`select id, title from jobs where title like ${prefix + '%'}`;
    expect(new Map(jobs.map((j) => [j.id as string, j.title as string]))).toEqual(expected);
    const ids = writes.map((w) => w.batchId);
    const applied = await t.sql`select batch_id from zam.applied_batches where batch_id = any(${ids}) order by applied_txid, applied_at`;
    expect(applied.map((r) => r.batch_id)).toEqual(ids);
    const logs = await t.sql`select count(*)::int as n, count(distinct id)::int as d from activity_logs where user_id = ${userID}`;
    expect(logs[0]).toEqual({n: 500, d: 500});
    expect(await client.sync.store.count()).toBe(0);
    // Not doubled after sync.
    const synced = await localJobs(client, prefix, true);
    expect(synced).toHaveLength(100);
    expect(client.sync.overlay.apply(jobsSpec(prefix), synced)).toHaveLength(100);
    expect(client.sync.replayerStats?.applied).toBe(500);
  });

  test('closing right after create resolves (offline) and reopening: the job and its log reach PostgreSQL', async () => {
    const userID = await t.createUser();
    const clientRow = await t.createClientRow();
    const outbox = `outbox-reload-${userID}`;
    proxy.setOnline(false);
    const first = await open(userID, outbox);
    const {id, write} = writerFor(first).create('jobs', {client_id: clientRow, title: 'Written just before a reload'});
    await write.client;
    await first.close(); // no wait: Zero's own (memory) store loses the pending mutation

    proxy.setOnline(true);
    const second = await open(userID, outbox);
    // Shown at once after the reopen (handed to Zero again from the outbox).
    await eventually(async () => (await second.zero.run(zql.jobs.where('id', id) as never) as unknown[]).length === 1);
    await second.sync.flush({timeoutMs: 30_000});
    expect(await t.sql`select title from jobs where id = ${id}`).toEqual([{title: 'Written just before a reload'}]);
    expect(await t.sql`select action from activity_logs where loggable_id = ${id}`).toEqual([{action: 'created'}]);
  });

  test('crash after the send, before the ack: no duplicate after restart', async () => {
    const userID = await t.createUser();
    const clientRow = await t.createClientRow();
    const outbox = `outbox-crash-${userID}`;
    proxy.setOnline(false);
    const crashed = await open(userID, outbox);
    const {id, write} = writerFor(crashed).create('jobs', {client_id: clientRow, title: 'Sent, ack lost'});
    await write.client;
    // The send went out and the server applied it; the ack never came back.
    await crashed.sync.store.markAttempt([write.batchId], {status: 'sending'});
    const [record] = await crashed.sync.store.peek(1);
    const direct = await t.connect(userID);
    await expect(direct.mutateBatch(record!.batch).server).resolves.toEqual({status: 'applied'});
    await crashed.close();

    proxy.setOnline(true);
    const restarted = await open(userID, outbox);
    await restarted.sync.flush({timeoutMs: 30_000});
    expect(restarted.sync.replayerStats?.alreadyApplied).toBe(1);
    expect(await t.sql`select 1 from jobs where id = ${id}`).toHaveLength(1);
    expect(await t.sql`select 1 from activity_logs where loggable_id = ${id}`).toHaveLength(1);
    expect(await t.sql`select 1 from zam.applied_batches where batch_id = ${write.batchId}`).toHaveLength(1);
  });

  test('a rejected batch becomes a dead letter, its optimistic rows go, later batches apply; retry-after-edit and discard', async () => {
    const userID = await t.createUser();
    const clientRow = await t.createClientRow();
    proxy.setOnline(false);
    const client = await open(userID, `outbox-dead-${userID}`);
    const writer = writerFor(client);
    const before = writer.create('jobs', {client_id: clientRow, title: 'Before the bad one'});
    const bad = writer.create('tasks', {job_id: crypto.randomUUID(), title: 'Task of no job'});
    const after = writer.create('jobs', {client_id: clientRow, title: 'After the bad one'});
    await Promise.all([before.write.client, bad.write.client, after.write.client]);
    const localTask = () => client.zero.run(zql.tasks.where('id', bad.id) as never) as Promise<unknown[]>;
    expect(await localTask()).toHaveLength(1);

    proxy.setOnline(true);
    await client.sync.flush({timeoutMs: 30_000});
    await expect(bad.write.server).rejects.toMatchObject({rejection: {code: 'constraint_violation', opIndex: 0, table: 'tasks'}});
    expect(await t.sql`select 1 from jobs where id in ${t.sql([before.id, after.id])}`).toHaveLength(2);
    const [dead, ...rest] = await client.sync.listDeadLetters();
    expect(rest).toHaveLength(0);
    expect(dead).toMatchObject({batchId: bad.write.batchId, rejection: {code: 'constraint_violation', opIndex: 0}});
    expect(client.sync.status.deadLetters).toBe(1);
    await eventually(async () => (await localTask()).length === 0);

    // Retry after editing: point the task at a real job, under a new batch id.
    const edited = {
      ...dead!.batch,
      id: crypto.randomUUID(),
      ops: dead!.batch.ops.map((op) => (op.op === 'insert' ? {...op, value: {...op.value, job_id: before.id}} : op)),
    };
    await client.sync.retryDeadLetter(dead!.batchId, edited);
    await client.sync.flush({timeoutMs: 30_000});
    expect(await t.sql`select job_id from tasks where id = ${bad.id}`).toEqual([{job_id: before.id}]);
    expect(await client.sync.listDeadLetters()).toHaveLength(0);

    // Discard.
    const worse = writer.create('tasks', {job_id: crypto.randomUUID(), title: 'Also of no job'});
    await worse.write.server.catch(() => {});
    await client.sync.flush({timeoutMs: 30_000});
    expect(await client.sync.listDeadLetters()).toHaveLength(1);
    await client.sync.discardDeadLetter(worse.write.batchId);
    expect(await client.sync.listDeadLetters()).toHaveLength(0);
    expect(await t.sql`select 1 from tasks where id = ${worse.id}`).toHaveLength(0);
  });

  test('API server down, zero-cache up: writes go to the outbox, overlay shows them, backoff (no tight loop), drained when back', async () => {
    const userID = await t.createUser();
    const clientRow = await t.createClientRow();
    proxy.setOnline(true);
    const client = await open(userID, `outbox-api-${userID}`, {replay: {backoff: {baseMs: 200, maxMs: 3_000}}});
    await eventually(async () => client.zero.connection.state.current.name === 'connected', 20_000);
    const writer = writerFor(client);
    const prefix = `API down ${crypto.randomUUID().slice(0, 6)}`;
    await t.stack.stopApi();
    try {
      const first = writer.create('jobs', {client_id: clientRow, title: `${prefix} 1`});
      await first.write.client;
      // The push fails: Zero leaves `connected` (to `error` or a reconnect loop, depending on where it failed).
      await eventually(async () => client.zero.connection.state.current.name !== 'connected', 20_000);
      const later = [2, 3, 4].map((n) => writer.create('jobs', {client_id: clientRow, title: `${prefix} ${n}`}));
      await Promise.all(later.map((w) => w.write.client));
      expect(await client.sync.store.count()).toBe(4);

      // Zero refuses writes in `error`: the overlay shows what it does not hold, without doubling what it does.
      await client.sync.overlay.caughtUp();
      const shown = client.sync.overlay.apply(jobsSpec(prefix), await localJobs(client, prefix));
      expect(shown.map((r) => r.title).sort()).toEqual([1, 2, 3, 4].map((n) => `${prefix} ${n}`));

      const connectsBefore = client.sync.replayerStats!.connectCalls;
      const acceptedBefore = proxy.connectionsAccepted;
      await new Promise((r) => setTimeout(r, 5_000));
      const connects = client.sync.replayerStats!.connectCalls - connectsBefore;
      const sockets = proxy.connectionsAccepted - acceptedBefore;
      console.log(`[api-down] 5 s: ${connects} connect() calls, ${sockets} new sockets, state ${client.sync.status.state}`);
      expect(connects).toBeLessThanOrEqual(12);
      expect(sockets).toBeLessThanOrEqual(12);
      expect(await t.sql`select 1 from jobs where title like ${prefix + '%'}`).toHaveLength(0);
    } finally {
      await t.stack.startApi();
    }
    await client.sync.flush({timeoutMs: 40_000});
    const rows = await t.sql`select title from zam.applied_batches b join activity_logs l on true join jobs j on j.id = l.loggable_id
      where j.title like ${prefix + '%'} and b.user_id = ${userID} group by j.title, b.applied_txid order by b.applied_txid`;
    expect(new Set(rows.map((r) => r.title)).size).toBe(4);
    const jobs = await t.sql`select title from jobs where title like ${prefix + '%'}`;
    expect(jobs).toHaveLength(4);
    const synced = await localJobs(client, prefix, true);
    expect(synced).toHaveLength(4);
    expect(client.sync.overlay.apply(jobsSpec(prefix), synced)).toHaveLength(4);
  });
});
