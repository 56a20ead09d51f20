import {flushSync, mount, unmount} from 'svelte';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {RecordNotFoundError} from '../errors/record-not-found-error.ts';
import {fixtureModels, jobConfig} from '../contract/testing/fixture-models.ts';
import type {ModelDeps} from '../record/model-core.ts';
import type {JobRow} from '../record/testing/fixture-rows.ts';
import {MemoryModelStore} from '../record/testing/memory-model-store.ts';
import {seedFixtures} from '../record/testing/model-conformance.ts';
import {createReactiveModel, type ReactiveModel} from './create-reactive-model.svelte.ts';
import FilteredJobs from './testing/FilteredJobs.svelte';
import JobList from './testing/JobList.svelte';
import JobTitle from './testing/JobTitle.svelte';
import ReadyOffline from './testing/ReadyOffline.svelte';

/** createSubscriber counts readers down a microtask after teardown. */
const microtask = () => new Promise<void>(resolve => queueMicrotask(resolve));

describe('ReactiveRecord reads that last offline', () => {
  let store: MemoryModelStore;
  let deps: ModelDeps;
  let Job: ReactiveModel<JobRow, typeof jobConfig>;
  let target: HTMLElement;

  beforeEach(() => {
    store = new MemoryModelStore(fixtureModels);
    seedFixtures(store);
    deps = {source: store, writer: store, models: fixtureModels};
    Job = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
    target = document.createElement('div');
    document.body.append(target);
  });

  afterEach(() => target.remove());

  const titles = () => [...target.querySelectorAll('li')].map(li => li.textContent);
  const text = (selector: string) => target.querySelector(selector)?.textContent;

  it('offline, a list stops loading and shows what the device has; back online it loads again', async () => {
    store.initialResultType = 'unknown';
    const app = mount(JobList, {target, props: {Job, clientId: 'c1'}});
    flushSync();
    expect(target.querySelector('.loading')).not.toBeNull();
    store.connection.set('offline');
    flushSync();
    expect(target.querySelector('.loading')).toBeNull();
    expect(titles()).toEqual(['Boiler']);
    store.connection.set('online');
    flushSync();
    expect(target.querySelector('.loading')).not.toBeNull();
    await unmount(app);
    await microtask();
    expect(store.listenerCount()).toBe(0);
    expect(store.connection.listenerCount()).toBe(0);
  });

  it('a record that is not on the device is "not found" offline, not loading forever', async () => {
    store.initialResultType = 'unknown';
    store.connection.set('offline');
    const app = mount(JobTitle, {target, props: {Job, id: 'j-never-synced'}});
    flushSync();
    expect(text('.error')).toContain("Couldn't find Job");
    const job = Job.find('j-never-synced');
    expect(job.error).toBeInstanceOf(RecordNotFoundError);
    expect(job.resultType).toBe('local');
    expect(job.isLoading).toBe(false);
    expect(Job.find('j3').title).toBe('Boiler');
    await unmount(app);
  });

  it('liveRelation keeps the previous rows while a changed filter loads, then shows the new ones', async () => {
    store.initialResultType = 'unknown';
    const props = $state({Job, clientId: 'c1'});
    const app = mount(FilteredJobs, {target, props});
    flushSync();
    expect(titles()).toEqual(['Roof', 'Boiler']);
    expect(text('.state')).toBe('unknown loading');

    props.clientId = 'c3'; // nothing of c3 on the device yet
    flushSync();
    expect(titles()).toEqual(['Roof', 'Boiler']);
    expect(text('.state')).toBe('unknown loading placeholder');
    await microtask();
    expect(store.views.size).toBe(1); // the previous query's view is closed

    store.insertRow('jobs', {id: 'j7', title: 'Vents', status: 'open', priority: 2, client_id: 'c3', tags: [], settings: {}, discarded_at: null, created_at: 1, updated_at: 1});
    flushSync();
    expect(titles()).toEqual(['Vents']);
    expect(text('.state')).toBe('unknown loading');

    props.clientId = 'c2'; // on the device: switches at once
    flushSync();
    expect(titles()).toEqual(['Pipes', 'Old shed']);

    store.connection.set('offline');
    props.clientId = 'c9'; // offline, the device's empty answer is final
    flushSync();
    expect(titles()).toEqual([]);
    expect(text('.state')).toBe('local');
    await unmount(app);
    await microtask();
    expect(store.views.size).toBe(0);
  });

  it('reactivePreloadStatus follows preloads for a "ready offline" indicator', async () => {
    store.initialResultType = 'unknown';
    const app = mount(ReadyOffline, {target, props: {deps}});
    flushSync();
    expect(text('.ready')).toBe('ready offline: 0 jobs, 0 tasks');
    const mine = Job.forClient('c1').includes('tasks').preload({ttl: '7d'});
    await microtask();
    flushSync();
    expect(text('.ready')).toBe('ready offline: 2 jobs, 2 tasks (syncing)');
    store.complete();
    await mine.complete;
    await microtask();
    flushSync();
    expect(text('.ready')).toBe('ready offline: 2 jobs, 2 tasks');
    mine.cleanup();
    await microtask();
    flushSync();
    expect(text('.ready')).toBe('ready offline: 0 jobs, 0 tasks');
    await unmount(app);
  });
});
