import {describe, expect, test} from 'vitest';
import {FIELD_SERVICE_ACTIVITY_LOG as ACTIVITY_LOG, FIELD_SERVICE_MODELS as MODELS} from '../contract/testing/field-service-models.ts';
import type {Batch} from '../contract/batch.ts';
import {createWritePipeline} from './write-pipeline.ts';
import type {ModelMutator} from './mutator-context.ts';
import {UnknownModelError} from '../errors/unknown-model-error.ts';

function setup(mutators?: readonly ModelMutator[]) {
  const sent: Batch[] = [];
  let n = 0;
  const writer = createWritePipeline({
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    send: (batch) => {
      sent.push(batch);
      return batch.id;
    },
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => 1_700_000_000_000,
    mutators,
  });
  return {writer, sent};
}

const job = {
  id: 'job-1',
  client_id: 'client-1',
  title: 'Old',
  status: 'open',
  priority: 2,
  lock_version: 0,
  description: null,
  created_at: 1,
  updated_at: 1,
};

describe('createWritePipeline', () => {
  test('create sends ONE batch: the insert first, then its log, with shared timestamps', () => {
    const {writer, sent} = setup();
    const {id} = writer.create('jobs', {client_id: 'client-1', title: 'Fix boiler'});
    expect(sent).toHaveLength(1);
    const [insert, log] = sent[0]!.ops;
    expect(insert).toEqual({
      op: 'insert',
      table: 'jobs',
      value: {id, client_id: 'client-1', title: 'Fix boiler', created_at: 1_700_000_000_000, updated_at: 1_700_000_000_000},
    });
    expect(log).toMatchObject({
      op: 'log',
      table: 'activity_logs',
      loggable: {table: 'jobs', id},
      value: {action: 'created', metadata: {changes: {client_id: [null, 'client-1'], title: [null, 'Fix boiler']}}},
    });
    // No user or reference columns from the client: the server sets/reads them.
    expect(Object.keys((log as {value: object}).value)).not.toContain('user_id');
    expect(Object.keys((log as {value: object}).value)).not.toContain('job_id');
    expect(sent[0]!.createdAt).toBe(1_700_000_000_000);
  });

  test('update sends only the changed columns (plus updated_at) and logs exactly those', () => {
    const {writer, sent} = setup();
    writer.update('jobs', job, {title: 'New', status: 'open', priority: 2, lock_version: 0});
    const [update, log] = sent[0]!.ops;
    expect(update).toEqual({
      op: 'update',
      table: 'jobs',
      value: {id: 'job-1', title: 'New', updated_at: 1_700_000_000_000, lock_version: 1},
      expected: {lock_version: 0},
    });
    expect(log).toMatchObject({value: {action: 'renamed', metadata: {changes: {title: ['Old', 'New']}}}});
  });

  test('an update with nothing changed sends nothing', () => {
    const {writer, sent} = setup();
    expect(writer.update('jobs', job, {title: 'Old', status: 'open'})).toBeNull();
    expect(sent).toHaveLength(0);
  });

  test('the action follows the priority when several mapped columns change, and every change is kept', () => {
    const {writer, sent} = setup();
    writer.update('jobs', job, {status: 'done'});
    writer.update('jobs', job, {status: 'done', priority: 5});
    writer.update('jobs', job, {title: 'New', status: 'scheduled'});
    writer.update('jobs', job, {title: 'New', priority: 1});
    writer.update('jobs', job, {priority: 1});
    const logs = sent.map((b) => (b.ops[1] as unknown as {value: {action: string; metadata: {changes: object}}}).value);
    expect(logs.map((l) => l.action)).toEqual(['status_changed', 'status_changed', 'status_changed', 'renamed', 'updated']);
    expect(Object.keys(logs[2]!.metadata.changes).sort()).toEqual(['status', 'title']);
  });

  test('references: assigned / unassigned for a user, moved for a parent; the record keeps its name', () => {
    const {writer, sent} = setup();
    writer.update('jobs', {...job, assigned_to_id: null}, {assigned_to_id: 'user-2'});
    writer.update('jobs', {...job, assigned_to_id: 'user-2'}, {assigned_to_id: null});
    writer.update('jobs', job, {client_id: 'client-2'});
    writer.update('jobs', job, {client_id: 'client-2', status: 'done'});
    const logs = sent.map((b) => (b.ops[1] as unknown as {value: {action: string; metadata: {name?: string}}}).value);
    expect(logs.map((l) => l.action)).toEqual(['assigned', 'unassigned', 'moved', 'status_changed']);
    expect(logs.map((l) => l.metadata.name)).toEqual(['Old', 'Old', 'Old', 'Old']);
  });

  test('a declared custom action and a note go into the log', () => {
    const {writer, sent} = setup();
    writer.update('jobs', job, {status: 'done'}, {action: 'completed', note: 'signed by customer'});
    writer.update('jobs', job, {status: 'done'}, {action: 'not-declared'});
    expect(sent.map((b) => (b.ops[1] as unknown as {value: {action: string; metadata: object}}).value)).toEqual([
      {id: expect.any(String), action: 'completed', metadata: expect.objectContaining({note: 'signed by customer', name: 'Old'}), created_at: expect.any(Number), updated_at: expect.any(Number)},
      expect.objectContaining({action: 'status_changed'}),
    ]);
  });

  test('a change of excluded columns only is written but not logged', () => {
    const {writer, sent} = setup();
    writer.update('jobs', job, {updated_at: 5});
    expect(sent[0]!.ops).toHaveLength(1);
    expect(sent[0]!.ops[0]).toMatchObject({op: 'update', value: {updated_at: 1_700_000_000_000}});
  });

  test('optimistic locking: an update is based on the version it read and bumps it; the caller cannot set it', () => {
    const {writer, sent} = setup();
    expect(writer.update('jobs', job, {lock_version: 7})).toBeNull();
    writer.update('jobs', {...job, lock_version: 3}, {priority: 4});
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ops[0]).toMatchObject({value: {priority: 4, lock_version: 4}, expected: {lock_version: 3}});
    // Tables without the column are last-write-wins, as in Rails: no expectation sent.
    writer.update('tasks', {id: 't', job_id: 'job-1', title: 'a'}, {title: 'b'});
    expect(sent[1]!.ops[0]).not.toHaveProperty('expected');
  });

  test('destroy puts the deleted log BEFORE the delete, with a snapshot', () => {
    const {writer, sent} = setup();
    writer.destroy('jobs', job);
    expect(sent[0]!.ops.map((o) => o.op)).toEqual(['log', 'delete']);
    expect(sent[0]!.ops[0]).toMatchObject({value: {action: 'deleted', metadata: {snapshot: {title: 'Old', status: 'open'}}}});
    expect(sent[0]!.ops[1]).toEqual({op: 'delete', table: 'jobs', id: {id: 'job-1'}});
  });

  test('discard sets discarded_at and logs discarded; non-discardable models are refused with the fix', () => {
    const {writer, sent} = setup();
    writer.discard('jobs', job);
    expect(sent[0]!.ops[0]).toMatchObject({op: 'update', value: {discarded_at: 1_700_000_000_000}});
    expect(sent[0]!.ops[1]).toMatchObject({value: {action: 'discarded'}});
    expect(() => writer.discard('tasks', {id: 't'})).toThrow(/Discard::Model/);
  });

  test('non-loggable tables get a plain one-op batch', () => {
    const {writer, sent} = setup();
    writer.create('users', {email: 'a@b.c', name: 'A'});
    expect(sent[0]!.ops).toHaveLength(1);
  });

  test('unknown tables are refused with a hint to regenerate', () => {
    const {writer} = setup();
    expect(() => writer.create('widgets', {})).toThrow(UnknownModelError);
    expect(() => writer.create('widgets', {})).toThrow(/npm run generate/);
  });

  test('custom mutators run in the pipeline and can change what is written', () => {
    const upcase: ModelMutator = (ctx) => {
      if (typeof ctx.attributes.title === 'string') ctx.attributes.title = ctx.attributes.title.toUpperCase();
    };
    const {writer, sent} = setup([upcase]);
    writer.create('jobs', {client_id: 'c', title: 'quiet'});
    expect(sent[0]!.ops).toHaveLength(1); // no activity mutator in this pipeline
    expect(sent[0]!.ops[0]).toMatchObject({value: {title: 'QUIET'}});
  });
});

test('a jsonb value with the same content in another key order is not a change', () => {
  const {writer, sent} = setup();
  const log = {id: 'l', action: 'x', metadata: {b: 2, a: [1, {d: 4, c: 3}]}};
  expect(writer.update('activity_logs', log, {metadata: {a: [1, {c: 3, d: 4}], b: 2}})).toBeNull();
  writer.update('activity_logs', log, {metadata: {a: [1, {c: 3, d: 5}], b: 2}});
  expect(sent).toHaveLength(1);
});
