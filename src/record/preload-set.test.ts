import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {fixtureModels, jobConfig} from '../contract/testing/fixture-models.ts';
import {preloadKey} from '../contract/preload-registration.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import {InvalidTtlError} from '../errors/invalid-ttl-error.ts';
import {ModelCore} from './model-core.ts';
import {PreloadSet} from './preload-set.ts';
import {Relation} from './relation.ts';
import {MemoryModelStore} from './testing/memory-model-store.ts';
import {MemoryPreloadStore} from './testing/memory-preload-store.ts';
import {seedFixtures} from './testing/model-conformance.ts';

const DAY = 86_400_000;
const microtask = () => new Promise<void>(resolve => queueMicrotask(resolve));

describe('PreloadSet: queries kept on the device across restarts', () => {
  let now: number;
  let device: MemoryPreloadStore;
  const clock = () => now;

  /** A fresh app start on the same device: a new store over the same preload registrations. */
  function start() {
    const store = new MemoryModelStore(fixtureModels, {preloadStore: device, now: clock});
    seedFixtures(store);
    const core = new ModelCore(jobConfig, {source: store, writer: store, models: fixtureModels});
    return {store, jobs: new Relation<object>(core)};
  }

  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_800_000_000_000;
    vi.setSystemTime(now);
    device = new MemoryPreloadStore();
  });
  afterEach(() => vi.useRealTimers());

  const forClient = (jobs: Relation<object>, id: string): QuerySpec => jobs.where({client_id: id} as never).includes('tasks' as never).toSpec();

  it('a preload with a TTL is stored and re-opened on the next start until it expires', async () => {
    const first = start();
    await first.store.preloads.ready;
    first.jobs.where({client_id: 'c1'} as never).includes('tasks' as never).preload({ttl: '7d'});
    await first.store.preloads.settled();
    expect([...device.values.values()]).toEqual([{v: 1, key: preloadKey(forClient(first.jobs, 'c1')), spec: forClient(first.jobs, 'c1'), expiresAt: now + 7 * DAY}]);
    first.store.preloads.close();
    expect(first.store.views.size).toBe(0);

    now += 3 * DAY; // the app is closed for three days, then started again
    const second = start();
    await second.store.preloads.ready;
    expect(second.store.preloads.status).toEqual({queries: 1, complete: true, counts: {Job: 2, Task: 2}, stored: {Job: 2, Task: 2}});
    expect(second.store.views.size).toBe(1); // kept live: Zero keeps syncing it

    // Four days later (the app still running) it expires: view closed, registration gone.
    now += 4 * DAY;
    vi.advanceTimersByTime(4 * DAY);
    expect(second.store.preloads.status.queries).toBe(0);
    expect(second.store.views.size).toBe(0);
    await second.store.preloads.settled();
    expect(device.values.size).toBe(0);
  });

  it('preloading again extends the TTL; without a TTL a preload lasts only the session', async () => {
    const app = start();
    await app.store.preloads.ready;
    const spec = forClient(app.jobs, 'c1');
    app.store.preloads.preload(spec, {ttl: '1d'});
    app.store.preloads.preload(spec, {ttl: '7d'});
    app.store.preloads.preload(spec, {ttl: '1h'}); // shorter: no change
    app.store.preloads.preload(forClient(app.jobs, 'c2')); // session only
    await app.store.preloads.settled();
    expect([...device.values.values()].map(r => (r as {expiresAt: number}).expiresAt)).toEqual([now + 7 * DAY]);
    expect(app.store.preloads.status.queries).toBe(2);
    app.store.preloads.preload(spec, {ttl: 'forever'});
    await app.store.preloads.settled();
    expect([...device.values.values()].map(r => (r as {expiresAt: unknown}).expiresAt)).toEqual([null]);
  });

  it('cleanup ends a preload on this device for good', async () => {
    const app = start();
    await app.store.preloads.ready;
    const handle = app.jobs.where({client_id: 'c1'} as never).preload({ttl: '7d'});
    handle.cleanup();
    handle.cleanup();
    await app.store.preloads.settled();
    expect(device.values.size).toBe(0);
    expect(app.store.preloads.status.queries).toBe(0);
    expect(app.store.views.size).toBe(0);
  });

  it('drops stored registrations that expired, are of another version, or no longer match the models', async () => {
    const app = start();
    const valid = forClient(app.jobs, 'c1');
    const stale = {...valid, where: [{type: 'simple', column: 'dropped_column', op: '=', value: 1}]};
    await device.put({v: 1, key: preloadKey(valid), spec: valid, expiresAt: now + DAY});
    await device.put({v: 1, key: 'expired', spec: forClient(app.jobs, 'c2'), expiresAt: now - 1});
    await device.put({v: 1, key: preloadKey(stale as QuerySpec), spec: stale as QuerySpec, expiresAt: null});
    device.values.set('future', {v: 2, key: 'future', spec: valid, expiresAt: null});
    device.values.set('forged-key', {v: 1, key: 'forged-key', spec: valid, expiresAt: null});
    app.store.preloads.close();

    const next = start();
    await next.store.preloads.ready;
    await next.store.preloads.settled();
    expect([...device.values.keys()]).toEqual([preloadKey(valid)]);
    expect(next.store.preloads.status).toMatchObject({queries: 1, counts: {Job: 2, Task: 2}});
  });

  it('a preload made before the stored ones are restored is kept and merged', async () => {
    const app = start();
    const spec = forClient(app.jobs, 'c1');
    await device.put({v: 1, key: preloadKey(spec), spec, expiresAt: now + DAY});
    app.store.preloads.close();
    const next = start();
    next.store.preloads.preload(spec, {ttl: '7d'}); // before `ready`
    next.store.preloads.preload(forClient(next.jobs, 'c2'), {ttl: '2d'});
    await next.store.preloads.ready;
    await next.store.preloads.settled();
    expect(next.store.preloads.status.queries).toBe(2);
    expect(Object.fromEntries([...device.values.values()].map(r => [(r as {key: string}).key, (r as {expiresAt: number}).expiresAt]))).toEqual({
      [preloadKey(spec)]: now + 7 * DAY,
      [preloadKey(forClient(next.jobs, 'c2'))]: now + 2 * DAY,
    });
  });

  it('subscribers hear each change of the status once per microtask', async () => {
    const app = start();
    const seen: unknown[] = [];
    const stop = app.store.preloads.subscribe(status => seen.push(status.counts));
    const handle = app.jobs.where({client_id: 'c1'} as never).includes('client' as never).preload();
    app.store.insertRow('jobs', {...app.store.evaluate(forClient(app.jobs, 'c1'))[0], id: 'j8'});
    await microtask();
    handle.cleanup();
    await microtask();
    stop();
    expect(seen).toEqual([{}, {Client: 1, Job: 3}, {}]);
  });

  it('rejects TTLs Zero would silently misread', () => {
    const app = start();
    for (const ttl of ['7 days', '1w', '', 'forever!', Number.NaN]) {
      expect(() => app.store.preloads.preload(forClient(app.jobs, 'c1'), {ttl: ttl as never})).toThrow(InvalidTtlError);
    }
    expect(app.store.preloads.status.queries).toBe(0);
  });
});

