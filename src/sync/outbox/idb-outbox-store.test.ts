import 'fake-indexeddb/auto';
import {openDB} from 'idb';
import {describe, expect, it} from 'vitest';
import {isOutboxClosedError} from '../../errors/outbox-closed-error.ts';
import {isOutboxVersionError} from '../../errors/outbox-version-error.ts';
import {describeOutboxStore} from '../testing/describe-outbox-store.ts';
import {IdbOutboxStore} from './idb-outbox-store.ts';
import type {OutboxChange} from './outbox-change.ts';
import {broadcastOutboxChannel} from './outbox-change-channel.ts';
import {OUTBOX_DB_VERSION, OUTBOX_MIGRATIONS, type OutboxDB} from './outbox-schema.ts';
import {testBatch} from '../testing/test-batch.ts';
import {flushIO, replayerHarness} from '../testing/replayer-harness.ts';
import {isDuplicateBatchError} from '../../errors/duplicate-batch-error.ts';

let dbCounter = 0;
/** A fresh database name per test: fake-indexeddb is one global factory. */
const freshName = () => `outbox-test-${process.pid}-${++dbCounter}`;

describeOutboxStore('IndexedDB (fake-indexeddb)', {
  create: (now) => IdbOutboxStore.open({name: freshName(), channel: null, now}),
});

