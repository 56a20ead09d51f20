import {describe, expect, test} from 'vitest';
import {BATCH_FORMAT_VERSION} from '../../contract/batch.ts';
import {NotStaleError} from '../../errors/not-stale-error.ts';
import type {DeadLetterRecord} from '../outbox/outbox-record.ts';
import {keepMine} from './keep-mine.ts';

const dead = (rejection: DeadLetterRecord['rejection']): DeadLetterRecord => ({
  version: 1,
  batchId: 'b1',
  batch: {
    v: BATCH_FORMAT_VERSION,
    id: 'b1',
    createdAt: 5,
    ops: [
      {op: 'insert', table: 'tasks', value: {id: 't1'}},
      {op: 'update', table: 'jobs', value: {id: 'j1', title: 'Mine', lock_version: 1}, expected: {lock_version: 0}},
      {op: 'update', table: 'jobs', value: {id: 'j1', priority: 4, lock_version: 2}, expected: {lock_version: 1}},
      {op: 'update', table: 'jobs', value: {id: 'j2', priority: 1, lock_version: 8}, expected: {lock_version: 7}},
    ],
  },
  seq: 1,
  createdAt: 5,
  attempts: 1,
  rejection,
  deadAt: 6,
});

describe('keepMine', () => {
  test('re-bases the stale edit and the later edits of the same row on the current version, under a new id', () => {
    const batch = keepMine(dead({code: 'stale_object', message: 'stale', opIndex: 1, table: 'jobs', column: 'lock_version', lockVersion: {expected: 0, actual: 3}}), {uuid: () => 'b2'});
    expect(batch.id).toBe('b2');
    expect(batch.ops[0]).toEqual({op: 'insert', table: 'tasks', value: {id: 't1'}});
    expect(batch.ops[1]).toEqual({op: 'update', table: 'jobs', value: {id: 'j1', title: 'Mine', lock_version: 4}, expected: {lock_version: 3}});
    expect(batch.ops[2]).toEqual({op: 'update', table: 'jobs', value: {id: 'j1', priority: 4, lock_version: 5}, expected: {lock_version: 4}});
    expect(batch.ops[3]).toMatchObject({expected: {lock_version: 7}}); // another row: untouched
  });

  test('refuses a dead letter that was not stale', () => {
    expect(() => keepMine(dead({code: 'record_invalid', message: 'blank', opIndex: 1}))).toThrow(NotStaleError);
  });
});
