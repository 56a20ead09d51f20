// A sign-in that expires while the device is offline (issue 14, §3): writes
// queue in the outbox; at reconnect the old token is refused, the connection
// goes to `needs-auth`, the app's refresh hook (`sync.getAuth`) issues a new
// token, and the replay resumes — every queued batch applied exactly once, in
// order, nothing lost, nothing duplicated, nothing dead-lettered.
import 'fake-indexeddb/auto';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import type {BatchWrite} from '../../src/sync/batch-write.ts';
import type {SyncState} from '../../src/sync/status/derive-sync-state.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {startTcpProxy, type TcpProxy} from '../support/tcp-proxy.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack();
let proxy: TcpProxy;
let client: ZamClient | undefined;

beforeAll(async () => {
  proxy = await startTcpProxy(t.stack.cacheURL);
});
afterAll(async () => {
  await client?.close().catch(() => {});
  await proxy?.close();
});

test('a token that expires offline: needs-auth at reconnect, the refresh hook signs in again, the queued writes apply once each', async () => {
  const userID = await t.createUser();
  const clientRow = await t.createClientRow();
  const tokenVersion = await t.tokenVersion(userID);
  // JWT expiry has one-second granularity: a token that lasts a few seconds.
  const shortLived = await t.stack.auth.issue(userID, {expiresIn: '4s', tokenVersion});
  const expiresAt = Date.now() + 4_000;
  const refreshed: string[] = [];
  client = createZamClient({
    cacheURL: proxy.url,
    userID,
    auth: shortLived,
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync: {
      outbox: {name: `outbox-expiry-${userID}`},
      // The app's refresh hook: a new sign-in (here: the server issues a fresh token).
      getAuth: async () => {
        const token = await t.stack.auth.issue(userID, {tokenVersion});
        refreshed.push(token);
        return token;
      },
    },
  });
  const states: SyncState[] = [];
  client.sync.subscribeStatus((s) => states.push(s.state));
  await client.sync.ready;
  await eventually(async () => client!.zero.connection.state.current.name === 'connected', 20_000);

  // Offline, then the token runs out while writes queue up.
  proxy.setOnline(false);
  const writer = createWritePipeline<BatchWrite>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => client!.mutateBatch(b)});
  const writes: BatchWrite[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const created = writer.create('jobs', {client_id: clientRow, title: `Expiry ${i}`});
    writes.push(created.write);
    ids.push(created.id);
    if (i % 4 === 0) writes.push(writer.update('jobs', {id: created.id, client_id: clientRow, title: `Expiry ${i}`, status: 'open', priority: 2}, {priority: 4})!);
  }
  await Promise.all(writes.map((w) => w.client));
  expect(await client.sync.store.count()).toBe(writes.length);
  await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 1_500));
  expect(await t.sql`select 1 from jobs where id = any(${ids})`).toHaveLength(0);

  proxy.setOnline(true);
  await client.sync.flush({timeoutMs: 90_000});
  await expect(Promise.all(writes.map((w) => w.server))).resolves.toHaveLength(writes.length);

  // The reconnect went through needs-auth, and the hook was what got it out.
  expect(states).toContain('needs-auth');
  expect(refreshed.length).toBeGreaterThanOrEqual(1);
  // Exactly once, in creation order, with one created log per job.
  const batchIds = writes.map((w) => w.batchId);
  const applied = await t.sql`select batch_id from zam.applied_batches where batch_id = any(${batchIds}) order by applied_txid, applied_at`;
  expect(applied.map((r) => r.batch_id)).toEqual(batchIds);
  expect(await t.sql`select count(*)::int as n from jobs where id = any(${ids})`).toEqual([{n: 20}]);
  expect(await t.sql`select count(*)::int as n from jobs where id = any(${ids}) and priority = 4`).toEqual([{n: 5}]);
  const logs = await t.sql`select action, count(*)::int as n from activity_logs where loggable_id = any(${ids}) group by action order by action`;
  expect(logs).toEqual([
    {action: 'created', n: 20},
    {action: 'updated', n: 5},
  ]);
  expect(await client.sync.store.count()).toBe(0);
  expect(await client.sync.store.countDeadLetters()).toBe(0);
}, 180_000);
