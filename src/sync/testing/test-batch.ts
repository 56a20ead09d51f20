import {BATCH_FORMAT_VERSION, type Batch} from '../../contract/batch.ts';

/** A small job + log batch for tests and benchmarks. */
export function testBatch(id: string, createdAt = 0): Batch {
  return {
    v: BATCH_FORMAT_VERSION,
    id,
    createdAt,
    ops: [
      {op: 'insert', table: 'jobs', value: {id: `job-${id}`, title: 'Fix boiler', status: 'open'}},
      {op: 'log', table: 'activity_logs', value: {id: `log-${id}`, action: 'create'}, loggable: {table: 'jobs', id: `job-${id}`}},
    ],
  };
}
