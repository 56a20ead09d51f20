import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {isDeadLetterNotFoundError} from '../../errors/dead-letter-not-found-error.ts';
import {isDuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {isEditedBatchIdError} from '../../errors/edited-batch-id-error.ts';
import {isOutboxClosedError} from '../../errors/outbox-closed-error.ts';
import type {OutboxChange} from '../outbox/outbox-change.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import {testBatch} from './test-batch.ts';

export interface OutboxStoreHarness {
  /** A fresh, empty store (isolated from every other test) whose clock reads `now()`. */
  create(now: () => number): Promise<OutboxStore>;
}

/**
 * The one behavioural spec every `OutboxStore` passes (one spec, many implementations): run it
 * from `<impl>.test.ts` with a harness that makes fresh stores.
 */
export function describeOutboxStore(name: string, harness: OutboxStoreHarness): void {
  describe(`OutboxStore: ${name}`, () => {
    let store: OutboxStore;
    let time = 1_000;
    let changes: OutboxChange[];

    beforeEach(async () => {
      time = 1_000;
      store = await harness.create(() => time);
      changes = [];
      store.subscribe((change) => changes.push(change));
    });
    afterEach(() => {
      store.close();
    });

    it('appends with increasing seqs and peeks oldest first', async () => {
      const a = await store.append(testBatch('a'));
      const b = await store.append(testBatch('b'));
      const c = await store.append(testBatch('c'));
      expect(a.seq).toBeLessThan(b.seq);
      expect(b.seq).toBeLessThan(c.seq);
      expect((await store.peek(10)).map((r) => r.batchId)).toEqual(['a', 'b', 'c']);
      expect((await store.peek(2)).map((r) => r.batchId)).toEqual(['a', 'b']);
      expect((await store.peek(10, a.seq)).map((r) => r.batchId)).toEqual(['b', 'c']);
      expect(await store.peek(0)).toEqual([]);
      expect(await store.count()).toBe(3);
      expect(changes.map((c) => c.kind)).toEqual(['append', 'append', 'append']);
    });

    it('stores a versioned record', async () => {
      time = 42;
      const record = await store.append(testBatch('a', 7));
      expect(record).toEqual({
        version: 1,
        seq: record.seq,
        batchId: 'a',
        batch: testBatch('a', 7),
        createdAt: 42,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        status: 'pending',
      });
      expect(await store.get('a')).toEqual(record);
      expect(await store.oldest()).toEqual(record);
    });

    it('orders by sequence, not by the batch clock', async () => {
      await store.append(testBatch('late', 9_999));
      await store.append(testBatch('early', 1));
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['late', 'early']);
    });

    it('refuses a batch id that is already pending', async () => {
      await store.append(testBatch('a'));
      const error = await store.append(testBatch('a')).catch((e: unknown) => e);
      expect(isDuplicateBatchError(error)).toBe(true);
      expect(await store.count()).toBe(1);
    });

    it('never reuses a seq after removal', async () => {
      const a = await store.append(testBatch('a'));
      await store.remove(['a']);
      const b = await store.append(testBatch('b'));
      expect(b.seq).toBeGreaterThan(a.seq);
    });

    it('removes by batch id', async () => {
      await store.append(testBatch('a'));
      await store.append(testBatch('b'));
      expect(await store.remove(['a'])).toBe(1);
      expect(await store.remove(['a'])).toBe(0);
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['b']);
      expect((await store.oldest())?.batchId).toBe('b');
      expect(changes.filter((c) => c.kind === 'remove')).toEqual([{kind: 'remove', batchId: 'a'}]);
    });

    it('removes several batches at once, skipping ids not there, one change per removed id', async () => {
      for (const id of ['a', 'b', 'c', 'd']) await store.append(testBatch(id));
      expect(await store.remove(['a', 'x', 'c'])).toBe(2);
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['b', 'd']);
      expect(await store.remove([])).toBe(0);
      expect(changes.filter((c) => c.kind === 'remove')).toEqual([
        {kind: 'remove', batchId: 'a'},
        {kind: 'remove', batchId: 'c'},
      ]);
    });

    it('is empty when new', async () => {
      expect(await store.count()).toBe(0);
      expect(await store.oldest()).toBeUndefined();
      expect(await store.peek(3)).toEqual([]);
      expect(await store.listDeadLetters()).toEqual([]);
      expect(await store.countDeadLetters()).toBe(0);
    });

    it('records attempts', async () => {
      await store.append(testBatch('a'));
      await store.append(testBatch('b'));
      await store.markAttempt(['a', 'b', 'missing'], {status: 'sending'});
      await store.markAttempt(['a'], {status: 'pending', lastError: 'socket closed', nextAttemptAt: 5_000});
      await store.markAttempt(['a'], {status: 'sending'});
      const a = await store.get('a');
      expect(a).toMatchObject({attempts: 2, status: 'sending', lastError: 'socket closed', nextAttemptAt: 5_000});
      expect(await store.get('b')).toMatchObject({attempts: 1, status: 'sending', lastError: null});
      expect(changes.at(-1)).toEqual({kind: 'attempt', batchIds: ['a']});
    });

    it('moves a rejected batch to dead letters atomically', async () => {
      await store.append(testBatch('a'));
      await store.append(testBatch('b'));
      await store.markAttempt(['a'], {status: 'sending'});
      time = 2_000;
      const rejection = {code: 'invalid_value', message: 'title is blank', table: 'jobs', opIndex: 0} as const;
      const dead = await store.moveToDeadLetters('a', rejection);
      expect(dead).toMatchObject({version: 1, batchId: 'a', attempts: 1, rejection, deadAt: 2_000, createdAt: 1_000});
      expect(await store.get('a')).toBeUndefined();
      expect(await store.count()).toBe(1);
      expect(await store.listDeadLetters()).toEqual([dead]);
      expect(await store.getDeadLetter('a')).toEqual(dead);
      expect(await store.countDeadLetters()).toBe(1);
      expect(await store.moveToDeadLetters('a', rejection)).toBeUndefined();
      expect(changes.at(-1)).toEqual({kind: 'dead-letter', batchId: 'a'});
    });

    it('lists dead letters in creation order', async () => {
      for (const id of ['z', 'y', 'x']) await store.append(testBatch(id));
      for (const id of ['x', 'z', 'y']) await store.moveToDeadLetters(id, {code: 'invalid_value', message: 'm'});
      expect((await store.listDeadLetters()).map((d) => d.batchId)).toEqual(['z', 'y', 'x']);
    });

    it('discards a dead letter', async () => {
      await store.append(testBatch('a'));
      await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'm'});
      await store.discard('a');
      expect(await store.countDeadLetters()).toBe(0);
      expect(isDeadLetterNotFoundError(await store.discard('a').catch((e: unknown) => e))).toBe(true);
      expect(changes.at(-1)).toEqual({kind: 'discard', batchId: 'a'});
    });

    it('retries a dead letter unedited at the tail, keeping its id', async () => {
      const a = await store.append(testBatch('a'));
      await store.append(testBatch('b'));
      await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'm'});
      await store.append(testBatch('c'));
      const retried = await store.retry('a');
      expect(retried).toMatchObject({batchId: 'a', attempts: 0, status: 'pending', lastError: null});
      expect(retried.seq).toBeGreaterThan(a.seq);
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['b', 'c', 'a']);
      expect(await store.countDeadLetters()).toBe(0);
      expect(changes.at(-1)).toEqual({kind: 'retry', batchId: 'a', newBatchId: 'a', seq: retried.seq});
    });

    it('retries at the original position (halt policy)', async () => {
      const a = await store.append(testBatch('a'));
      await store.append(testBatch('b'));
      await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'm'});
      const retried = await store.retry('a', {position: 'original'});
      expect(retried.seq).toBe(a.seq);
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['a', 'b']);
      // The key generator did not move back: a new append still goes last.
      const c = await store.append(testBatch('c'));
      expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['a', 'b', 'c']);
      expect(c.seq).toBeGreaterThan(a.seq);
    });

    it('retries an edited batch only under a new id', async () => {
      await store.append(testBatch('a'));
      await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'm'});
      const sameId = await store.retry('a', {batch: testBatch('a', 5)}).catch((e: unknown) => e);
      expect(isEditedBatchIdError(sameId)).toBe(true);
      expect(await store.countDeadLetters()).toBe(1);
      const edited = await store.retry('a', {batch: testBatch('a2')});
      expect(edited.batchId).toBe('a2');
      expect(await store.getDeadLetter('a')).toBeUndefined();
      expect(isDeadLetterNotFoundError(await store.retry('a').catch((e: unknown) => e))).toBe(true);
    });

    it('keeps the dead letter when the retry would duplicate a pending id', async () => {
      await store.append(testBatch('a'));
      await store.moveToDeadLetters('a', {code: 'invalid_value', message: 'm'});
      await store.append(testBatch('b'));
      const error = await store.retry('a', {batch: testBatch('b')}).catch((e: unknown) => e);
      expect(isDuplicateBatchError(error)).toBe(true);
      expect(await store.countDeadLetters()).toBe(1);
      expect(await store.count()).toBe(1);
    });

    it('rejects every call after close', async () => {
      store.close();
      expect(isOutboxClosedError(await store.append(testBatch('a')).catch((e: unknown) => e))).toBe(true);
      expect(isOutboxClosedError(await store.count().catch((e: unknown) => e))).toBe(true);
    });

    it('unsubscribes', async () => {
      const seen: OutboxChange[] = [];
      const off = store.subscribe((c) => seen.push(c));
      await store.append(testBatch('a'));
      off();
      await store.append(testBatch('b'));
      expect(seen).toHaveLength(1);
    });
  });
}
