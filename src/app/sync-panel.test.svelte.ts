import {flushSync, mount, unmount} from 'svelte';
import {expect, it, vi} from 'vitest';
import {BATCH_FORMAT_VERSION, type DeadLetterRecord, type SyncStatusSnapshot} from 'zero-active-models';
import SyncPanel from './SyncPanel.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

it('shows state, pending and dead letters; retry and discard call the sync engine', async () => {
  let listener: (s: SyncStatusSnapshot) => void = () => {};
  const status: SyncStatusSnapshot = {state: 'offline', pending: 3, oldestPendingAgeMs: 5_000, deadLetters: 1, lastError: null, isLeader: true, replayer: 'waiting'};
  const dead: DeadLetterRecord = {
    version: 1,
    batchId: 'b1',
    batch: {v: BATCH_FORMAT_VERSION, id: 'b1', ops: [{op: 'insert', table: 'tasks', value: {id: 't'}}], createdAt: 0},
    seq: 1,
    createdAt: 0,
    attempts: 1,
    rejection: {code: 'constraint_violation', message: 'no such job', opIndex: 0},
    deadAt: 0,
  };
  let deadLetters = [dead];
  const sync = {
    status,
    subscribeStatus: (l: (s: SyncStatusSnapshot) => void) => ((listener = l), () => {}),
    listDeadLetters: vi.fn(async () => deadLetters),
    retryDeadLetter: vi.fn(async () => {
      deadLetters = [];
    }),
    discardDeadLetter: vi.fn(async () => {}),
    flush: vi.fn(async () => {}),
  };
  const target = document.createElement('div');
  const app = mount(SyncPanel, {target, props: {sync}});
  await tick();
  flushSync();
  const text = (id: string) => target.querySelector(`[data-testid=${id}]`)?.textContent?.trim();
  expect(text('sync-state')).toBe('offline');
  expect(text('sync-pending')).toBe('3');
  expect(text('sync-oldest')).toBe('5 s');
  expect(text('dead-letter-error')).toContain('constraint_violation (op 0): no such job');

  (target.querySelector('[data-testid=dead-letter-retry]') as HTMLButtonElement).click();
  await tick();
  await tick();
  flushSync();
  expect(sync.retryDeadLetter).toHaveBeenCalledWith('b1');
  expect(target.querySelectorAll('[data-testid=dead-letter]')).toHaveLength(0);

  listener({...status, state: 'online', pending: 0, deadLetters: 0});
  flushSync();
  expect(text('sync-state')).toBe('online');
  await unmount(app);
});
