import {describe, expectTypeOf, it} from 'vitest';
import {createReactiveModel} from './create-reactive-model.svelte.ts';
import {createActiveModel} from '../record/create-active-model.ts';
import type {ModelRecord} from '../record/model-record.ts';
import type {WriteOperation} from '../record/write-operation.ts';
import type {Preload} from '../record/preload-set.ts';
import type {ResultType} from '../record/model-data-source.ts';
import {liveRelation} from './live-relation.svelte.ts';
import {fixtureModels, jobConfig} from '../contract/testing/fixture-models.ts';
import type {JobRow} from '../record/testing/fixture-rows.ts';
import {MemoryModelStore} from '../record/testing/memory-model-store.ts';

const store = new MemoryModelStore(fixtureModels);
const deps = {source: store, writer: store, models: fixtureModels};
const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
const ReactiveJob = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
type Job = ModelRecord<JobRow, typeof jobConfig>;

describe('ActiveRecord types', () => {
  it('find returns T, find_by T | null, where an array', () => {
    expectTypeOf(Job.find('j1')).toEqualTypeOf<Promise<Job>>();
    expectTypeOf(Job.find_by({title: 'x'})).toEqualTypeOf<Promise<Job | null>>();
    expectTypeOf(Job.first()).toEqualTypeOf<Promise<Job | null>>();
    expectTypeOf(Job.where({status: 'open'}).toArray()).toEqualTypeOf<Promise<Job[]>>();
    expectTypeOf(Job.count()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(Job.exists()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(Job.pluck('priority')).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(Job.pluck('id', 'priority')).toEqualTypeOf<Promise<[string, number][]>>();
  });

  it('records have columns, enum predicates and write methods', async () => {
    const job = await Job.find('j1');
    expectTypeOf(job.title).toEqualTypeOf<string>();
    expectTypeOf(job.isOpen).toEqualTypeOf<boolean>();
    expectTypeOf(job.update({title: 'x'})).toEqualTypeOf<WriteOperation<Job>>();
    // @ts-expect-error -- not a column
    void job.update({nope: 1});
    // @ts-expect-error -- not an enum predicate
    void job.isClosed;
  });

  it('unknown columns and wrong value types in where are type errors', () => {
    // @ts-expect-error -- unknown column
    void Job.where({nope: 1});
    // @ts-expect-error -- wrong value type
    void Job.where({priority: 'high'});
    // @ts-expect-error -- unknown column in a comparison
    void Job.where('nope', '>', 1);
    // @ts-expect-error -- IN takes a list
    void Job.where('priority', 'IN', 3);
    // @ts-expect-error -- unknown column in order
    void Job.order('nope');
    // @ts-expect-error -- unknown association
    void Job.includes('owner');
    void Job.where({client_id: null, status: ['open', 'done']}).where('priority', '>=', 3).includes('client');
  });

  it('scope and enum-scope methods exist on the model and on relations, with their arity', () => {
    expectTypeOf(Job.urgent).toBeFunction();
    expectTypeOf(Job.open().urgent().forClient('c1').hot).toBeFunction();
    expectTypeOf(Job.where({title: 'x'}).kept().topN).parameters.toEqualTypeOf<[n: import('../contract/model-config.ts').JSONValue]>();
    // @ts-expect-error -- forClient takes one argument
    void Job.forClient();
    // @ts-expect-error -- no such scope
    void Job.closed();
  });
});

describe('ReactiveRecord types', () => {
  it('find gives a reactive record with columns; relations give records', async () => {
    const job = ReactiveJob.find('j1');
    expectTypeOf(job.title).toEqualTypeOf<string | undefined>();
    expectTypeOf(job.isLoading).toEqualTypeOf<boolean>();
    expectTypeOf(job.isOpen).toEqualTypeOf<boolean>();
    expectTypeOf(await job).toEqualTypeOf<Job>();
    expectTypeOf(await ReactiveJob.find_by({title: 'x'})).toEqualTypeOf<Job | null>();
    expectTypeOf(ReactiveJob.open().urgent().records).toEqualTypeOf<Job[]>();
    // @ts-expect-error -- unknown column
    void ReactiveJob.where({nope: 1});
  });

  it('reads that last offline: ttl keeps the relation type, preload gives Zero\'s {complete, cleanup}, liveRelation reads like a relation', () => {
    expectTypeOf(ReactiveJob.open().ttl('7d').urgent().records).toEqualTypeOf<Job[]>();
    expectTypeOf(Job.ttl('10m').where({status: 'open'}).toArray()).toEqualTypeOf<Promise<Job[]>>();
    expectTypeOf(Job.includes('tasks').preload({ttl: '7d'})).toEqualTypeOf<Preload>();
    expectTypeOf(ReactiveJob.preload()).toEqualTypeOf<Preload>();
    expectTypeOf(ReactiveJob.open().resultType).toEqualTypeOf<ResultType>();
    expectTypeOf(liveRelation(() => ReactiveJob.open()).records).toEqualTypeOf<Job[]>();
    // @ts-expect-error -- not Zero's TTL syntax
    void Job.ttl('7 days');
    // @ts-expect-error -- not Rails' preload(:tasks): eager loading is includes
    void Job.preload('tasks');
  });
});
