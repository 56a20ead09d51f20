import {describe, expect, test} from 'vitest';
import {FIELD_SERVICE_ACTIVITY_LOG as ACTIVITY_LOG, FIELD_SERVICE_MODELS as MODELS} from '../contract/testing/field-service-models.ts';
import {BATCH_FORMAT_VERSION, type BatchOp} from '../contract/batch.ts';
import {guardBatch} from './batch-guard.ts';
import {RejectionSignal} from './rejection-signal.ts';

const UUID = '0b7f5c3e-8e0a-4d55-9d2a-2f3c4b5a6d7e';

function guard(...ops: BatchOp[]) {
  try {
    guardBatch({v: BATCH_FORMAT_VERSION, id: UUID, ops, createdAt: 0}, MODELS, ACTIVITY_LOG);
    return null;
  } catch (error) {
    if (error instanceof RejectionSignal) return error.rejection;
    throw error;
  }
}

describe('guardBatch', () => {
  test('accepts well-typed ops on generated tables', () => {
    expect(
      guard(
        {op: 'insert', table: 'jobs', value: {id: UUID, client_id: UUID, title: 't', priority: 3, status: 'open', discarded_at: null}},
        {op: 'update', table: 'tasks', value: {id: UUID, completed: true, position: 2}},
        {op: 'log', table: 'activity_logs', value: {id: UUID, action: 'updated', metadata: {changes: {}}}, loggable: {table: 'tasks', id: UUID}},
        {op: 'delete', table: 'clients', id: {id: UUID}},
      ),
    ).toBeNull();
  });

  test.each([
    [{op: 'insert', table: 'nope', value: {id: UUID}}, 'unknown_table'],
    [{op: 'insert', table: 'jobs', value: {id: UUID, hacked: 1}}, 'unknown_column'],
    [{op: 'insert', table: 'jobs', value: {id: UUID, priority: 'high'}}, 'invalid_value'],
    [{op: 'insert', table: 'jobs', value: {id: UUID, priority: 1.5}}, 'invalid_value'],
    [{op: 'insert', table: 'jobs', value: {id: 'not-a-uuid'}}, 'invalid_value'],
    [{op: 'insert', table: 'jobs', value: {id: UUID, status: 'lost'}}, 'invalid_value'],
    [{op: 'insert', table: 'jobs', value: {id: UUID, title: null}}, 'invalid_value'],
    [{op: 'update', table: 'jobs', value: {title: 'no id'}}, 'missing_primary_key'],
    [{op: 'delete', table: 'jobs', id: {id: UUID, title: 'x'}}, 'unknown_column'],
    [{op: 'log', table: 'activity_logs', value: {id: UUID}, loggable: {table: 'users', id: UUID}}, 'invalid_batch'],
    [{op: 'insert', table: 'activity_logs', value: {id: UUID, action: 'created'}}, 'forbidden'],
    [{op: 'update', table: 'activity_logs', value: {id: UUID, action: 'deleted'}}, 'forbidden'],
    [{op: 'upsert', table: 'activity_logs', value: {id: UUID}}, 'forbidden'],
    [{op: 'delete', table: 'activity_logs', id: {id: UUID}}, 'forbidden'],
    [{op: 'update', table: 'jobs', value: {id: UUID, title: 't'}, expected: {lock_version: 'x'}}, 'invalid_value'],
    [{op: 'log', table: 'jobs', value: {id: UUID}, loggable: {table: 'jobs', id: UUID}}, 'invalid_batch'],
  ] as [BatchOp, string][])('rejects %j with %s and the op index', (op, code) => {
    const rejection = guard({op: 'delete', table: 'clients', id: {id: UUID}}, op);
    expect(rejection).toMatchObject({code, opIndex: 1, batchId: UUID});
    expect(rejection!.message.length).toBeGreaterThan(10);
  });
});
