import 'fake-indexeddb/auto';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {isDuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {testBatch} from '../testing/test-batch.ts';
import {IdbOutboxStore} from './idb-outbox-store.ts';

let dbCounter = 0;
const freshName = () => `outbox-durability-${process.pid}-${++dbCounter}`;

/** Every transaction the store opens, with the options it asked for (fake-indexeddb keeps `durability`). */
function spyTransactions(): {mode: IDBTransactionMode; durability: IDBTransactionDurability; stores: string[]}[] {
  const seen: {mode: IDBTransactionMode; durability: IDBTransactionDurability; stores: string[]}[] = [];
  const original = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
    const tx = original.apply(this, args);
    seen.push({mode: tx.mode, durability: tx.durability, stores: [...tx.objectStoreNames]});
    return tx;
  });
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IdbOutboxStore durability', () => {
  it('commits the write-ahead append and every outbox or dead-letter change with strict durability', async () => {
    const store = await IdbOutboxStore.open({name: freshName(), channel: null});
    const seen = spyTransactions();
    await store.append(testBatch('a'));
    await store.append(testBatch('b'));
    await store.markAttempt(['a'], {status: 'sending'});
    await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'no'});
    await store.retry('a');
    await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'no'});
    await store.discard('a');
    await store.remove(['b']);
    const writes = seen.filter((t) => t.mode === 'readwrite');
    // append ×2, markAttempt, moveToDeadLetters, retry, moveToDeadLetters, discard, remove
    expect(writes).toHaveLength(8);
    expect(writes.map((t) => t.durability)).toEqual(writes.map(() => 'strict'));
    expect(writes.some((t) => t.stores.includes('dead_letters'))).toBe(true);
    store.close();
  });

  it('coalesces appends made in the same tick into one strict transaction, in call order', async () => {
    const name = freshName();
    const store = await IdbOutboxStore.open({name, channel: null});
    const seen = spyTransactions();
    const records = await Promise.all([store.append(testBatch('a')), store.append(testBatch('b')), store.append(testBatch('c'))]);
    expect(records.map((r) => [r.batchId, r.seq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(seen.filter((t) => t.mode === 'readwrite')).toEqual([{mode: 'readwrite', durability: 'strict', stores: ['outbox']}]);
    store.close();
    // Committed: a new connection (a reload) reads all three.
    const reopened = await IdbOutboxStore.open({name, channel: null});
    expect((await reopened.peek(10)).map((r) => r.batchId)).toEqual(['a', 'b', 'c']);
    reopened.close();
  });

  it('a duplicate in a coalesced group rejects alone; the others are written in order', async () => {
    const store = await IdbOutboxStore.open({name: freshName(), channel: null});
    await store.append(testBatch('b'));
    const results = await Promise.allSettled([store.append(testBatch('a')), store.append(testBatch('b')), store.append(testBatch('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isDuplicateBatchError((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect((await store.peek(10)).map((r) => r.batchId)).toEqual(['b', 'a', 'c']);
    store.close();
  });
});
