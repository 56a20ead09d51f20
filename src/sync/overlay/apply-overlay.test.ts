import {describe, expect, test} from 'vitest';
import type {ActivityLogConfig, ModelConfig} from '../../contract/model-config.ts';
import {emptyQuerySpec, type QuerySpec} from '../../contract/query-spec.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../contract/batch.ts';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';
import {applyOverlay} from './apply-overlay.ts';
import {OutboxOverlay} from './overlay-source.ts';

const models = {
  jobs: {table: 'jobs', className: 'Job', primaryKey: 'id'},
  tasks: {table: 'tasks', className: 'Task', primaryKey: 'id'},
} as unknown as Record<string, ModelConfig>;
const activityLog = {
  table: 'activity_logs',
  primaryKey: 'id',
  loggableTypeColumn: 'loggable_type',
  loggableIdColumn: 'loggable_id',
  referenceColumns: {job_id: 'jobs', client_id: 'clients'},
} as unknown as ActivityLogConfig;
const config = {models, activityLog};

let n = 0;
const batch = (...ops: BatchOp[]): Batch => ({v: BATCH_FORMAT_VERSION, id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, ops, createdAt: 0});
const jobs = (over: Partial<QuerySpec> = {}): QuerySpec => ({...emptyQuerySpec('jobs'), ...over});

describe('applyOverlay', () => {
  const zeroRows = [
    {id: 'a', title: 'Alpha', status: 'open'},
    {id: 'c', title: 'Gamma', status: 'done'},
  ];

  test('returns the same rows when no pending op touches the table', () => {
    const rows = applyOverlay(jobs(), zeroRows, [batch({op: 'insert', table: 'tasks', value: {id: 't'}})], config);
    expect(rows).toBe(zeroRows);
  });

  test('inserts appear, updates patch, deletes hide, in batch order, sorted by primary key', () => {
    const rows = applyOverlay(
      jobs(),
      zeroRows,
      [
        batch({op: 'insert', table: 'jobs', value: {id: 'b', title: 'Beta', status: 'open'}}),
        batch({op: 'update', table: 'jobs', value: {id: 'a', status: 'scheduled'}}),
        batch({op: 'delete', table: 'jobs', id: {id: 'c'}}),
        batch({op: 'update', table: 'jobs', value: {id: 'b', title: 'Beta 2'}}),
      ],
      config,
    );
    expect(rows).toEqual([
      {id: 'a', title: 'Alpha', status: 'scheduled'},
      {id: 'b', title: 'Beta 2', status: 'open'},
    ]);
  });

  test('a row Zero already holds is not doubled (keyed by primary key)', () => {
    const rows = applyOverlay(jobs(), zeroRows, [batch({op: 'insert', table: 'jobs', value: {id: 'a', title: 'Alpha', status: 'open'}})], config);
    expect(rows.map((r) => r.id)).toEqual(['a', 'c']);
  });

  test('where, order and limit are those of the query', () => {
    const spec = jobs({where: [{type: 'simple', column: 'status', op: '=', value: 'open'}], orderBy: [['title', 'desc']], limit: 1});
    const rows = applyOverlay(
      spec,
      [{id: 'a', title: 'Alpha', status: 'open'}],
      [batch({op: 'insert', table: 'jobs', value: {id: 'z', title: 'Zulu', status: 'open'}}), batch({op: 'update', table: 'jobs', value: {id: 'a', status: 'done'}})],
      config,
    );
    expect(rows).toEqual([{id: 'z', title: 'Zulu', status: 'open'}]);
  });

  test('an activity log gets its loggable columns and the references it can resolve', () => {
    const rows = applyOverlay(
      {...emptyQuerySpec('activity_logs')},
      [],
      [
        batch(
          {op: 'insert', table: 'jobs', value: {id: 'j', client_id: 'cl', title: 'J'}},
          {op: 'log', table: 'activity_logs', value: {id: 'l', action: 'created'}, loggable: {table: 'jobs', id: 'j'}},
        ),
      ],
      config,
    );
    expect(rows).toEqual([{id: 'l', action: 'created', loggable_type: 'Job', loggable_id: 'j', job_id: 'j', client_id: 'cl'}]);
  });
});

