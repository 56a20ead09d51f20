// Reads that last offline, on the real stack (PostgreSQL + zero-cache + API
// server), the network cut by a switchable TCP proxy in front of zero-cache:
// a preload brings a client's jobs with their tasks onto the device, so a job
// nobody opened is there offline; offline reads say `local` instead of
// loading forever; a changed query keeps its previous rows until the new ones
// arrive; a preload with a TTL is restored on the next start.
import 'fake-indexeddb/auto';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {preloadKey} from '../../src/contract/preload-registration.ts';
import {emptyQuerySpec} from '../../src/contract/query-spec.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {ModelDeps} from '../../src/record/model-core.ts';
import {preloadStatus} from '../../src/record/preload-status.ts';
import type {SubscribeInfo} from '../../src/record/relation.ts';
import {createReactiveModel} from '../../src/reactive/create-reactive-model.svelte.ts';
import {connectModels, type PreloadLocation} from '../../src/zero/connect-models.ts';
import {IdbPreloadStore} from '../../src/sync/preload/idb-preload-store.ts';
import {modelQueryRequest} from '../../src/zero/model-queries.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
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

/** A technician's device: a Zero client through the proxy, and the models over it. */
async function device(userID: string, options: {kvStore?: 'mem' | 'idb'; storageKey?: string; preloads?: PreloadLocation} = {}) {
  const zam = createZamClient({
    cacheURL: proxy.url,
    userID,
    auth: await t.token(userID),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: options.kvStore ?? 'mem',
    storageKey: options.storageKey,
    sync: {outbox: 'memory'},
  });
  opened.push(zam);
  await zam.sync.ready;
  const deps: ModelDeps = connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG, preloads: options.preloads ?? 'session'});
  return {
    zam,
    deps,
    Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
    Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
    ReactiveJob: createReactiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
  };
}

/** A client with `jobs` jobs of three tasks each, written by the office (straight into PostgreSQL). */
async function officeClient(name: string, jobs: number): Promise<{clientId: string; jobIds: string[]}> {
  const clientId = await t.createClientRow(name);
  const jobIds: string[] = [];
  for (let i = 0; i < jobs; i++) {
    const [job] = await t.sql`insert into jobs (client_id, title, created_at, updated_at)
      values (${clientId}, ${`${name} job ${i}`}, now(), now()) returning id`;
    jobIds.push(job!.id as string);
    for (let p = 1; p <= 3; p++) {
      await t.sql`insert into tasks (job_id, title, position, created_at, updated_at) values (${job!.id}, ${`Task ${p}`}, ${p}, now(), now())`;
    }
  }
  return {clientId, jobIds};
}

const connected = (zam: ZamClient) => eventually(async () => zam.zero.connection.state.current.name === 'connected');
async function cutConnection(zam: ZamClient) {
  proxy.setOnline(false);
  await eventually(async () => zam.zero.connection.state.current.name !== 'connected');
}

/** The deliveries of a subscription, and a wait for one that matches. */
function recorder<T extends {id: string}>() {
  const seen: {ids: string[]; info: SubscribeInfo}[] = [];
  return {
    seen,
    cb: (records: T[], info: SubscribeInfo) => seen.push({ids: records.map(r => r.id).sort(), info}),
    until: (match: (d: {ids: string[]; info: SubscribeInfo}) => boolean) => eventually(async () => seen.some(match)),
  };
}

