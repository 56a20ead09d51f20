import 'fake-indexeddb/auto';
import {describe, expect, it} from 'vitest';
import {emptyQuerySpec} from '../../contract/query-spec.ts';
import {preloadKey} from '../../contract/preload-registration.ts';
import {IdbPreloadStore} from './idb-preload-store.ts';

describe('IdbPreloadStore', () => {
  it('keeps registrations across reopen; delete removes one', async () => {
    const name = `preloads-${crypto.randomUUID()}`;
    const jobs = emptyQuerySpec('jobs');
    const tasks = emptyQuerySpec('tasks');
    const first = await IdbPreloadStore.open(name);
    await first.put({v: 1, key: preloadKey(jobs), spec: jobs, expiresAt: 1});
    await first.put({v: 1, key: preloadKey(tasks), spec: tasks, expiresAt: null});
    await first.put({v: 1, key: preloadKey(jobs), spec: jobs, expiresAt: 2}); // same key: replaced
    first.close();
    const second = await IdbPreloadStore.open(name);
    expect(await second.load()).toHaveLength(2);
    await second.delete(preloadKey(tasks));
    expect(await second.load()).toEqual([{v: 1, key: preloadKey(jobs), spec: jobs, expiresAt: 2}]);
    second.close();
  });
});