describe('IdbOutboxStore specifics', () => {
  it('is durable across close and reopen (write-ahead)', async () => {
    const name = freshName();
    const first = await IdbOutboxStore.open({name, channel: null});
    await first.append(testBatch('a'));
    await first.append(testBatch('b'));
    first.close();
    const second = await IdbOutboxStore.open({name, channel: null});
    expect((await second.peek(5)).map((r) => r.batchId)).toEqual(['a', 'b']);
    const c = await second.append(testBatch('c'));
    expect(c.seq).toBe(3);
    second.close();
  });

  it('upgrades a version-1 database, keeping its pending batches', async () => {
    const name = freshName();
    // A device that last ran the release with schema version 1 (no dead letters).
    const old = await openDB<OutboxDB>(name, 1, {
      upgrade(db, _old, _new, tx) {
        OUTBOX_MIGRATIONS[0]?.(db, tx);
      },
    });
    await old.add('outbox', {
      version: 1,
      batchId: 'old',
      batch: testBatch('old'),
      createdAt: 1,
      attempts: 3,
      nextAttemptAt: null,
      lastError: 'offline',
      status: 'sending',
    } as never);
    old.close();

    const store = await IdbOutboxStore.open({name, channel: null});
    expect((await store.peek(5)).map((r) => [r.batchId, r.attempts])).toEqual([['old', 3]]);
    await store.moveToDeadLetters('old', {code: 'invalid_value', message: 'm'});
    expect(await store.countDeadLetters()).toBe(1);
    store.close();
  });

  it('upgrades a version-2 database (unique by_batch index): its pending batches keep their seqs and replay in order', async () => {
    const name = freshName();
    // The layout of the release before: by_batch unique.
    const old = await openDB<OutboxDB>(name, 2, {
      upgrade(db, _old, _new, tx) {
        OUTBOX_MIGRATIONS[0]?.(db, tx);
        OUTBOX_MIGRATIONS[1]?.(db, tx);
      },
    });
    for (const [batchId, status] of [['first', 'sending'], ['second', 'pending'], ['third', 'pending']] as const) {
      await old.add('outbox', {version: 1, batchId, batch: testBatch(batchId), createdAt: 1, attempts: 0, nextAttemptAt: null, lastError: null, status} as never);
    }
    await old.delete('outbox', 2); // a confirmed batch: the key generator must not hand out its seq again
    await old.add('outbox', {version: 1, batchId: 'fourth', batch: testBatch('fourth'), createdAt: 1, attempts: 0, nextAttemptAt: null, lastError: null, status: 'pending'} as never);
    expect(old.transaction('outbox').store.index('by_batch').unique).toBe(true);
    old.close();

    const store = await IdbOutboxStore.open({name, channel: null});
    expect((await store.peek(10)).map((r) => [r.batchId, r.seq])).toEqual([
      ['first', 1],
      ['third', 3],
      ['fourth', 4],
    ]);
    // Pending ids read at open: a duplicate of a migrated batch is still refused.
    expect(isDuplicateBatchError(await store.append(testBatch('third')).catch((e: unknown) => e))).toBe(true);
    expect((await store.append(testBatch('fifth'))).seq).toBe(5);
    const raw = await openDB<OutboxDB>(name, OUTBOX_DB_VERSION);
    expect(raw.transaction('outbox').store.index('by_batch').unique).toBe(false);
    raw.close();

    const h = replayerHarness({store});
    h.replayer.start();
    await expect.poll(async () => (await store.count()) === 0 && h.server.applied.length === 4).toBe(true);
    expect(h.server.applied).toEqual(['first', 'third', 'fourth', 'fifth']);
    await h.replayer.close();
    store.close();
  });

  it('refuses a duplicate after a reload (pending ids are read at open) and after another tab appended it', async () => {
    const name = freshName();
    const first = await IdbOutboxStore.open({name, channel: null});
    await first.append(testBatch('a'));
    first.close();
    const reopened = await IdbOutboxStore.open({name, channel: broadcastOutboxChannel(name) ?? null});
    expect(isDuplicateBatchError(await reopened.append(testBatch('a')).catch((e: unknown) => e))).toBe(true);
    const otherTab = await IdbOutboxStore.open({name, channel: broadcastOutboxChannel(name) ?? null});
    const seen: OutboxChange[] = [];
    reopened.subscribe((c) => seen.push(c));
    await otherTab.append(testBatch('b'));
    await expect.poll(() => seen.length).toBe(1);
    expect(isDuplicateBatchError(await reopened.append(testBatch('b')).catch((e: unknown) => e))).toBe(true);
    // Removed elsewhere: the id may be used again here.
    await otherTab.remove(['b']);
    await expect.poll(() => seen.length).toBe(2);
    expect((await reopened.append(testBatch('b'))).batchId).toBe('b');
    expect(await reopened.count()).toBe(2);
    reopened.close();
    otherTab.close();
  });

  it('two tabs appending one id before either hears of the other: both copies kept in seq order, the server applies it once', async () => {
    const name = freshName();
    const tabA = await IdbOutboxStore.open({name, channel: null});
    const tabB = await IdbOutboxStore.open({name, channel: null});
    await tabA.append(testBatch('x'));
    await tabA.append(testBatch('y'));
    await tabB.append(testBatch('x'));
    expect((await tabA.peek(10)).map((r) => [r.batchId, r.seq])).toEqual([
      ['x', 1],
      ['y', 2],
      ['x', 3],
    ]);
    // By id, the lowest seq first.
    expect((await tabA.get('x'))?.seq).toBe(1);
    const h = replayerHarness({store: tabA});
    h.replayer.start();
    await expect.poll(() => tabA.count()).toBe(0);
    await flushIO();
    expect(h.server.applied).toEqual(['x', 'y']);
    await h.replayer.close();
    tabA.close();
    tabB.close();
  });

  it('refuses a database written by a newer release', async () => {
    const name = freshName();
    const newer = await openDB(name, OUTBOX_DB_VERSION + 1);
    newer.close();
    const error = await IdbOutboxStore.open({name, channel: null}).catch((e: unknown) => e);
    expect(isOutboxVersionError(error)).toBe(true);
  });

  it('refuses a record written in a newer format instead of guessing', async () => {
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: null});
    const raw = await openDB<OutboxDB>(name, OUTBOX_DB_VERSION);
    await raw.add('outbox', {version: 2, batchId: 'x'} as never);
    raw.close();
    expect(isOutboxVersionError(await store.peek(1).catch((e: unknown) => e))).toBe(true);
    store.close();
  });

  it('closes itself when a newer release needs to upgrade', async () => {
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: null});
    const newer = await openDB(name, OUTBOX_DB_VERSION + 1);
    newer.close();
    expect(isOutboxClosedError(await store.count().catch((e: unknown) => e))).toBe(true);
  });

  it('an append still in flight when the store closes resolves (it is on disk) without throwing into the closed channel', async () => {
    // A device crash or sign-out closes the store mid-append; IndexedDB still
    // commits the transaction. Before, the "append" hint went to the closed
    // BroadcastChannel, threw InvalidStateError and left create() hanging.
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: broadcastOutboxChannel(name) ?? null});
    const seen: OutboxChange[] = [];
    store.subscribe((c) => seen.push(c));
    const appending = [store.append(testBatch('a')), store.append(testBatch('b'))];
    await Promise.resolve(); // their transaction has started (appends commit one microtask later)
    store.close();
    const records = await Promise.all(appending);
    expect(records.map((r) => [r.batchId, r.seq])).toEqual([['a', 1], ['b', 2]]);
    expect(seen).toEqual([]);
    const reopened = await IdbOutboxStore.open({name, channel: null});
    expect((await reopened.peek(10)).map((r) => r.batchId)).toEqual(['a', 'b']);
    reopened.close();
  });

  it('tells other tabs about committed changes through a BroadcastChannel', async () => {
    const name = freshName();
    const tabA = await IdbOutboxStore.open({name});
    const tabB = await IdbOutboxStore.open({name, channel: broadcastOutboxChannel(name) ?? null});
    const seen: OutboxChange[] = [];
    tabB.subscribe((c) => seen.push(c));
    await tabA.append(testBatch('a'));
    await expect.poll(() => seen).toEqual([{kind: 'append', batchId: 'a', seq: 1}]);
    expect((await tabB.peek(1))[0]?.batchId).toBe('a');
    tabA.close();
    tabB.close();
  });
});
