import {boolean, createSchema, json, number, relationships, string, table} from '@rocicorp/zero';

// The Zero schema of the record layer's fixture models (src/contract/testing/fixture-models.ts),
// for the tests of the Zero adapters; the record tests never depend on generated/.
const clients = table('clients')
  .columns({id: string(), name: string(), active: boolean()})
  .primaryKey('id');

const jobs = table('jobs')
  .columns({
    id: string(),
    title: string(),
    status: string(),
    priority: number(),
    client_id: string().optional(),
    tags: json<string[]>(),
    settings: json<{readonly [key: string]: boolean | {readonly [key: string]: boolean}}>(),
    discarded_at: number().optional(),
    created_at: number(),
    updated_at: number(),
  })
  .primaryKey('id');

const tasks = table('tasks')
  .columns({id: string(), job_id: string(), name: string(), position: number()})
  .primaryKey('id');

const jobRelationships = relationships(jobs, ({one, many}) => ({
  client: one({sourceField: ['client_id'], destField: ['id'], destSchema: clients}),
  tasks: many({sourceField: ['id'], destField: ['job_id'], destSchema: tasks}),
}));

const clientRelationships = relationships(clients, ({many}) => ({
  jobs: many({sourceField: ['id'], destField: ['client_id'], destSchema: jobs}),
}));

export const fixtureSchema = createSchema({
  tables: [clients, jobs, tasks],
  relationships: [jobRelationships, clientRelationships],
});
