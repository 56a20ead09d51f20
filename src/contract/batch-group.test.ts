import {expect, test} from 'vitest';
import {BATCH_FORMAT_VERSION, type Batch} from './batch.ts';
import {groupBoundsProblem, groupPrefixLength, MAX_GROUP_BATCHES, MAX_GROUP_OPS} from './batch-group.ts';

const batch = (ops: number): Batch => ({
  v: BATCH_FORMAT_VERSION,
  id: crypto.randomUUID(),
  createdAt: 0,
  ops: Array.from({length: ops}, () => ({op: 'delete', table: 'tasks', id: {id: crypto.randomUUID()}})),
});

test('a group takes batches from the front while the totals stay within one transaction’s bounds', () => {
  expect(groupPrefixLength(Array.from({length: 80}, () => batch(2)))).toBe(MAX_GROUP_BATCHES);
  expect(groupPrefixLength([batch(600), batch(300), batch(200), batch(1)])).toBe(2);
  // A batch at the per-batch limit still goes, alone.
  expect(groupPrefixLength([batch(MAX_GROUP_OPS), batch(1)])).toBe(1);
});

test('the server refuses a group over the bounds, whatever its batch count', () => {
  expect(groupBoundsProblem([batch(600), batch(600)])).toMatch(/1200 ops; the limit is 1000/);
  expect(groupBoundsProblem([batch(500), batch(500)])).toBeNull();
  expect(groupBoundsProblem([{ops: 'not an array'}, null])).toBeNull();
});
