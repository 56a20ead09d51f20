import 'fake-indexeddb/auto';
import {openDB} from 'idb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {isOutboxClosedError} from '../../errors/outbox-closed-error.ts';
import {isOutboxUnavailableError, type OutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';
import {failWritesWithQuota} from '../testing/fail-writes-with-quota.ts';
import {testBatch} from '../testing/test-batch.ts';
import {IdbOutboxStore} from './idb-outbox-store.ts';
import {OUTBOX_DB_VERSION, OUTBOX_MIGRATIONS, type OutboxDB} from './outbox-schema.ts';

let dbCounter = 0;
const freshName = () => `outbox-failures-${process.pid}-${++dbCounter}`;

afterEach(() => {
  vi.restoreAllMocks();
});

async function rejection(promise: Promise<unknown>): Promise<OutboxUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOutboxUnavailableError(error), `expected OutboxUnavailableError, got ${String(error)}`).toBe(true);
  return error as OutboxUnavailableError;
}

describe('IdbOutboxStore storage failures', () => {
  it('a full disk: append rejects with quota-exceeded, nothing is stored, and later writes work again', async () => {
    const store = await IdbOutboxStore.open({name: freshName(), channel: null});
    failWritesWithQuota();
    const error = await rejection(store.append(testBatch('a')));
    expect(error).toMatchObject({code: 'outbox_unavailable', reason: 'quota-exceeded'});
    expect(error.message).toMatch(/out of storage.*NOT saved.*Free space/);
    vi.restoreAllMocks();
    expect(await store.count()).toBe(0);
    await store.append(testBatch('b'));
    expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['b']);
    store.close();
  });

  it('a full disk in a coalesced group rejects every append of the group', async () => {
    const store = await IdbOutboxStore.open({name: freshName(), channel: null});
    failWritesWithQuota();
    const results = await Promise.allSettled([store.append(testBatch('a')), store.append(testBatch('b'))]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as OutboxUnavailableError).reason : 'fulfilled'))).toEqual([
      'quota-exceeded',
      'quota-exceeded',
    ]);
    vi.restoreAllMocks();
    expect(await store.count()).toBe(0);
    store.close();
  });

  it('a full disk during retry rejects and leaves the dead letter where it was', async () => {
    const store = await IdbOutboxStore.open({name: freshName(), channel: null});
    await store.append(testBatch('a'));
    await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'no'});
    failWritesWithQuota();
    expect((await rejection(store.retry('a'))).reason).toBe('quota-exceeded');
    vi.restoreAllMocks();
    expect([await store.count(), await store.countDeadLetters()]).toEqual([0, 1]);
    store.close();
  });

  it('IndexedDB refusing to open (private mode, storage disabled) rejects with cannot-open', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const error = await rejection(IdbOutboxStore.open({name: freshName(), channel: null}));
    expect(error).toMatchObject({reason: 'cannot-open'});
    expect(error.message).toMatch(/private window.*SecurityError/);
  });

  it('an open that fails asynchronously (the upgrade aborts) rejects with cannot-open', async () => {
    vi.spyOn(IDBDatabase.prototype, 'createObjectStore').mockImplementation(() => {
      throw new DOMException('disk I/O error', 'UnknownError');
    });
    expect((await rejection(IdbOutboxStore.open({name: freshName(), channel: null}))).reason).toBe('cannot-open');
  });

  it('another tab on an older version blocking the upgrade rejects with blocked, and lets go once it closes', async () => {
    const name = freshName();
    // An old release's tab: version 1, and it ignores versionchange.
    const oldTab = await openDB<OutboxDB>(name, 1, {
      upgrade(db, _o, _n, tx) {
        OUTBOX_MIGRATIONS[0]?.(db, tx);
      },
    });
    const error = await rejection(IdbOutboxStore.open({name, channel: null}));
    expect(error).toMatchObject({reason: 'blocked'});
    expect(error.message).toMatch(/another tab.*Close or reload the other tabs/);
    oldTab.close();
    // The late-completing open was released (else this open would block in turn).
    const store = await IdbOutboxStore.open({name, channel: null});
    await store.append(testBatch('a'));
    expect(await store.count()).toBe(1);
    store.close();
  });

  it('another tab upgrading the database closes this store: writes reject with OutboxClosedError(version-change)', async () => {
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: null});
    const newer = await openDB(name, OUTBOX_DB_VERSION + 1);
    newer.close();
    const error = await store.append(testBatch('a')).catch((e: unknown) => e);
    expect(isOutboxClosedError(error) && error.reason).toBe('version-change');
  });

  it.each([
    ['no batch', {version: 1, batchId: 'x'}, /seq \d+: no batch/],
    ['batch without ops', {version: 1, batchId: 'x', batch: {id: 'x'}}, /batch has no ops/],
    ['a mismatched id', {version: 1, batchId: 'x', batch: {id: 'y', ops: []}}, /does not match/],
    ['no version', {batchId: 'x', batch: {id: 'x', ops: []}}, /format version missing/],
  ])('a corrupt record (%s) rejects reads with corrupt-record naming it, and deletes nothing', async (_what, raw, detail) => {
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: null});
    const rawDb = await openDB<OutboxDB>(name, OUTBOX_DB_VERSION);
    await rawDb.add('outbox', raw as never);
    rawDb.close();
    const error = await rejection(store.peek(5));
    expect(error.reason).toBe('corrupt-record');
    expect(error.detail).toMatch(detail);
    expect(error.message).toMatch(/nothing was sent or dropped/);
    expect(await store.count()).toBe(1);
    store.close();
  });
});
