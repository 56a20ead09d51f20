// The fixture app, migrated by the codemod with no edit by hand, renders: its
// components read the generated Reactive* models (here over an in-memory data
// source), update when the data does, and write through the models.
import {cpSync, mkdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {flushSync, mount, unmount, type Component} from 'svelte';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import {establishConnection, removeConnection} from 'zero-active-models';
import {MODELS} from '../../generated/index.ts';
import {migrateProject} from '../../src/codemod/migrate-project.ts';
import {MemoryModelStore} from '../../src/record/testing/memory-model-store.ts';

vi.setConfig({testTimeout: 60_000, hookTimeout: 60_000});

const ROOT = path.resolve(import.meta.dirname, '../..');
// The same depth below the repository as migrate.test.ts's copy: the generated imports resolve alike.
const app = path.join(ROOT, '.tmp', `codemod-render-${process.pid}`, 'old-app');

/** The one piece left in the old style (a TODO: a where callback) still reads through the app's own Zero client. */
function oldZeroClient(): unknown {
  const view = {data: [], addListener: () => () => {}, destroy: () => {}};
  const query: Record<string, unknown> = {materialize: () => view};
  for (const method of ['where', 'orderBy', 'related', 'limit', 'one']) query[method] = () => query;
  return {query: {jobs: query, tasks: query}};
}

let store: MemoryModelStore;
const target = () => document.body.appendChild(document.createElement('div'));
const texts = (root: HTMLElement, selector: string) => [...root.querySelectorAll(selector)].map((e) => e.textContent?.trim());
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 0));
  flushSync();
};

beforeAll(() => {
  rmSync(path.dirname(app), {recursive: true, force: true});
  mkdirSync(path.dirname(app), {recursive: true});
  cpSync(path.join(import.meta.dirname, 'fixtures/old-app'), app, {recursive: true});
  const summary = migrateProject({dir: app, generated: path.join(ROOT, 'generated'), dryRun: false, log: () => {}});
  expect(summary.changed.length).toBe(3);
  (globalThis as {zero?: unknown}).zero = oldZeroClient();
  store = new MemoryModelStore(MODELS);
  store.insertRow('clients', {id: 'c1', name: 'Acme'});
  store.insertRow('jobs', {id: 'j1', client_id: 'c1', title: 'Fix boiler', status: 'open', priority: 0, description: null, assigned_to_id: null, scheduled_on: null, estimated_hours: null, discarded_at: null, created_at: 1000, updated_at: 1000, lock_version: 0});
  store.insertRow('jobs', {id: 'j2', client_id: 'c1', title: 'Paint fence', status: 'done', priority: 0, description: null, assigned_to_id: null, scheduled_on: null, estimated_hours: null, discarded_at: null, created_at: 2000, updated_at: 2000, lock_version: 0});
  store.insertRow('tasks', {id: 't2', job_id: 'j1', title: 'Refill', completed: false, position: 2});
  store.insertRow('tasks', {id: 't1', job_id: 'j1', title: 'Drain', completed: false, position: 1});
  establishConnection({source: store, writer: store, models: MODELS});
});
afterAll(() => {
  removeConnection();
  delete (globalThis as {zero?: unknown}).zero;
  rmSync(path.dirname(app), {recursive: true, force: true});
});

async function load(file: string): Promise<Component<Record<string, unknown>>> {
  return ((await import(/* @vite-ignore */ path.join(app, file))) as {default: Component<Record<string, unknown>>}).default;
}

describe('the migrated fixture app', () => {
  test('ClientJobs lists a client’s jobs newest first, counts the open ones, and adds one through the model', async () => {
    const root = target();
    const component = mount(await load('src/components/ClientJobs.svelte'), {target: root, props: {clientId: 'c1'}});
    await settle();
    expect(texts(root, 'li')).toEqual(['Paint fence', 'Fix boiler']);
    expect(texts(root, '.count')).toEqual(['2 jobs, 1 open']);

    root.querySelector('button')?.click();
    await settle();
    expect(texts(root, 'li')).toHaveLength(3);
    expect(texts(root, 'li')).toContain('New job');
    expect(texts(root, '.count')).toEqual(['3 jobs, 2 open']);
    await unmount(component);
    root.remove();
  });

  test('JobDetail shows the job and its tasks in order; Done updates it through the model', async () => {
    const root = target();
    const component = mount(await load('src/components/JobDetail.svelte'), {target: root, props: {jobId: 'j1'}});
    await settle();
    expect(texts(root, 'h1')).toEqual(['Fix boiler']);
    expect(texts(root, '.status')).toEqual(['open']);
    expect(texts(root, 'li').map((t) => t?.replace(' ×', ''))).toEqual(['Drain', 'Refill']);
    expect(texts(root, '.urgent')).toEqual(['0 urgent']);

    (root.querySelector('h1 + p + button') as HTMLButtonElement).click();
    await settle();
    expect(texts(root, '.status')).toEqual(['done']);
    await unmount(component);
    root.remove();
  });
});