describe('PreloadSet: stored counts follow the sync client store, not its memory', () => {
  /** A sync client's storage signal: rows come from its store until it syncs; `written()` is one write of its memory to the store. */
  function signal() {
    let listener = () => {};
    let synced = false;
    return {
      fromStorage: () => !synced,
      subscribe: (l: () => void) => ((listener = l), () => (listener = () => {})),
      sync: () => (synced = true),
      written: () => listener(),
    };
  }

  it('counts rows from the store at once; synced rows only after the store was written; nothing without writes', async () => {
    const store = new MemoryModelStore(fixtureModels);
    seedFixtures(store);
    const storage = signal();
    const preloads = new PreloadSet({materialize: spec => store.materialize(spec), models: fixtureModels, storage});
    const jobs = new Relation<object>(new ModelCore(jobConfig, {source: store, writer: store, models: fixtureModels}));
    preloads.preload(jobs.where({client_id: 'c1'} as never).toSpec());
    // Before the first sync every row shown came from the store (a start with no network).
    expect(preloads.status).toMatchObject({counts: {Job: 2}, stored: {Job: 2}});

    storage.sync();
    store.insertRow('jobs', {id: 'j9', title: 'Synced', status: 'open', priority: 1, client_id: 'c1', tags: [], settings: {}, discarded_at: null, created_at: 0, updated_at: 0});
    await microtask();
    expect(preloads.status).toMatchObject({counts: {Job: 3}, stored: {Job: 2}});

    storage.written();
    await microtask();
    expect(preloads.status).toMatchObject({counts: {Job: 3}, stored: {Job: 3}});
    preloads.close();
  });

  it('without a signal, stored equals counts', () => {
    const store = new MemoryModelStore(fixtureModels);
    seedFixtures(store);
    const preloads = new PreloadSet({materialize: spec => store.materialize(spec), models: fixtureModels});
    const jobs = new Relation<object>(new ModelCore(jobConfig, {source: store, writer: store, models: fixtureModels}));
    preloads.preload(jobs.where({client_id: 'c1'} as never).toSpec());
    expect(preloads.status.stored).toBe(preloads.status.counts);
  });
});
