import {flushSync, mount, unmount} from 'svelte';
import {afterAll, beforeAll, expect, inject, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {ModelDeps} from '../../src/record/model-core.ts';
import {createReactiveModel} from '../../src/reactive/create-reactive-model.svelte.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import ClientJobs from '../support/ClientJobs.svelte';
import {countedSource, type SourceCounts} from '../support/counted-source.ts';
import JobHeading from '../support/JobHeading.svelte';

// Compiled Svelte 5 components in a DOM, over a REAL Zero client synced with
// zero-cache; "another client" is a second Zero client writing through the
// API server and PostgreSQL.
const provided = inject('zamStack');

const clients: ZamClient[] = [];
const counts: SourceCounts = {open: 0, listeners: 0};

function connect(index: number): ZamClient {
  const user = provided.users[index]!;
  const client = createZamClient({
    cacheURL: provided.cacheURL,
    userID: user.id,
    auth: user.token,
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
    storageKey: `dom-${index}`,
  });
  clients.push(client);
  return client;
}

let readerDeps: ModelDeps;
let writerDeps: ModelDeps;
beforeAll(() => {
  const options = {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG};
  const reader = connectModels(connect(0), options);
  readerDeps = {...reader, source: countedSource(reader.source, counts)};
  writerDeps = connectModels(connect(1), options);
});
afterAll(async () => {
  for (const client of clients) await client.close();
});

const until = async (check: () => boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
    flushSync();
  }
};

test('a list updates when another client inserts a row; a record updates in place; views are destroyed on unmount', async () => {
  const Job = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, readerDeps);
  const OtherClientsJob = createActiveModel<JobRow, typeof jobConfig>(jobConfig, writerDeps);
  const target = document.createElement('div');
  document.body.append(target);
  const titles = () => [...target.querySelectorAll('li')].map((li) => li.textContent);

  const creating = OtherClientsJob.create({client_id: provided.clientId, title: 'A: boiler'});
  const first = await creating;
  await creating.server;

  const list = mount(ClientJobs, {target, props: {Job, clientId: provided.clientId}});
  await until(() => titles().length === 1);
  expect(titles()).toEqual(['A: boiler']);
  expect(counts.open).toBeGreaterThan(0);

  // Another client inserts: the mounted list shows it without any call from us.
  await OtherClientsJob.create({client_id: provided.clientId, title: 'B: drains'}).server;
  await until(() => titles().length === 2);
  expect(titles()).toEqual(['A: boiler', 'B: drains']);

  // A single record updates in place when the other client edits it.
  const heading = document.createElement('div');
  document.body.append(heading);
  const one = mount(JobHeading, {target: heading, props: {Job, id: String(first.id)}});
  await until(() => heading.querySelector('h1')?.textContent === 'A: boiler');
  const h1 = heading.querySelector('h1');
  const edited = await OtherClientsJob.find(String(first.id));
  await edited.update({title: 'A: boiler (fixed)', status: 'done'}).server;
  await until(() => heading.querySelector('h1')?.textContent === 'A: boiler (fixed)');
  expect(heading.querySelector('h1')).toBe(h1); // the same element, patched in place
  expect(heading.querySelector('.status')?.textContent).toBe('done');

  await unmount(one);
  await unmount(list);
  await new Promise((r) => setTimeout(r, 50));
  expect(counts.listeners).toBe(0);
  expect(counts.open).toBe(0);
  target.remove();
  heading.remove();
});