describe('reads that last offline', () => {
  test('after a preload of a client\'s jobs with their tasks, a job never opened is there offline, with its tasks', async () => {
    proxy.setOnline(true);
    const {clientId, jobIds} = await officeClient('Preloaded Ltd', 4);
    const other = await officeClient('Never Synced plc', 1);
    const tech = await device(await t.createUser());
    await connected(tech.zam);

    const preload = tech.Job.where({client_id: clientId}).includes('tasks', 'client').preload({ttl: '7d'});
    await preload.complete;
    expect(preloadStatus(tech.deps)).toMatchObject({queries: 1, complete: true, counts: {Client: 1, Job: 4, Task: 12}});
    // `stored` counts what Zero has written to IndexedDB, which it does after the rows arrive.
    await expect.poll(() => preloadStatus(tech.deps).stored, {timeout: 20_000}).toEqual({Client: 1, Job: 4, Task: 12});

    await cutConnection(tech.zam);
    // Nobody read this job (or its tasks) on this device: the preload brought them.
    const neverOpened = jobIds[2]!;
    const job = (await tech.Job.includes('tasks').find(neverOpened)) as unknown as JobRow & {tasks: TaskRow[]};
    expect(job.title).toBe('Preloaded Ltd job 2');
    expect(job.tasks.map(task => task.title).sort()).toEqual(['Task 1', 'Task 2', 'Task 3']);
    expect((await tech.Task.where({job_id: neverOpened}).order('position')).map(task => task.position)).toEqual([1, 2, 3]);
    // Not preloaded, never read: not on the device (and the read says so at once, offline).
    await expect(tech.Job.find_by({id: other.jobIds[0]!})).resolves.toBeNull();
    proxy.setOnline(true);
  });

  test('offline, a live relation reports a local result instead of loading forever, in both flavours', async () => {
    proxy.setOnline(true);
    const {clientId} = await officeClient('Offline Answers', 2);
    const missing = await officeClient('Not Here', 1);
    const tech = await device(await t.createUser());
    await connected(tech.zam);
    await tech.Job.where({client_id: clientId}).preload().complete;
    await cutConnection(tech.zam);

    const held = recorder<JobRow>();
    const stopHeld = tech.Job.where({client_id: clientId}).subscribe(held.cb);
    const absent = recorder<JobRow>();
    const stopAbsent = tech.Job.where({client_id: missing.clientId}).subscribe(absent.cb);
    expect(held.seen.at(-1)).toMatchObject({info: {resultType: 'local'}});
    expect(held.seen.at(-1)?.ids).toHaveLength(2);
    expect(absent.seen).toEqual([{ids: [], info: {resultType: 'local'}}]); // empty, and known to be the device's answer

    const reactive = tech.ReactiveJob.where({client_id: missing.clientId});
    expect(reactive.records).toEqual([]);
    expect(reactive.resultType).toBe('local');
    expect(reactive.isLoading).toBe(false);
    const record = tech.ReactiveJob.find(missing.jobIds[0]!);
    expect(record.resultType).toBe('local');
    expect(record.error).toMatchObject({code: 'record_not_found'});

    // Back online: the queries load again and complete with the server's rows.
    proxy.setOnline(true);
    await absent.until(d => d.info.resultType === 'complete' && d.ids.length === 1);
    await held.until(d => d.info.resultType === 'complete' && d.ids.length === 2);
    stopHeld();
    stopAbsent();
  });

  test('a changed query keeps the previous rows until the new ones arrive', async () => {
    proxy.setOnline(true);
    const first = await officeClient('First Choice', 2);
    const second = await officeClient('Second Choice', 3);
    const tech = await device(await t.createUser());
    await connected(tech.zam);
    const jobs = recorder<JobRow>();
    const stopFirst = tech.Job.where({client_id: first.clientId}).subscribe(jobs.cb);
    await jobs.until(d => d.info.resultType === 'complete');
    const before = jobs.seen.length;

    // The technician picks another client, whose jobs were never read on this device.
    const stopSecond = tech.Job.where({client_id: second.clientId}).subscribe(jobs.cb, {replacing: stopFirst});
    await jobs.until(d => d.info.resultType === 'complete');
    await jobs.until(d => d.ids.length === 3 && d.info.resultType === 'complete');
    const after = jobs.seen.slice(before);
    // First the previous rows (flagged), never an empty list, then the new rows.
    expect(after[0]).toEqual({ids: [...first.jobIds].sort(), info: {resultType: 'unknown', placeholder: true}});
    expect(after.every(d => d.ids.length > 0)).toBe(true);
    expect(after.at(-1)).toEqual({ids: [...second.jobIds].sort(), info: {resultType: 'complete'}});
    stopSecond();
  });

  test('a preload with a TTL is restored on the next start: offline after a restart, the jobs are still there and counted', async () => {
    proxy.setOnline(true);
    const {clientId, jobIds} = await officeClient('Restart Co', 3);
    const userID = await t.createUser();
    const storageKey = `restart-${userID}`;
    const preloads = {name: `zam-preloads:restart-${userID}`};
    const before = await device(userID, {kvStore: 'idb', storageKey, preloads});
    await connected(before.zam);
    await before.deps.source.preloads?.ready;
    await before.Job.where({client_id: clientId}).includes('tasks').preload({ttl: '7d'}).complete;
    await before.deps.source.preloads?.settled();
    // Zero writes what it synced to IndexedDB after ~1 s idle; let it, then close the app.
    await new Promise(resolve => setTimeout(resolve, 1_500));
    before.deps.source.preloads?.close();
    await before.zam.close();

    proxy.setOnline(false);
    const after = await device(userID, {kvStore: 'idb', storageKey, preloads});
    await after.deps.source.preloads?.ready;
    await eventually(async () => preloadStatus(after.deps).counts['Task'] === 9);
    expect(preloadStatus(after.deps)).toEqual({queries: 1, complete: false, counts: {Job: 3, Task: 9}, stored: {Job: 3, Task: 9}});
    const job = (await after.Job.includes('tasks').find(jobIds[1]!)) as unknown as JobRow & {tasks: TaskRow[]};
    expect(job.tasks).toHaveLength(3);
    proxy.setOnline(true);
    await eventually(async () => preloadStatus(after.deps).complete);
  });

  test('preloads go through the same validated named queries: a tampered registration on the device is dropped, never sent', async () => {
    proxy.setOnline(true);
    const userID = await t.createUser();
    const name = `zam-preloads:tampered-${userID}`;
    // Someone with the device edits its IndexedDB: a spec the model layer would never build.
    const store = await IdbPreloadStore.open(name);
    const forged = {...emptyQuerySpec('users'), where: [{type: 'simple' as const, column: 'password_digest', op: '!=' as const, value: ''}]};
    await store.put({v: 1, key: preloadKey(forged), spec: forged, expiresAt: null});
    store.close();

    const tech = await device(userID, {preloads: {name}});
    await tech.deps.source.preloads?.ready;
    await tech.deps.source.preloads?.settled();
    expect(preloadStatus(tech.deps)).toEqual({queries: 0, complete: true, counts: {}, stored: {}});
    const reopened = await IdbPreloadStore.open(name);
    expect(await reopened.load()).toEqual([]);
    reopened.close();
    // The same check guards the named query itself, before anything reaches zero-cache.
    expect(() => tech.zam.zero.materialize(modelQueryRequest(modelQueries, forged) as never)).toThrow(/password_digest/);
  });
});
