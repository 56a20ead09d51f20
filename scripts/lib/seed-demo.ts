import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {clientConfig, type ClientRow} from '../../generated/models/client.config.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {schema} from '../../generated/schema.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {WriteOperation} from '../../src/record/write-operation.ts';
import {createZamClient} from '../../src/zero/zam-client.ts';
import {connectModels} from '../../src/zero/connect-models.ts';

/** Demo users you can log in as (dev login, no password); the policies (src/app/policies.ts) go by role. */
export const DEMO_USERS = [
  {email: 'dana@example.com', name: 'Dana Dispatcher', role: 'dispatcher'},
  {email: 'tom@example.com', name: 'Tom Technician', role: 'technician'},
  {email: 'ada@example.com', name: 'Ada Admin', role: 'admin'},
] as const;

/** A former employee: cannot log in, and technicians no longer see the account. */
export const DEMO_FORMER_USER = {email: 'fred@example.com', name: 'Fred Former', role: 'technician'} as const;

/** Demo clients, so a job can be created right away. */
export const DEMO_CLIENTS = ['Acme Plumbing', 'Birch Dental Clinic', 'Cedar Apartments'] as const;

type DemoJob = {
  readonly client: (typeof DEMO_CLIENTS)[number];
  readonly title: string;
  readonly status: JobRow['status'];
  readonly priority: number;
  readonly tasks: readonly string[];
};

/** A few jobs with tasks, so the app and the console have something to show. */
export const DEMO_JOBS: readonly DemoJob[] = [
  {client: 'Acme Plumbing', title: 'Replace water heater', status: 'scheduled', priority: 4, tasks: ['Shut off water', 'Remove old heater', 'Install and test']},
  {client: 'Acme Plumbing', title: 'Fix leaking kitchen tap', status: 'open', priority: 2, tasks: ['Replace washer']},
  {client: 'Birch Dental Clinic', title: 'Service air conditioning', status: 'in_progress', priority: 3, tasks: ['Clean filters', 'Check refrigerant']},
  {client: 'Cedar Apartments', title: 'Repair lobby door closer', status: 'open', priority: 5, tasks: []},
];

/** What seeding needs from a running stack (a `Stack` has all of it). */
export interface SeedTarget {
  readonly databaseUrl: string;
  readonly cacheURL: string;
  /** Issues a token for a user (the stack's authenticator), as `POST /api/login` would. */
  readonly auth: {issue(userID: string, options?: {tokenVersion?: number}): Promise<string>};
}

/**
 * Seeds the demo. Users go in with SQL: they must exist before anyone can log
 * in, which is how the Rails app would have them too. Everything else is
 * written THROUGH THE ACTIVE MODELS as the dispatcher, over Zero and the API
 * server — so each row also gets its activity log, and seeding is a tested
 * use of the model layer. Idempotent: every record is looked up first
 * (`find_by`) and created only when missing, so `npm start` runs it on every
 * start without duplicating anything.
 */
export async function seedDemo(target: SeedTarget): Promise<void> {
  const sql = postgres(target.databaseUrl, {max: 1, onnotice: () => {}});
  let dispatcherID: string;
  let tokenVersion: number;
  try {
    for (const user of [...DEMO_USERS, {...DEMO_FORMER_USER, active: false}]) {
      await sql`insert into users (id, email, name, role, active, created_at, updated_at)
        values (gen_random_uuid(), ${user.email}, ${user.name}, ${user.role}, ${'active' in user ? user.active : true}, now(), now())
        on conflict (email) do nothing`;
    }
    const [row] = await sql`select id, token_version from users where email = ${DEMO_USERS[0].email}`;
    dispatcherID = String(row!.id);
    tokenVersion = Number(row!.token_version);
  } finally {
    await sql.end();
  }

  const zam = createZamClient({
    cacheURL: target.cacheURL,
    userID: dispatcherID,
    auth: await target.auth.issue(dispatcherID, {tokenVersion}),
    schema,
    models: MODELS,
    activityLog: ACTIVITY_LOG,
    kvStore: 'mem',
  });
  try {
    const deps = connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
    const Client = createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps);
    const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
    const Task = createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps);
    const pending: Promise<unknown>[] = [];
    /** Creates and remembers the server confirmation (awaited once at the end). */
    const created = async <T>(op: WriteOperation<T>): Promise<T> => {
      pending.push(op.server);
      return op;
    };

    const clients = new Map<string, ClientRow>();
    for (const name of DEMO_CLIENTS) {
      clients.set(name, (await Client.find_by({name})) ?? (await created(Client.create({name}))));
    }
    for (const demo of DEMO_JOBS) {
      const client_id = clients.get(demo.client)!.id;
      const job =
        (await Job.find_by({client_id, title: demo.title})) ??
        (await created(Job.create({client_id, title: demo.title, status: demo.status, priority: demo.priority})));
      for (const [position, title] of demo.tasks.entries()) {
        if (!(await Task.exists({job_id: job.id, title}))) await created(Task.create({job_id: job.id, title, position}));
      }
    }
    // Every write confirmed by the server (a rejection fails the seed loudly).
    await Promise.all(pending);
  } finally {
    await zam.close();
  }
}
