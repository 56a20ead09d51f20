import {flushSync, mount, unmount} from 'svelte';
import {expect, it, vi} from 'vitest';
import {BATCH_FORMAT_VERSION, type Batch, type DeadLetterRecord, type OutboxRecord, type SyncStatusSnapshot} from 'zero-active-models';
import SyncPanel from './SyncPanel.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** What the engine's retryDeadLetter resolves with: the batch (edited or not) pending again in the outbox. */
const requeued = (batchId: string, edited?: Batch): OutboxRecord => {
  const batch = edited ?? {v: BATCH_FORMAT_VERSION, id: batchId, ops: [], createdAt: 0};
  return {version: 1, seq: 99, batchId: batch.id, batch, createdAt: 0, attempts: 0, nextAttemptAt: null, lastError: null, status: 'pending'};
};

it('shows state, pending and dead letters; retry and discard call the sync engine', async () => {
  let listener: (s: SyncStatusSnapshot) => void = () => {};
  const status: SyncStatusSnapshot = {state: 'offline', pending: 3, oldestPendingAgeMs: 5_000, deadLetters: 1, lastError: null, isLeader: true, replayer: 'waiting', storage: null};
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
    retryDeadLetter: vi.fn(async (batchId: string, edited?: Batch) => {
      deadLetters = [];
      return requeued(batchId, edited);
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
  expect(text('sync-storage-error')).toBeUndefined();

  listener({...status, state: 'error', storage: {code: 'outbox_unavailable', reason: 'quota-exceeded', message: 'The device is out of storage'}});
  flushSync();
  expect(text('sync-state')).toBe('error');
  expect(text('sync-storage-error')).toBe('The device is out of storage');
  await unmount(app);
});

it("shows the server's field errors, and for a stale edit offers keep mine (re-based) / keep theirs", async () => {
  const status: SyncStatusSnapshot = {state: 'online', pending: 0, oldestPendingAgeMs: null, deadLetters: 2, lastError: null, isLeader: true, replayer: 'idle', storage: null};
  const base = {version: 1, seq: 1, createdAt: 0, attempts: 1, deadAt: 0} as const;
  const invalid: DeadLetterRecord = {
    ...base,
    batchId: 'b-invalid',
    batch: {v: BATCH_FORMAT_VERSION, id: 'b-invalid', ops: [{op: 'update', table: 'jobs', value: {id: 'j', title: ''}}], createdAt: 0},
    rejection: {code: 'record_invalid', message: 'Job is invalid', opIndex: 0, errors: {title: ["can't be blank"]}, fullMessages: ["Title can't be blank"]},
  };
  const stale: DeadLetterRecord = {
    ...base,
    batchId: 'b-stale',
    batch: {v: BATCH_FORMAT_VERSION, id: 'b-stale', ops: [{op: 'update', table: 'jobs', value: {id: 'j', priority: 4, lock_version: 1}, expected: {lock_version: 0}}], createdAt: 0},
    rejection: {code: 'stale_object', message: 'changed', opIndex: 0, table: 'jobs', column: 'lock_version', lockVersion: {expected: 0, actual: 2}},
  };
  const sync = {
    status,
    subscribeStatus: () => () => {},
    listDeadLetters: vi.fn(async () => [invalid, stale]),
    retryDeadLetter: vi.fn(async (batchId: string, edited?: Batch) => requeued(batchId, edited)),
    discardDeadLetter: vi.fn(async () => {}),
    flush: vi.fn(async () => {}),
  };
  const target = document.createElement('div');
  const app = mount(SyncPanel, {target, props: {sync}});
  await tick();
  flushSync();
  const [first, second] = [...target.querySelectorAll('[data-testid=dead-letter]')];
  expect(first?.querySelector('[data-testid=dead-letter-field-errors]')?.textContent).toContain("Title can't be blank");
  expect(second?.querySelector('[data-testid=dead-letter-stale]')?.textContent).toContain('version 0, now 2');
  expect(second?.querySelector('[data-testid=dead-letter-retry]')).toBeNull();
  (second?.querySelector('[data-testid=dead-letter-keep-mine]') as HTMLButtonElement).click();
  await tick();
  const [batchId, rebased] = sync.retryDeadLetter.mock.calls[0] as unknown as [string, {id: string; ops: {expected?: unknown; value: unknown}[]}];
  expect(batchId).toBe('b-stale');
  expect(rebased.id).not.toBe('b-stale');
  expect(rebased.ops[0]).toMatchObject({expected: {lock_version: 2}, value: {priority: 4, lock_version: 3}});
  (second?.querySelector('[data-testid=dead-letter-keep-theirs]') as HTMLButtonElement).click();
  await tick();
  expect(sync.discardDeadLetter).toHaveBeenCalledWith('b-stale');
  await unmount(app);
});

it('follows a new sync engine: its status and dead letters show, and the old engine is unsubscribed', async () => {
  const base: SyncStatusSnapshot = {state: 'offline', pending: 2, oldestPendingAgeMs: null, deadLetters: 0, lastError: null, isLeader: true, replayer: 'waiting', storage: null};
  const engine = (status: SyncStatusSnapshot, dead: DeadLetterRecord[]) => {
    const unsubscribe = vi.fn();
    return {
      unsubscribe,
      status,
      subscribeStatus: vi.fn(() => unsubscribe),
      listDeadLetters: vi.fn(async () => dead),
      retryDeadLetter: vi.fn(async (batchId: string, edited?: Batch) => requeued(batchId, edited)),
      discardDeadLetter: vi.fn(async () => {}),
      flush: vi.fn(async () => {}),
    };
  };
  const dead: DeadLetterRecord = {
    version: 1,
    batchId: 'b2',
    batch: {v: BATCH_FORMAT_VERSION, id: 'b2', ops: [{op: 'insert', table: 'jobs', value: {id: 'j'}}], createdAt: 0},
    seq: 1,
    createdAt: 0,
    attempts: 1,
    rejection: {code: 'forbidden', message: 'not yours'},
    deadAt: 0,
  };
  const first = engine(base, []);
  const second = engine({...base, state: 'online', pending: 0, deadLetters: 1}, [dead]);
  const props = $state({sync: first});
  const target = document.createElement('div');
  const app = mount(SyncPanel, {target, props});
  await tick();
  flushSync();
  const text = (id: string) => target.querySelector(`[data-testid=${id}]`)?.textContent?.trim();
  expect(text('sync-state')).toBe('offline');
  expect(target.querySelectorAll('[data-testid=dead-letter]')).toHaveLength(0);

  props.sync = second;
  flushSync();
  await tick();
  flushSync();
  expect(text('sync-state')).toBe('online');
  expect(text('dead-letter-error')).toContain('forbidden: not yours');
  expect(first.unsubscribe).toHaveBeenCalledTimes(1);
  expect(second.subscribeStatus).toHaveBeenCalledTimes(1);
  await unmount(app);
});
