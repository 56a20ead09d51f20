import {beforeEach, describe, expect, test} from 'vitest';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../contract/batch.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {BatchRejection} from '../errors/batch-rejection.ts';
import {FIELD_SERVICE_ACTIVITY_LOG, FIELD_SERVICE_MODELS} from '../contract/testing/field-service-models.ts';
import {DEFAULT_MUTATORS} from '../pipeline/write-pipeline.ts';
import {applyBatchAuthoritative, type AuthoritativeApplyContext} from './apply-batch-authoritative.ts';
import {RejectionSignal} from './rejection-signal.ts';
import {MemoryTables} from './testing/memory-tables.ts';
import type {WriteCheck} from './write-check.ts';

const NOW = 1_800_000_000_000;
const DEVICE = 1_000;
const JOB = '00000000-0000-4000-8000-0000000000j1';
const CLIENT = '00000000-0000-4000-8000-0000000000c1';
let db: MemoryTables;
let n = 0;

beforeEach(() => {
  db = new MemoryTables(FIELD_SERVICE_MODELS);
  n = 0;
  db.put('clients', {id: CLIENT, name: 'Acme', created_at: 1, updated_at: 1});
  db.put('users', {id: 'user-1', email: 'actor@example.com', name: 'Dana', role: 'technician', created_at: 1, updated_at: 1});
  db.put('jobs', {id: JOB, client_id: CLIENT, title: 'Fix boiler', description: null, status: 'open', priority: 2, lock_version: 3, discarded_at: null, created_at: 1, updated_at: 1});
});

const batch = (...ops: BatchOp[]): Batch => ({v: BATCH_FORMAT_VERSION, id: 'b', ops, createdAt: DEVICE});
const log = (table: string, id: string, value: Record<string, never> | Record<string, unknown> = {}): BatchOp => ({
  op: 'log',
  table: 'activity_logs',
  value: {id: `log-${table}-${id}`, action: 'forged', metadata: {}, ...value} as never,
  loggable: {table, id},
});

async function apply(b: Batch, extra: Partial<AuthoritativeApplyContext> = {}): Promise<void> {
  await applyBatchAuthoritative(db.writers, b, {
    models: FIELD_SERVICE_MODELS,
    activityLog: FIELD_SERVICE_ACTIVITY_LOG,
    userID: 'user-1',
    now: NOW,
    mutators: DEFAULT_MUTATORS,
    reader: db.reader,
    uuid: () => `new-log-${++n}`,
    ...extra,
  });
}

async function rejection(b: Batch, extra: Partial<AuthoritativeApplyContext> = {}): Promise<BatchRejection> {
  try {
    await apply(b, extra);
  } catch (error) {
    if (error instanceof RejectionSignal) return error.rejection;
    throw error;
  }
  throw new Error('expected the batch to be refused');
}

