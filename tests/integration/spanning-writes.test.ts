// Writes that span records on the real stack, for both model flavours: a
// transaction, a relation write, a destroy with dependents — each ONE batch:
// one Zero mutation, one PostgreSQL transaction, every row with its log.
import 'fake-indexeddb/auto';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {clientConfig, type ClientRow} from '../../generated/models/client.config.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {userConfig, type UserRow} from '../../generated/models/user.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {ReactiveClient, ReactiveJob, ReactiveTask, ReactiveUser} from '../../generated/svelte.ts';
import {createActiveModel, type ActiveModel} from '../../src/record/create-active-model.ts';
import {establishConnection} from '../../src/record/establish-connection.ts';
import type {ModelDeps} from '../../src/record/model-core.ts';
import {transaction} from '../../src/record/transaction.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {rejectionOf} from '../support/rejection-of.ts';
import {startTcpProxy, type TcpProxy} from '../support/tcp-proxy.ts';
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

type Models = {
  readonly Job: ActiveModel<JobRow, typeof jobConfig>;
  readonly Task: ActiveModel<TaskRow, typeof taskConfig>;
  readonly Client: ActiveModel<ClientRow, typeof clientConfig>;
  readonly User: ActiveModel<UserRow, typeof userConfig>;
};
const FLAVOURS: readonly {name: string; makeModels: (deps: ModelDeps) => Models}[] = [
  {
    name: 'ActiveRecord',
    makeModels: (deps) => ({
      Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
      Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
      Client: createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
      User: createActiveModel<UserRow, typeof userConfig>(userConfig, deps),
    }),
  },
  {
    name: 'ReactiveRecord (generated, establishConnection)',
    makeModels: (deps) => {
      establishConnection(deps);
      return {Job: ReactiveJob, Task: ReactiveTask, Client: ReactiveClient, User: ReactiveUser} as unknown as Models;
    },
  },
];

/** A device behind the switchable proxy with a durable (fake-indexeddb) outbox, and its models. */
async function device(flavour: (typeof FLAVOURS)[number]) {
  // An admin: these writes span users and delete clients, which the demo's policies leave to admins.
  const userID = await t.createUser(undefined, {role: 'admin'});
  const zam = createZamClient({
    cacheURL: proxy.url,
    userID,
    auth: await t.token(userID),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    sync: {outbox: {name: `spanning-${crypto.randomUUID()}`}},
  });
  opened.push(zam);
  await zam.sync.ready;
  const deps = connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
  return {zam, userID, deps, m: flavour.makeModels(deps)};
}

async function lastMutationID(clientID: string): Promise<number> {
  const rows = await t.sql`select "lastMutationID" as n from zero_0.clients where "clientID" = ${clientID}`;
  return rows.length === 0 ? 0 : Number(rows[0]!.n);
}

