import {flushSync, mount, unmount} from 'svelte';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {RecordNotFoundError} from '../errors/record-not-found-error.ts';
import {fixtureModels, jobConfig} from '../contract/testing/fixture-models.ts';
import type {JobRow} from '../record/testing/fixture-rows.ts';
import {MemoryModelStore} from '../record/testing/memory-model-store.ts';
import {seedFixtures} from '../record/testing/model-conformance.ts';
import {createReactiveModel, type ReactiveModel} from './create-reactive-model.svelte.ts';
import JobList from './testing/JobList.svelte';
import JobTitle from './testing/JobTitle.svelte';

/** createSubscriber counts readers down a microtask after teardown. */
const microtask = () => new Promise<void>(resolve => queueMicrotask(resolve));

describe('ReactiveRecord in components', () => {
  let store: MemoryModelStore;
  let Job: ReactiveModel<JobRow, typeof jobConfig>;
  let target: HTMLElement;

  beforeEach(() => {
    store = new MemoryModelStore(fixtureModels);
    seedFixtures(store);
    Job = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, {source: store, writer: store, models: fixtureModels});
    target = document.createElement('div');
    document.body.append(target);
  });

  afterEach(() => target.remove());

  const titles = () => [...target.querySelectorAll('li')].map(li => li.textContent);

  it('a list updates when another client inserts a row, and its view is destroyed on unmount', async () => {
    const app = mount(JobList, {target, props: {Job, clientId: 'c2'}});
    flushSync();
    expect(titles()).toEqual(['Pipes', 'Old shed']);
    expect(store.listenerCount()).toBe(1);

    // "Another client": a row arrives in the data source, not through this model.
    store.insertRow('jobs', {...store.evaluate({v: 1, table: 'jobs', where: [], orderBy: [], limit: 1, offset: 0, includes: []})[0], id: 'j7', title: 'Drains', status: 'open', client_id: 'c2'});
    flushSync();
    expect(titles()).toEqual(['Pipes', 'Old shed', 'Drains']);

    // A write through the model leaves the scope → row disappears.
    await Job.update('j2', {status: 'done'});
    flushSync();
    expect(titles()).toEqual(['Old shed', 'Drains']);

    await unmount(app);
    await microtask();
    expect(store.listenerCount()).toBe(0);
    expect(store.views.size).toBe(0);
  });

  it('shows isLoading until the result is complete', async () => {
    store.initialResultType = 'unknown';
    const app = mount(JobList, {target, props: {Job, clientId: 'c1'}});
    flushSync();
    expect(target.querySelector('.loading')).not.toBeNull();
    expect(titles()).toEqual(['Boiler']); // local data already shows
    store.complete();
    flushSync();
    expect(target.querySelector('.loading')).toBeNull();
    await unmount(app);
    await microtask();
    expect(store.listenerCount()).toBe(0);
  });

  it('a single record updates in place', async () => {
    const app = mount(JobTitle, {target, props: {Job, id: 'j3'}});
    flushSync();
    expect(target.querySelector('h1')?.textContent).toBe('Boiler');
    expect(target.querySelector('.status')?.textContent).toBe('not done');
    store.patchRow('jobs', 'j3', {title: 'Boiler (urgent)', status: 'done'});
    flushSync();
    expect(target.querySelector('h1')?.textContent).toBe('Boiler (urgent)');
    expect(target.querySelector('.status')?.textContent).toBe('done');
    await unmount(app);
    await microtask();
    expect(store.listenerCount()).toBe(0);
  });

  it('a missing record reports RecordNotFoundError once complete', async () => {
    const app = mount(JobTitle, {target, props: {Job, id: 'nope'}});
    flushSync();
    expect(target.querySelector('.error')?.textContent).toContain("Couldn't find Job");
    await unmount(app);
    await microtask();
    expect(store.listenerCount()).toBe(0);
  });

  it('outside components, reads take a snapshot and leak no view', async () => {
    const jobs = Job.open();
    expect(jobs.records.map(j => j.id)).toEqual(['j2', 'j3', 'j4']);
    expect(jobs.isLoading).toBe(false);
    const job = Job.find('j1');
    expect(job.title).toBe('Roof');
    expect(job.isDone).toBe(true);
    expect(Job.find('zz').error).toBeInstanceOf(RecordNotFoundError);
    expect(store.views.size).toBe(0);
    expect((await Job.find('j1')).title).toBe('Roof');
    expect(await Job.find_by({title: 'zz'})).toBeNull();
  });

  it('writes through a single reactive result', async () => {
    const job = Job.find('j1');
    await job.update({title: 'Slate roof'});
    expect(job.title).toBe('Slate roof');
    expect(store.writes.at(-1)).toMatchObject({op: 'update', values: {title: 'Slate roof'}});
  });

  it('records keep identity for unchanged rows across updates', () => {
    let seen: unknown[][] = [];
    const jobs = Job.open();
    const cleanup = $effect.root(() => {
      $effect(() => {
        seen.push([...jobs.records]);
      });
    });
    flushSync();
    store.patchRow('jobs', 'j4', {title: 'Shed'});
    flushSync();
    expect(seen).toHaveLength(2);
    const [before, after] = seen as [unknown[], unknown[]];
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    cleanup();
    seen = [];
  });
});
