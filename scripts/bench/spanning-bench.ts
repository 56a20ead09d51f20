import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {createZamClient} from '../../src/zero/zam-client.ts';
import {startStack} from '../lib/stack.ts';
import {percentile, type BenchRow} from './stats.ts';

/**
 * Writes that span records: a job with 10 tasks as ONE transaction against
 * the same 11 rows as 11 separate model creates (time to server confirmation
 * of the last write, and Zero mutations pushed), and a reorder of 50 tasks
 * (one batch, one log) to server confirmation. Rounds alternate.
 */
export async function benchSpanning(options: {rounds?: number} = {}): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 30;
  const stack = await startStack();
  const sql = postgres(stack.databaseUrl, {max: 1, onnotice: () => {}});
  try {
    const userID = crypto.randomUUID();
    const clientId = crypto.randomUUID();
    await sql`insert into users (id, email, name, created_at, updated_at) values (${userID}, 'bench-spanning@example.com', 'Bench', now(), now())`;
    await sql`insert into clients (id, name, created_at, updated_at) values (${clientId}, 'Bench client', now(), now())`;
    const zam = createZamClient({cacheURL: stack.cacheURL, userID, auth: await stack.auth.issue(userID, {tokenVersion: 0}), schema, models: MODELS, activityLog: ACTIVITY_LOG, kvStore: 'mem'});
    const deps = connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
    const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
    const Task = createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps);
    const mutations = async () => Number((await sql`select coalesce(max("lastMutationID"), 0) as n from zero_0.clients where "clientID" = ${zam.zero.clientID}`)[0]!.n);

    const inOne = async () => {
      const write = Job.transaction(async () => {
        const job = await Job.create({client_id: clientId, title: 'Bench transaction'});
        for (let i = 0; i < 10; i++) await Task.create({job_id: job.id, title: `Task ${i}`, position: i + 1});
      });
      await write.server;
    };
    const separately = async () => {
      const job = Job.create({client_id: clientId, title: 'Bench separate'});
      const id = (await job).id;
      const tasks = Array.from({length: 10}, (_, i) => Task.create({job_id: id, title: `Task ${i}`, position: i + 1}));
      await Promise.all([job.server, ...tasks.map((t) => t.server)]);
    };
    const listJob = crypto.randomUUID();
    await sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${listJob}, ${clientId}, 'Bench list', now(), now())`;
    for (let i = 0; i < 50; i++) await sql`insert into tasks (id, job_id, title, position, created_at, updated_at) values (${crypto.randomUUID()}, ${listJob}, ${`Step ${i}`}, ${i + 1}, now(), now())`;
    const reorder = async () => {
      const last = (await Task.where({job_id: listJob}).order('position', 'desc').first()) as unknown as {move_to(p: number): {server: Promise<unknown>}};
      await last.move_to(1).server;
    };

    const times = {one: [] as number[], separate: [] as number[], reorder: [] as number[]};
    const pushes = {one: 0, separate: 0};
    for (let i = 0; i < 3; i++) {
      await inOne();
      await separately();
      await reorder();
    }
    for (let i = 0; i < rounds; i++) {
      let before = await mutations();
      let t0 = performance.now();
      await inOne();
      times.one.push(performance.now() - t0);
      pushes.one += (await mutations()) - before;
      before = await mutations();
      t0 = performance.now();
      await separately();
      times.separate.push(performance.now() - t0);
      pushes.separate += (await mutations()) - before;
      t0 = performance.now();
      await reorder();
      times.reorder.push(performance.now() - t0);
    }
    await zam.close();
    const p50 = (xs: number[]) => percentile(xs, 50);
    return [
      {name: 'job + 10 tasks as ONE transaction → server confirmed', value: `p50 ${p50(times.one).toFixed(1)} ms, ${(pushes.one / rounds).toFixed(1)} Zero mutations each (n=${rounds})`},
      {name: 'the same 11 rows as 11 model creates → last confirmed', value: `p50 ${p50(times.separate).toFixed(1)} ms, ${(pushes.separate / rounds).toFixed(1)} Zero mutations each`},
      {name: 'ratio transaction / separate creates', value: `${(p50(times.one) / p50(times.separate)).toFixed(2)}× time, ${(pushes.one / Math.max(1, pushes.separate)).toFixed(2)}× mutations`},
      {name: 'reorder of 50 tasks (move last to top: 50 updates + 1 log) → server confirmed', value: `p50 ${p50(times.reorder).toFixed(1)} ms`},
    ];
  } finally {
    await sql.end();
    await stack.stop();
  }
}