for (const flavour of FLAVOURS) {
  describe(`writes that span records: ${flavour.name}`, () => {
    test('a job and 3 tasks in one transaction: one Zero mutation, one xmin for all 8 rows', async () => {
      const {zam, m, userID} = await device(flavour);
      const clientId = await t.createClientRow();
      await eventually(() => m.Client.find_by({id: clientId}));
      const before = await lastMutationID(zam.zero.clientID);
      // Model.transaction: the models' own connection (ActiveRecord here has explicit deps, no global one).
      const write = m.Job.transaction(async () => {
        const job = await m.Job.create({client_id: clientId, title: 'Replace boiler'});
        for (const title of ['Drain', 'Remove old', 'Fit new']) await m.Task.create({job_id: job.id, title});
        return job.id;
      });
      const jobId = await write;
      await expect(write.server).resolves.toMatchObject({status: 'applied'});
      expect(await lastMutationID(zam.zero.clientID)).toBe(before + 1);
      const rows = await t.sql`
        select xmin::text as x from jobs where id = ${jobId}
        union all select xmin::text from tasks where job_id = ${jobId}
        union all select xmin::text from activity_logs where job_id = ${jobId}`;
      expect(rows).toHaveLength(8);
      expect(new Set(rows.map((r) => r.x)).size).toBe(1);
      const logs = await t.sql`select action, loggable_type, user_id from activity_logs where job_id = ${jobId} order by loggable_type`;
      expect(logs.map((l) => `${l.action as string} ${l.loggable_type as string}`)).toEqual(['created Job', 'created Task', 'created Task', 'created Task']);
      expect(logs.every((l) => l.user_id === userID)).toBe(true);
    });

    test('a throw inside: nothing in the outbox, nothing sent', async () => {
      const {zam, m} = await device(flavour);
      const clientId = await t.createClientRow();
      const before = await lastMutationID(zam.zero.clientID);
      const title = `Never ${crypto.randomUUID()}`;
      const write = m.Job.transaction(async () => {
        await m.Job.create({client_id: clientId, title});
        throw new Error('abandoned');
      });
      await expect(write).rejects.toThrow('abandoned');
      await expect(write.server).rejects.toThrow('abandoned');
      expect(await zam.sync.store.count()).toBe(0);
      expect(await lastMutationID(zam.zero.clientID)).toBe(before);
      expect(await t.sql`select 1 from jobs where title = ${title}`).toHaveLength(0);
    });

    test('offline: the transaction is queued and replayed as one batch', async () => {
      const {zam, m} = await device(flavour);
      const clientId = await t.createClientRow();
      await eventually(() => m.Client.find_by({id: clientId}));
      proxy.setOnline(false);
      try {
        // The standalone form, nested in the model's (it joins): one batch either way.
        const write = m.Client.transaction(() => transaction(async () => {
          const job = await m.Job.create({client_id: clientId, title: 'Offline job'});
          await m.Task.create({job_id: job.id, title: 'Offline task'});
          return job.id;
        }));
        const jobId = await write;
        expect(await zam.sync.store.count()).toBe(1);
        expect((await m.Task.where({job_id: jobId}).count())).toBe(1); // shown at once (I6)
        proxy.setOnline(true);
        await write.server;
        const batches = await t.sql`select op_count from zam.applied_batches where applied_txid = (select xmin::text::bigint from jobs where id = ${jobId})`;
        expect(batches).toEqual([{op_count: 4}]);
      } finally {
        proxy.setOnline(true);
      }
    });

    test('a server rejection of one record: the whole batch is a dead letter and every optimistic row goes', async () => {
      const {zam, m} = await device(flavour);
      // users.email is withheld from sync (User::ZERO_PRIVATE); display names are unique too.
      const taken = `Taken ${crypto.randomUUID()}`;
      await t.createUser(undefined, {name: taken});
      const clientId = await t.createClientRow();
      await eventually(() => m.Client.find_by({id: clientId}));
      const title = `Doomed ${crypto.randomUUID()}`;
      // Offline first, so the optimistic rows can be seen before the server answers.
      proxy.setOnline(false);
      let write;
      try {
        // The duplicate name passes the device's validations (uniqueness is the server's).
        write = m.Job.transaction(async () => {
          await m.Job.create({client_id: clientId, title});
          await m.User.create({name: taken});
        });
        await write;
        expect(await m.Job.where({title}).count()).toBe(1);
      } finally {
        proxy.setOnline(true);
      }
      const error = await rejectionOf(write);
      expect(error.rejection).toMatchObject({code: 'record_invalid', errors: {name: ['has already been taken']}});
      const dead = await zam.sync.listDeadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]!.batch.ops.filter((op) => op.op !== 'log').map((op) => op.table)).toEqual(['jobs', 'users']);
      await eventually(async () => (await m.Job.where({title}).count()) === 0);
      expect(await t.sql`select 1 from jobs where title = ${title}`).toHaveLength(0);
    });

    test('update_all on 50 rows: one batch, 50 logs', async () => {
      const {m} = await device(flavour);
      const clientId = await t.createClientRow();
      const jobId = crypto.randomUUID();
      await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Many tasks', now(), now())`;
      for (let i = 0; i < 50; i++) {
        await t.sql`insert into tasks (id, job_id, title, position, created_at, updated_at) values (${crypto.randomUUID()}, ${jobId}, ${`Task ${i}`}, ${i + 1}, now(), now())`;
      }
      await eventually(async () => (await m.Task.where({job_id: jobId}).count()) === 50);
      const write = m.Task.where({job_id: jobId, completed: false}).update_all({completed: true});
      await expect(write).resolves.toBe(50);
      await write.server;
      const rows = await t.sql`select count(distinct xmin::text)::int as txs, count(*)::int as n from tasks where job_id = ${jobId} and completed`;
      expect(rows[0]).toEqual({txs: 1, n: 50});
      const logs = await t.sql`select count(*)::int as n from activity_logs where job_id = ${jobId} and loggable_type = 'Task' and metadata->'changes' ? 'completed'`;
      expect(logs[0]!.n).toBe(50);
    });

    test('reordering 20 tasks: one batch, ONE reordered log on the job, none per task; the job reads its tasks in order', async () => {
      const {m} = await device(flavour);
      const clientId = await t.createClientRow();
      const jobId = crypto.randomUUID();
      await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Ordered', now(), now())`;
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const id = crypto.randomUUID();
        ids.push(id);
        await t.sql`insert into tasks (id, job_id, title, position, created_at, updated_at) values (${id}, ${jobId}, ${`Step ${i + 1}`}, ${i + 1}, now(), now())`;
      }
      await eventually(async () => (await m.Task.where({job_id: jobId}).count()) === 20);
      const last = (await m.Task.find(ids[19]!)) as unknown as {move_to(p: number): PromiseLike<unknown> & {server: Promise<unknown>}};
      await last.move_to(1).server;
      const rows = await t.sql`select id, position, xmin::text as x from tasks where job_id = ${jobId} order by position`;
      expect(rows.map((r) => r.id)).toEqual([ids[19], ...ids.slice(0, 19)]);
      expect(new Set(rows.map((r) => r.x)).size).toBe(1);
      const logs = await t.sql`select action, loggable_type, metadata from activity_logs where job_id = ${jobId}`;
      expect(logs.map((l) => `${l.action as string} ${l.loggable_type as string}`)).toEqual(['reordered Job']);
      expect((logs[0]!.metadata as {moves: unknown[]}).moves).toHaveLength(20);
      const job = await eventually(async () => {
        const found = (await m.Job.includes('tasks').find(jobId)) as unknown as {tasks: {id: string; position: number}[]};
        return found.tasks[0]?.id === ids[19] ? found : undefined;
      });
      expect(job.tasks.map((task) => task.id)).toEqual([ids[19], ...ids.slice(0, 19)]);
    });

    test('destroying a client with jobs and tasks: every row gone and logged, one transaction', async () => {
      const {m} = await device(flavour);
      const clientId = await t.createClientRow('Closing down');
      const jobIds = [crypto.randomUUID(), crypto.randomUUID()];
      for (const jobId of jobIds) {
        await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Last job', now(), now())`;
        for (let i = 0; i < 2; i++) await t.sql`insert into tasks (id, job_id, title, created_at, updated_at) values (${crypto.randomUUID()}, ${jobId}, 'T', now(), now())`;
      }
      const client = await eventually(() => m.Client.find_by({id: clientId}));
      await client.destroy().server;
      expect(await t.sql`select 1 from clients where id = ${clientId}`).toHaveLength(0);
      expect(await t.sql`select 1 from jobs where client_id = ${clientId}`).toHaveLength(0);
      const logs = await t.sql`select loggable_type, count(*)::int as n, count(distinct xmin::text)::int as txs from activity_logs
        where action = 'deleted' and (loggable_id = ${clientId} or loggable_id = any(${jobIds}) or metadata->'snapshot'->>'job_id' = any(${jobIds}))
        group by loggable_type order by loggable_type`;
      expect(logs.map((l) => [l.loggable_type, l.n])).toEqual([['Client', 1], ['Job', 2], ['Task', 4]]);
      const txs = await t.sql`select count(distinct xmin::text)::int as n from activity_logs where action = 'deleted' and (loggable_id = ${clientId} or loggable_id = any(${jobIds}) or metadata->'snapshot'->>'job_id' = any(${jobIds}))`;
      expect(txs[0]!.n).toBe(1);
    });
  });
}
