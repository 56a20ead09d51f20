import {describe, expect, test} from 'vitest';
import type {ModelConfig} from '../contract/model-config.ts';
import {clientConfig, jobConfig, taskConfig} from '../contract/testing/fixture-models.ts';
import {createActiveModel} from './create-active-model.ts';
import {MemoryModelStore} from './testing/memory-model-store.ts';

// `default_scope { urgent.order(title: :asc) }` on the fixture Job (urgent: priority >= 3).
const jobs: ModelConfig = {...jobConfig, defaultScope: [{op: 'scope', name: 'urgent', args: []}, {op: 'order', column: 'title', direction: 'asc'}]};
const models = [jobs, clientConfig, taskConfig];

function setup() {
  const store = new MemoryModelStore(models);
  store.tables.set('jobs', [
    {id: 'j1', title: 'b', priority: 5, client_id: null},
    {id: 'j2', title: 'a', priority: 4, client_id: null},
    {id: 'j3', title: 'c', priority: 1, client_id: null},
  ]);
  return createActiveModel<{id: string; title: string; priority: number; client_id: string | null}>(jobs, {source: store, writer: store, models});
}

const titles = (rows: readonly {title: string}[]) => rows.map((r) => r.title);

describe('default_scope', () => {
  test('applies to every read: its conditions, and its order before the relation\'s own', async () => {
    const Job = setup();
    expect(titles(await Job.all().toArray())).toEqual(['a', 'b']);
    expect(titles(await Job.where({priority: [1, 5]}).toArray())).toEqual(['b']);
    expect(await Job.count()).toBe(2);
    expect((await Job.first())?.title).toBe('a');
    expect((await Job.last())?.title).toBe('b');
  });

  test('unscoped() bypasses it; reorder replaces its order', async () => {
    const Job = setup();
    expect(titles(await Job.unscoped().order('title', 'desc').toArray())).toEqual(['c', 'b', 'a']);
    expect(titles(await Job.all().reorder('priority', 'asc').toArray())).toEqual(['a', 'b']);
  });
});
