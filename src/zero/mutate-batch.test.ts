import {describe, expect, test} from 'vitest';
import type {Batch} from '../contract/batch.ts';
import {LogWithoutWriteError} from '../errors/log-without-write-error.ts';
import {FIELD_SERVICE_ACTIVITY_LOG, FIELD_SERVICE_MODELS} from '../contract/testing/field-service-models.ts';
import {createActiveModel} from '../record/create-active-model.ts';
import type {ModelDeps} from '../record/model-core.ts';
import {mutateBatch} from '../record/mutate-batch.ts';
import {MemoryModelStore} from '../record/testing/memory-model-store.ts';
import type {BatchWrite} from '../sync/batch-write.ts';
import {createModelBatchWriter} from './model-batch-writer.ts';

const CLIENT = '00000000-0000-4000-8000-0000000000c1';
const JOB = '00000000-0000-4000-8000-0000000000j1';
const TASK = '00000000-0000-4000-8000-0000000000t1';

/** Models over an in-memory source, writing through the real pipeline into a recording `send`, with fixed ids and clock. */
function setup() {
  const sent: Batch[] = [];
  let n = 0;
  const store = new MemoryModelStore(Object.values(FIELD_SERVICE_MODELS));
  store.insertRow('clients', {id: CLIENT, name: 'Acme', created_at: 1, updated_at: 1});
  const writer = createModelBatchWriter({
    models: FIELD_SERVICE_MODELS,
    activityLog: FIELD_SERVICE_ACTIVITY_LOG,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => 1_700_000_000_000,
    send: (batch): BatchWrite => {
      sent.push(batch);
      return {batchId: batch.id, client: Promise.resolve(), server: Promise.resolve({status: 'applied'})};
    },
  });
  const deps: ModelDeps = {source: store, writer, models: FIELD_SERVICE_MODELS, activityLog: FIELD_SERVICE_ACTIVITY_LOG};
  return {sent, store, deps};
}

describe('mutateBatch(async (tx) => …)', () => {
  test('yields the same batch as the equivalent model writes', async () => {
    const viaModels = setup();
    const Job = createActiveModel(FIELD_SERVICE_MODELS['jobs']!, viaModels.deps);
    const Task = createActiveModel(FIELD_SERVICE_MODELS['tasks']!, viaModels.deps);
    const Client = createActiveModel(FIELD_SERVICE_MODELS['clients']!, viaModels.deps);
    await Job.transaction(async () => {
      await Job.create({id: JOB, client_id: CLIENT, title: 'Fix boiler'});
      await Task.create({id: TASK, job_id: JOB, title: 'Drain'});
      const client = await Client.find(CLIENT);
      await client.update({name: 'Acme Ltd'});
    });

    const viaCallback = setup();
    await mutateBatch(async (tx) => {
      await tx.jobs!.insert({id: JOB, client_id: CLIENT, title: 'Fix boiler'});
      await tx.tasks!.insert({id: TASK, job_id: JOB, title: 'Drain'});
      await tx.clients!.update({id: CLIENT, name: 'Acme Ltd'});
    }, viaCallback.deps);

    expect(viaModels.sent).toHaveLength(1);
    expect(viaCallback.sent).toEqual(viaModels.sent);
    expect(viaModels.sent[0]!.ops.map((op) => `${op.op} ${op.op === 'log' ? op.loggable.table : op.table}`)).toEqual([
      'insert jobs',
      'log jobs',
      'insert tasks',
      'log tasks',
      'update clients',
      'log clients',
    ]);
  });

  test('an activity_logs insert becomes the log of its record’s write, keeping its id', async () => {
    const {sent, deps} = setup();
    await mutateBatch(async (tx) => {
      await tx.jobs!.insert({id: JOB, client_id: CLIENT, title: 'Fix boiler'});
      await tx.activity_logs!.insert({id: 'my-log-id', action: 'created', loggable_type: 'Job', loggable_id: JOB, metadata: {}});
    }, deps);
    expect(sent[0]!.ops).toHaveLength(2);
    expect(sent[0]!.ops[1]).toMatchObject({op: 'log', loggable: {table: 'jobs', id: JOB}, value: {id: 'my-log-id', action: 'created'}});
  });

  test('a log for a record the batch does not write is refused, and nothing is sent', async () => {
    const {sent, deps} = setup();
    const write = mutateBatch(async (tx) => {
      await tx.jobs!.insert({id: JOB, client_id: CLIENT, title: 'Fix boiler'});
      await tx.activity_logs!.insert({id: 'orphan', action: 'deleted', loggable_type: 'Client', loggable_id: CLIENT});
    }, deps);
    await expect(write).rejects.toBeInstanceOf(LogWithoutWriteError);
    expect(sent).toHaveLength(0);
  });
});