describe('applyBatchAuthoritative', () => {
  test('an update is diffed against the locked true row and logged from it, with the server clock and the log op id', async () => {
    await apply(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Replace boiler', priority: 2, updated_at: 5}, expected: {lock_version: 3}}, log('jobs', JOB, {action: 'deleted', created_at: 0})));
    expect(db.locked).toEqual([`jobs:${JOB}`]);
    expect(db.get('jobs', JOB)).toMatchObject({title: 'Replace boiler', priority: 2, updated_at: NOW, lock_version: 4, created_at: 1});
    expect(db.rows('activity_logs')).toEqual([
      {
        id: `log-jobs-${JOB}`,
        action: 'renamed',
        metadata: {changes: {title: ['Fix boiler', 'Replace boiler']}, name: 'Replace boiler', actor: {id: 'user-1', name: 'Dana'}, device_at: DEVICE},
        client_id: CLIENT,
        job_id: JOB,
        user_id: 'user-1',
        loggable_type: 'Job',
        loggable_id: JOB,
        created_at: NOW,
        updated_at: NOW,
      },
    ]);
  });

  test('a write sent without a log gets one; a create ignores device timestamps', async () => {
    const id = '00000000-0000-4000-8000-0000000000c2';
    await apply(batch({op: 'insert', table: 'clients', value: {id, name: 'Beta', created_at: 9e15, updated_at: 9e15}}));
    expect(db.get('clients', id)).toEqual({id, name: 'Beta', created_at: NOW, updated_at: NOW});
    expect(db.rows('activity_logs')).toEqual([
      expect.objectContaining({id: 'new-log-1', action: 'created', metadata: {changes: {name: [null, 'Beta']}, name: 'Beta', actor: {id: 'user-1', name: 'Dana'}, device_at: DEVICE}, client_id: id}),
    ]);
  });

  test('nothing really changing writes and logs nothing; deleting a row already gone is a no-op', async () => {
    await apply(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Fix boiler'}}, log('jobs', JOB)));
    await apply(batch({op: 'delete', table: 'jobs', id: {id: 'gone'}}, log('jobs', 'gone')));
    expect(db.get('jobs', JOB)).toMatchObject({updated_at: 1, lock_version: 3});
    expect(db.rows('activity_logs')).toEqual([]);
  });

  test('a discard is recognised from the true row, with the server clock', async () => {
    await apply(batch({op: 'update', table: 'jobs', value: {id: JOB, discarded_at: 12345}}));
    expect(db.get('jobs', JOB)).toMatchObject({discarded_at: NOW});
    expect(db.rows('activity_logs')[0]).toMatchObject({action: 'discarded'});
  });

  test('a destroy logs a snapshot of the true row first, with its own reference cleared', async () => {
    await apply(batch(log('jobs', JOB, {metadata: {snapshot: {title: 'invented'}}}), {op: 'delete', table: 'jobs', id: {id: JOB}}));
    expect(db.get('jobs', JOB)).toBeUndefined();
    expect(db.rows('activity_logs')).toEqual([
      expect.objectContaining({action: 'deleted', job_id: null, client_id: CLIENT, metadata: expect.objectContaining({snapshot: expect.objectContaining({title: 'Fix boiler'})})}),
    ]);
  });

  test('an update of a row that does not exist is not_found', async () => {
    expect(await rejection(batch({op: 'update', table: 'jobs', value: {id: 'missing', title: 'x'}}))).toMatchObject({code: 'not_found', opIndex: 0, table: 'jobs'});
  });

  test('optimistic locking: a stale expected version is refused with both versions', async () => {
    expect(await rejection(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'x', lock_version: 2}, expected: {lock_version: 1}}))).toMatchObject({
      code: 'stale_object',
      lockVersion: {expected: 1, actual: 3},
      column: 'lock_version',
    });
    expect(db.get('jobs', JOB)).toMatchObject({title: 'Fix boiler'});
  });

  test('normalizes and translated validate methods run on the server as on the device', async () => {
    const clients = FIELD_SERVICE_MODELS['clients']!;
    const models: Readonly<Record<string, ModelConfig>> = {
      ...FIELD_SERVICE_MODELS,
      clients: {
        ...clients,
        normalizes: {name: {steps: ['squish']}},
        validations: [
          ...clients.validations,
          {attribute: 'base', kind: 'method', options: {method: 'no_test_names'}, message: 'Test clients are not allowed', if: {attribute: 'name', test: 'includes', value: 'Test'}},
        ],
      },
    };
    await apply(batch({op: 'update', table: 'clients', value: {id: CLIENT, name: '  Acme \n Ltd '}}), {models});
    expect(db.get('clients', CLIENT)).toMatchObject({name: 'Acme Ltd'});
    expect(await rejection(batch({op: 'update', table: 'clients', value: {id: CLIENT, name: 'A Test  Co'}}), {models})).toMatchObject({
      code: 'record_invalid',
      errors: {base: ['Test clients are not allowed']},
      fullMessages: ['Test clients are not allowed'],
    });
    expect(db.get('clients', CLIENT)).toMatchObject({name: 'Acme Ltd'});
  });

  test('validations run on the row as it will be; uniqueness against the table', async () => {
    expect(await rejection(batch({op: 'update', table: 'jobs', value: {id: JOB, title: ''}}))).toMatchObject({
      code: 'record_invalid',
      errors: {title: ["can't be blank"]},
      fullMessages: ["Title can't be blank"],
    });
    db.put('users', {id: 'u1', email: 'Dana@Example.com', name: 'Dana'});
    expect(await rejection(batch({op: 'insert', table: 'users', value: {id: 'u2', email: 'dana@example.com', name: 'Copy'}}))).toMatchObject({
      code: 'record_invalid',
      errors: {email: ['has already been taken']},
    });
    // The row itself does not count against its own uniqueness.
    await apply(batch({op: 'update', table: 'users', value: {id: 'u1', name: 'Dana S.'}}));
    expect(db.get('users', 'u1')).toMatchObject({name: 'Dana S.'});
  });

  test('a log op with no write of its record is refused', async () => {
    expect(await rejection(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'x'}}, log('clients', CLIENT)))).toMatchObject({
      code: 'invalid_batch',
      opIndex: 1,
    });
  });

  test('two writes of one record in a batch each get their own log, the second based on the first', async () => {
    await apply(
      batch(
        {op: 'update', table: 'clients', value: {id: CLIENT, name: 'Acme 2'}},
        log('clients', CLIENT, {id: 'first'}),
        {op: 'update', table: 'clients', value: {id: CLIENT, name: 'Acme 3'}},
        log('clients', CLIENT, {id: 'second'}),
      ),
    );
    const logs = db.rows('activity_logs');
    expect(logs.map((l) => [l.id, (l.metadata as {changes: {name: unknown}}).changes.name])).toEqual([
      ['first', ['Acme', 'Acme 2']],
      ['second', ['Acme 2', 'Acme 3']],
    ]);
  });

  test('write checks see before/after and can refuse', async () => {
    const seen: unknown[] = [];
    const check: WriteCheck = (write) => {
      seen.push({kind: write.kind, before: write.before?.['title'] ?? null, after: write.after?.['title'] ?? null, columns: write.columns});
      return write.after?.['title'] === 'Forbidden' ? {code: 'forbidden', message: 'no'} : null;
    };
    await apply(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Allowed'}}), {check});
    expect(await rejection(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Forbidden'}}), {check})).toMatchObject({code: 'forbidden', opIndex: 0});
    expect(seen).toEqual([
      {kind: 'update', before: 'Fix boiler', after: 'Allowed', columns: ['id', 'title']},
      {kind: 'update', before: 'Allowed', after: 'Forbidden', columns: ['id', 'title']},
    ]);
  });
});

describe("Rails' dependent: options, on the server", () => {
  const TASKS = ['00000000-0000-4000-8000-0000000000t1', '00000000-0000-4000-8000-0000000000t2'];
  beforeEach(() => {
    for (const [i, id] of TASKS.entries()) db.put('tasks', {id, job_id: JOB, title: `Task ${i}`, completed: false, position: i + 1, created_at: 1, updated_at: 1});
  });
  const withClientJobs = (dependent: string): Readonly<Record<string, ModelConfig>> => {
    const clients = FIELD_SERVICE_MODELS['clients']!;
    return {
      ...FIELD_SERVICE_MODELS,
      clients: {...clients, associations: {jobs: {...clients.associations['jobs']!, dependent}}},
    };
  };

  test('destroy: every child is destroyed first, each with its own log, in the same batch', async () => {
    await apply(batch({op: 'delete', table: 'jobs', id: {id: JOB}}));
    expect(db.rows('tasks')).toEqual([]);
    expect(db.get('jobs', JOB)).toBeUndefined();
    expect(db.rows('activity_logs').map((l) => `${String(l.action)} ${String(l.loggable_type)} ${String(l.loggable_id)}`)).toEqual([
      `deleted Task ${TASKS[0]}`,
      `deleted Task ${TASKS[1]}`,
      `deleted Job ${JOB}`,
    ]);
  });

  test('destroy goes down the tree (client → jobs → tasks)', async () => {
    await apply(batch({op: 'delete', table: 'clients', id: {id: CLIENT}}), {models: withClientJobs('destroy')});
    expect([db.rows('clients'), db.rows('jobs'), db.rows('tasks')]).toEqual([[], [], []]);
    expect(db.rows('activity_logs').map((l) => l.loggable_type)).toEqual(['Task', 'Task', 'Job', 'Client']);
  });

  test('restrict_with_error refuses the batch while children exist', async () => {
    expect(await rejection(batch({op: 'delete', table: 'clients', id: {id: CLIENT}}), {models: withClientJobs('restrict_with_error')})).toMatchObject({
      code: 'record_invalid',
      errors: {base: ['Cannot delete record because dependent jobs exist']},
    });
    expect(db.get('clients', CLIENT)).toBeDefined();
  });

  test('nullify clears the children’s key with a logged update', async () => {
    const models = withClientJobs('nullify');
    const jobs = models['jobs']!;
    const nullable = {...models, jobs: {...jobs, columns: {...jobs.columns, client_id: {...jobs.columns['client_id']!, nullable: true}}}};
    await apply(batch({op: 'delete', table: 'clients', id: {id: CLIENT}}), {models: nullable});
    expect(db.get('jobs', JOB)).toMatchObject({client_id: null});
    expect(db.rows('activity_logs').map((l) => `${String(l.action)} ${String(l.loggable_type)}`)).toEqual(['moved Job', 'deleted Client']);
  });
});

describe('ordered lists on the server', () => {
  const [T1, T2, T3] = ['00000000-0000-4000-8000-0000000000t1', '00000000-0000-4000-8000-0000000000t2', '00000000-0000-4000-8000-0000000000t3'];
  beforeEach(() => {
    for (const [i, id] of [T1, T2, T3].entries()) db.put('tasks', {id, job_id: JOB, title: `Task ${i + 1}`, completed: false, position: i + 1, created_at: 1, updated_at: 1});
  });

  test('position changes log nothing per item and ONE derived reordered log on the parent, with the device log op id', async () => {
    await apply(
      batch(
        {op: 'update', table: 'tasks', value: {id: T3, position: 1}},
        {op: 'update', table: 'tasks', value: {id: T1, position: 2}},
        {op: 'update', table: 'tasks', value: {id: T2, position: 3}},
        {op: 'log', table: 'activity_logs', value: {id: 'reorder-log', action: 'reordered', metadata: {moves: 'forged'}}, loggable: {table: 'jobs', id: JOB}},
      ),
    );
    expect(db.rows('tasks').map((t) => [t.id, t.position])).toEqual([[T1, 2], [T2, 3], [T3, 1]]);
    expect(db.rows('activity_logs')).toEqual([
      expect.objectContaining({
        id: 'reorder-log',
        action: 'reordered',
        loggable_type: 'Job',
        loggable_id: JOB,
        job_id: JOB,
        metadata: {
          association: 'tasks',
          moves: [{id: T3, name: 'Task 3', from: 3, to: 1}, {id: T1, name: 'Task 1', from: 1, to: 2}, {id: T2, name: 'Task 2', from: 2, to: 3}],
          name: 'Fix boiler',
          actor: {id: 'user-1', name: 'Dana'},
          device_at: DEVICE,
        },
      }),
    ]);
  });

  test('a reorder without a log op still gets its log; a lone reordered log with no moves is refused', async () => {
    await apply(batch({op: 'update', table: 'tasks', value: {id: T1, position: 4}}));
    expect(db.rows('activity_logs')).toEqual([expect.objectContaining({id: 'new-log-1', action: 'reordered', metadata: expect.objectContaining({moves: [{id: T1, name: 'Task 1', from: 1, to: 4}]})})]);
    expect(
      await rejection(batch({op: 'update', table: 'tasks', value: {id: T2, title: 'Renamed'}}, {op: 'log', table: 'activity_logs', value: {id: 'lone', action: 'reordered', metadata: {}}, loggable: {table: 'jobs', id: JOB}})),
    ).toMatchObject({code: 'invalid_batch', opIndex: 1});
  });

  test('a deferred model\'s log goes to deferLog, not into the transaction; a failing log insert is reported with stage log', async () => {
    const models = {...FIELD_SERVICE_MODELS, jobs: {...FIELD_SERVICE_MODELS.jobs!, loggable: {...FIELD_SERVICE_MODELS.jobs!.loggable!, mode: 'deferred' as const}}};
    const deferred: unknown[] = [];
    await apply(batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Later'}}), {models, deferLog: (row) => deferred.push(row)});
    expect(db.rows('activity_logs')).toEqual([]);
    expect(deferred).toEqual([expect.objectContaining({action: 'renamed', loggable_id: JOB, created_at: NOW})]);

    const writers = {...db.writers, activity_logs: {...db.writers.activity_logs!, insert: () => Promise.reject(new Error('log table gone'))}};
    const stages: string[] = [];
    await expect(
      applyBatchAuthoritative(writers, batch({op: 'update', table: 'jobs', value: {id: JOB, title: 'Now'}}), {
        models: FIELD_SERVICE_MODELS,
        activityLog: FIELD_SERVICE_ACTIVITY_LOG,
        userID: 'user-1',
        now: NOW,
        mutators: DEFAULT_MUTATORS,
        reader: db.reader,
      }, (error, _index, _op, stage) => {
        stages.push(stage);
        return error;
      }),
    ).rejects.toThrow('log table gone');
    expect(stages).toEqual(['log']);
  });
});
