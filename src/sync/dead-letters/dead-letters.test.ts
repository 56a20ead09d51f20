import {describe, expect, it} from 'vitest';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';
import {testBatch} from '../testing/test-batch.ts';
import {DeadLetters} from './dead-letters.ts';

const rejection = {code: 'invalid_value', message: 'blank'} as const;

async function storeWithDeadLetter() {
  const store = new MemoryOutboxStore();
  await store.append(testBatch('a'));
  await store.append(testBatch('b'));
  await store.moveToDeadLetters('a', rejection);
  return store;
}

describe('DeadLetters', () => {
  it('retries at the tail under the continue policy', async () => {
    const store = await storeWithDeadLetter();
    const deadLetters = new DeadLetters(store);
    let changes = 0;
    deadLetters.subscribe(() => changes++);
    expect((await deadLetters.list()).map((d) => d.batchId)).toEqual(['a']);
    await deadLetters.retry('a');
    expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['b', 'a']);
    expect(await deadLetters.count()).toBe(0);
    expect(changes).toBe(1);
  });

  it('retries at the original place under the halt policy', async () => {
    const store = await storeWithDeadLetter();
    await new DeadLetters(store, {onRejection: 'halt'}).retry('a', testBatch('a-edited'));
    expect((await store.peek(5)).map((r) => r.batchId)).toEqual(['a-edited', 'b']);
  });

  it('discards', async () => {
    const store = await storeWithDeadLetter();
    const deadLetters = new DeadLetters(store);
    await deadLetters.discard('a');
    expect(await deadLetters.count()).toBe(0);
  });
});
