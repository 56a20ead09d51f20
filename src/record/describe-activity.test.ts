import {describe, expect, test} from 'vitest';
import {FIELD_SERVICE_MODELS} from '../contract/testing/field-service-models.ts';
import {describeActivity, type ActivityLogLike} from './describe-activity.ts';

const models = FIELD_SERVICE_MODELS;
const actor = {id: 'u1', name: 'Dana'};
const job = (action: string, metadata: Record<string, unknown>): ActivityLogLike => ({
  action,
  loggable_type: 'Job',
  loggable_id: 'j1',
  metadata: {actor, name: 'Fix boiler', ...metadata} as never,
});

describe('describeActivity', () => {
  test.each([
    [job('created', {changes: {title: [null, 'Fix boiler'], status: [null, 'open']}}), 'Dana created job Fix boiler'],
    [job('updated', {changes: {priority: [2, 4], description: [null, 'Loud']}}), 'Dana updated Fix boiler (priority, description)'],
    [job('renamed', {name: 'Replace boiler', changes: {title: ['Fix boiler', 'Replace boiler']}}), 'Dana renamed Fix boiler to Replace boiler'],
    [job('status_changed', {changes: {status: ['open', 'in_progress'], title: ['Fix boiler', 'Fix boiler!']}}), 'Dana changed Fix boiler from Open to In progress'],
    [
      job('assigned', {
        changes: {assigned_to_id: [null, 'u2']},
        references: {assigned_to_id: {association: 'assigned_to', before: null, after: {id: 'u2', name: 'Tom'}}},
      }),
      'Dana assigned Fix boiler to Tom',
    ],
    [
      job('unassigned', {
        changes: {assigned_to_id: ['u2', null]},
        references: {assigned_to_id: {association: 'assigned_to', before: {id: 'u2', name: 'Tom'}, after: null}},
      }),
      'Dana unassigned Tom from Fix boiler',
    ],
    [
      job('moved', {
        changes: {client_id: ['c1', 'c2']},
        references: {client_id: {association: 'client', before: {id: 'c1', name: 'Acme'}, after: {id: 'c2', name: 'Globex'}}},
      }),
      'Dana moved Fix boiler from Acme to Globex',
    ],
    [job('deleted', {snapshot: {title: 'Fix boiler', status: 'done'}}), 'Dana deleted job Fix boiler'],
    [job('discarded', {changes: {discarded_at: [null, 1_700_000_000_000]}}), 'Dana archived Fix boiler'],
    [job('undiscarded', {changes: {discarded_at: [1_700_000_000_000, null]}}), 'Dana restored Fix boiler'],
    [job('reordered', {association: 'tasks', moves: [{id: 't1', name: 'Drain', from: 2, to: 1}]}), 'Dana reordered the tasks of Fix boiler'],
    [job('completed', {changes: {status: ['in_progress', 'done']}, note: 'signed by customer'}), 'Dana completed Fix boiler — “signed by customer”'],
    [{action: 'signed_in', metadata: {actor}}, 'Dana signed in'],
  ])('%#: %s', (log, sentence) => {
    expect(describeActivity(log, {models}).sentence).toBe(sentence);
  });

  test('the structured diff: labels, humanized values, associated names, snapshot of a delete', () => {
    const described = describeActivity(
      job('status_changed', {
        changes: {status: ['open', 'in_progress'], assigned_to_id: [null, 'u2'], discarded_at: [null, Date.UTC(2026, 11, 1, 9, 30)]},
        references: {assigned_to_id: {association: 'assigned_to', before: null, after: {id: 'u2', name: 'Tom'}}},
      }),
      {models},
    );
    expect(described.changes).toEqual([
      {column: 'status', label: 'Status', before: 'Open', after: 'In progress'},
      {column: 'assigned_to_id', label: 'Assigned to', before: null, after: 'Tom'},
      {column: 'discarded_at', label: 'Discarded at', before: null, after: '2026-12-01 09:30'},
    ]);
    expect(described.subject).toEqual({type: 'Job', id: 'j1', label: 'job', name: 'Fix boiler'});
    expect(described.parts.filter((p) => p.kind === 'subject').map((p) => p.text)).toEqual(['Fix boiler']);
    expect(describeActivity(job('deleted', {snapshot: {title: 'Fix boiler'}}), {models}).changes).toEqual([{column: 'title', label: 'Title', before: 'Fix boiler', after: null}]);
  });

  test('without a name or an actor in the log it still reads', () => {
    expect(describeActivity({action: 'created', loggable_type: 'ActivityLog', metadata: {}}, {actorName: 'Tom'}).sentence).toBe('Tom created an activity log');
    expect(describeActivity({action: 'updated', loggable_type: 'Job', metadata: {changes: {priority: [1, 2]}}}, {models}).sentence).toBe('Someone updated the job (priority)');
  });

  test('server events (trackActivity) read as sentences, with or without a subject', () => {
    const tom = {id: 'u2', name: 'Tom'};
    const event = (action: string, metadata: Record<string, unknown>, subject = false): ActivityLogLike => ({
      action,
      loggable_type: subject ? 'Job' : null,
      loggable_id: subject ? 'j1' : null,
      metadata: {actor: tom, ...metadata} as never,
    });
    expect(describeActivity(event('batch_rejected', {name: 'Fix boiler', details: {code: 'stale_object', offline: true}}, true), {models}).sentence).toBe(
      'Tom’s offline edit of Fix boiler was rejected: stale',
    );
    expect(describeActivity(event('batch_rejected', {details: {code: 'forbidden', offline: false}}), {models}).sentence).toBe('Tom’s edit was rejected: forbidden');
    expect(describeActivity(event('offline_replay_finished', {details: {batches: 200, offline_ms: 7_200_000}}), {models}).sentence).toBe(
      'Tom’s device synced 200 offline writes after 2 h offline',
    );
    expect(describeActivity(event('signed_in', {details: {method: 'dev_login'}}), {models}).sentence).toBe('Tom signed in');
    expect(describeActivity(event('exported', {details: {rows: 12}}), {models}).sentence).toBe('Tom exported 12 activity log rows');
    expect(describeActivity(event('data_imported', {}), {models}).sentence).toBe('Tom data imported');
    expect(describeActivity(event('batch_rejected', {details: {code: 'stale_object'}}, true), {models}).subject).toEqual({type: 'Job', id: 'j1', label: 'job', name: null});
  });
});
