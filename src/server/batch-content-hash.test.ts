import {expect, test} from 'vitest';
import {BATCH_FORMAT_VERSION} from '../contract/batch.ts';
import {batchContentHash} from './batch-content-hash.ts';

test('the same batch hashes the same whatever its key order; any change of content changes the hash', () => {
  const a = {v: BATCH_FORMAT_VERSION, id: 'b', createdAt: 1, ops: [{op: 'insert', table: 't', value: {id: 'x', title: 'A'}}]} as const;
  const reordered = {ops: [{value: {title: 'A', id: 'x'}, table: 't', op: 'insert'}], createdAt: 1, id: 'b', v: BATCH_FORMAT_VERSION} as const;
  expect(batchContentHash(reordered as never)).toBe(batchContentHash(a));
  expect(batchContentHash({...a, ops: [{op: 'insert', table: 't', value: {id: 'x', title: 'B'}}]})).not.toBe(batchContentHash(a));
  expect(batchContentHash(a)).toMatch(/^[0-9a-f]{64}$/);
});
