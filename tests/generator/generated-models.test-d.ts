// Type test over the GENERATED example models, written as the thin generated
// modules will be (one line per flavour, deps from `establishConnection`).
import {describe, expectTypeOf, it} from 'vitest';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {createReactiveModel} from '../../src/reactive/create-reactive-model.svelte.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {ModelRecord} from '../../src/record/model-record.ts';

const ActiveJob = createActiveModel<JobRow, typeof jobConfig>(jobConfig);
const ActiveTask = createActiveModel<TaskRow, typeof taskConfig>(taskConfig);
const ReactiveJob = createReactiveModel<JobRow, typeof jobConfig>(jobConfig);
type Job = ModelRecord<JobRow, typeof jobConfig>;

describe('generated models', () => {
  it('find T, find_by T | null, generated scopes and enum helpers', async () => {
    expectTypeOf(ActiveJob.find('id')).toEqualTypeOf<Promise<Job>>();
    expectTypeOf(ActiveJob.find_by({title: 'x'})).toEqualTypeOf<Promise<Job | null>>();
    expectTypeOf(ActiveJob.active().urgent().for_client('c').toArray()).toEqualTypeOf<Promise<Job[]>>();
    expectTypeOf(ActiveJob.inProgress).toBeFunction();
    expectTypeOf(ActiveTask.pending().ordered().pluck('title')).toEqualTypeOf<Promise<string[]>>();
    const job = await ActiveJob.find('id');
    expectTypeOf(job.isInProgress).toEqualTypeOf<boolean>();
    expectTypeOf(job.status).toEqualTypeOf<'open' | 'scheduled' | 'in_progress' | 'done' | 'cancelled'>();
    expectTypeOf(ReactiveJob.find('id').title).toEqualTypeOf<string | undefined>();
    expectTypeOf(ReactiveJob.open().records).toEqualTypeOf<Job[]>();
  });

  it('unknown columns and scopes are type errors', () => {
    // @ts-expect-error unknown column
    void ActiveJob.where({nope: 1});
    // @ts-expect-error unknown scope
    void ActiveJob.forClient;
    // @ts-expect-error scope parameters are required
    void ActiveJob.for_client();
  });
});
