import {createActiveModel} from './create-active-model.ts';
import {clientConfig, jobConfig, taskConfig} from '../contract/testing/fixture-models.ts';
import type {ClientRow, JobRow, TaskRow} from './testing/fixture-rows.ts';
import {describeModelConformance} from './testing/model-conformance.ts';
import {describeTransactionConformance} from './testing/transaction-conformance.ts';

describeModelConformance({
  name: 'ActiveRecord',
  makeModels: deps => ({
    Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
    Client: createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
    Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
  }),
});

describeTransactionConformance({
  name: 'ActiveRecord',
  makeModels: deps => ({
    Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
    Client: createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
    Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
  }),
});
