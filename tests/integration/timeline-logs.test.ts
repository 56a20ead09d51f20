// Logs a timeline can speak from, on the real stack: the server writes the
// record's display name, the associated records' names, the actor's name,
// the action by priority, declared custom actions and notes — and
// describeActivity turns each into a sentence.
import {describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {BATCH_FORMAT_VERSION} from '../../src/contract/batch.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import {describeActivity} from '../../src/record/describe-activity.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {rawPush} from '../support/raw-push.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack();

async function named(name: string): Promise<string> {
  const id = await t.createUser(`${name.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.com`);
  await t.sql`update users set name = ${name} where id = ${id}`;
  return id;
}

describe('logs a timeline can speak from', () => {
  test('each write of a job, as the server logs it and describeActivity says it', async () => {
    const dana = await named('Dana');
    const tom = await named('Tom');
    const acme = await t.createClientRow('Acme');
    const globex = await t.createClientRow('Globex');
    const zam = await t.connect(dana);
    const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
    await eventually(async () => (await t.sql`select 1 from users where id = ${tom}`).length > 0);

    const created = Job.create({client_id: acme, title: 'Fix boiler'});
    await created.server;
    const job = await created;
    const writes: [string, () => PromiseLike<unknown> & {server: Promise<unknown>}][] = [
      ['assign', () => job.update({assigned_to_id: tom})],
      ['rename', () => job.update({title: 'Replace boiler'})],
      ['status and title at once', () => job.update({status: 'scheduled', title: 'Replace the boiler'})],
      ['custom action with a note', () => job.update({status: 'done'}, {action: 'completed', note: 'signed by customer'})],
      ['move', () => job.update({client_id: globex})],
      ['unassign', () => job.update({assigned_to_id: null})],
      ['destroy', () => job.destroy()],
    ];
    for (const [, write] of writes) await write().server;

    const logs = await t.sql`select action, metadata, loggable_type, loggable_id from activity_logs where loggable_id = ${job.id} order by created_at, xmin::text::bigint`;
    expect(logs.map((l) => describeActivity(l as never, {models: MODELS}).sentence)).toEqual([
      'Dana created job Fix boiler',
      'Dana assigned Fix boiler to Tom',
      'Dana renamed Fix boiler to Replace boiler',
      'Dana changed Replace the boiler from Open to Scheduled',
      'Dana completed Replace the boiler — “signed by customer”',
      'Dana moved Replace the boiler from Acme to Globex',
      'Dana unassigned Tom from Replace the boiler',
      'Dana deleted job Replace the boiler',
    ]);
    // The third write changed both: the action follows the priority, every change is kept.
    expect(Object.keys((logs[3]!.metadata as {changes: object}).changes).sort()).toEqual(['status', 'title']);
    expect(logs[1]!.metadata).toMatchObject({
      name: 'Fix boiler',
      actor: {id: dana, name: 'Dana'},
      references: {assigned_to_id: {association: 'assigned_to', before: null, after: {id: tom, name: 'Tom'}}},
    });
  });

  test('the server keeps only declared custom actions; the note stays', async () => {
    const dana = await named('Dana');
    const acme = await t.createClientRow('Acme');
    const jobId = crypto.randomUUID();
    await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${acme}, 'Gutters', now(), now())`;
    const log = (action: string) => ({
      op: 'log' as const,
      table: 'activity_logs',
      value: {id: crypto.randomUUID(), action, metadata: {note: 'from the field'}},
      loggable: {table: 'jobs', id: jobId},
    });
    const push = async (priority: number, action: string) =>
      rawPush(t.stack, `Bearer ${await t.token(dana)}`, [
        {v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'update', table: 'jobs', value: {id: jobId, priority}}, log(action)]},
      ]);
    expect((await push(4, 'promoted')).results[0]).toEqual({});
    expect((await push(5, 'completed')).results[0]).toEqual({});
    const rows = await t.sql`select action, metadata->>'note' as note from activity_logs where loggable_id = ${jobId} order by created_at, xmin::text::bigint`;
    expect(rows).toEqual([
      {action: 'updated', note: 'from the field'},
      {action: 'completed', note: 'from the field'},
    ]);
  });
});
