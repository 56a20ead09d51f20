import {clientConfig, jobConfig, taskConfig} from '../contract/testing/fixture-models.ts';
import type {ClientRow, JobRow, TaskRow} from '../record/testing/fixture-rows.ts';
import {describeModelConformance, type ConformanceModels} from '../record/testing/model-conformance.ts';
import type {ModelDeps} from '../record/model-core.ts';
import {describeTransactionConformance} from '../record/testing/transaction-conformance.ts';
import {createReactiveModel} from './create-reactive-model.svelte.ts';

// The same suite as ActiveRecord, through ReactiveRecord's awaitable surface
// (relations and single results are awaitable with identical results).
const reactive = {
  name: 'ReactiveRecord',
  makeModels: (deps: ModelDeps) =>
    ({
      Job: createReactiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
      Client: createReactiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
      Task: createReactiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
    }) as unknown as ConformanceModels,
};
describeModelConformance(reactive);
describeTransactionConformance(reactive);