describe('OutboxOverlay', () => {
  test('shows pending batches Zero does not hold, follows appends and removals, notifies on change', async () => {
    const store = new MemoryOutboxStore();
    const held = new Set<string>();
    const overlay = new OutboxOverlay(store, (id) => held.has(id), config);
    const first = batch({op: 'insert', table: 'jobs', value: {id: 'x', title: 'X'}});
    await store.append(first);
    await overlay.start();
    expect(overlay.batches.map((b) => b.id)).toEqual([first.id]);

    let calls = 0;
    overlay.subscribe(() => calls++);
    const second = batch({op: 'insert', table: 'jobs', value: {id: 'y', title: 'Y'}});
    await store.append(second);
    await overlay.caughtUp();
    expect(overlay.apply(jobs(), []).map((r) => r.id)).toEqual(['x', 'y']);

    held.add(first.id);
    overlay.invalidate();
    expect(overlay.batches.map((b) => b.id)).toEqual([second.id]);
    await store.remove([second.id]);
    expect(overlay.batches).toEqual([]);
    expect(overlay.apply(jobs(), [{id: 'x', title: 'X'}])).toEqual([{id: 'x', title: 'X'}]);
    expect(calls).toBe(3);
    overlay.close();
  });

  test('a rejected batch leaves the overlay when it becomes a dead letter', async () => {
    const store = new MemoryOutboxStore();
    const overlay = new OutboxOverlay(store, () => false, config);
    await overlay.start();
    const bad = batch({op: 'insert', table: 'jobs', value: {id: 'bad'}});
    await store.append(bad);
    await overlay.caughtUp();
    expect(overlay.batches).toHaveLength(1);
    await store.moveToDeadLetters(bad.id, {code: 'constraint_violation', message: 'fk'});
    expect(overlay.batches).toHaveLength(0);
  });
});

describe('applyOverlay with an EXISTS condition (a joined association)', () => {
  const joined = {
    jobs: {table: 'jobs', className: 'Job', primaryKey: 'id', associations: {client: {name: 'client', kind: 'belongs_to', table: 'clients', foreignKey: 'client_id', primaryKey: 'id'}}},
    clients: {table: 'clients', className: 'Client', primaryKey: 'id', associations: {}},
  } as unknown as Record<string, ModelConfig>;
  const spec = jobs({where: [{type: 'exists', association: 'client', where: [{type: 'simple', column: 'name', op: '=', value: 'Acme'}], negated: false}]});
  const zeroRows = [{id: 'a', title: 'Alpha', client_id: 'c1'}];

  test('a row Zero returned keeps its verdict while its key is unchanged; a changed key is decided over pending rows', () => {
    const edited = applyOverlay(spec, zeroRows, [batch({op: 'update', table: 'jobs', value: {id: 'a', title: 'Alpha 2'}})], {models: joined});
    expect(edited).toEqual([{id: 'a', title: 'Alpha 2', client_id: 'c1'}]);
    const moved = applyOverlay(spec, zeroRows, [batch({op: 'update', table: 'jobs', value: {id: 'a', client_id: 'c2'}})], {models: joined});
    expect(moved).toEqual([]);
  });

  test('a pending row matches through a pending related row, and not through one the overlay does not know', () => {
    const rows = applyOverlay(
      spec,
      [],
      [
        batch({op: 'insert', table: 'clients', value: {id: 'c3', name: 'Acme'}}),
        batch({op: 'insert', table: 'jobs', value: {id: 'b', title: 'Beta', client_id: 'c3'}}),
        batch({op: 'insert', table: 'jobs', value: {id: 'c', title: 'Gamma', client_id: 'c9'}}),
      ],
      {models: joined},
    );
    expect(rows.map((r) => r.id)).toEqual(['b']);
  });
});
