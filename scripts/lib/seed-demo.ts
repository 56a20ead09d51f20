import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {clientConfig, type ClientRow} from '../../generated/models/client.config.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {noteConfig, type NoteRow} from '../../generated/models/note.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {schema} from '../../generated/schema.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {WriteOperation} from '../../src/record/write-operation.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';
import {connectModels} from '../../src/zero/connect-models.ts';

/** Demo users you can log in as (dev login, no password); the policies (src/app/policies.ts) go by role. */
export const DEMO_USERS = [
  {email: 'dana@example.com', name: 'Dana Dispatcher', role: 'dispatcher'},
  {email: 'tom@example.com', name: 'Tom Technician', role: 'technician'},
  {email: 'ada@example.com', name: 'Ada Admin', role: 'admin'},
  {email: 'sam@example.com', name: 'Sam Fitter', role: 'technician'},
  {email: 'lee@example.com', name: 'Lee Electrician', role: 'technician'},
] as const;

/** The technicians jobs are assigned to (and who work through them in the seeded history). */
export const DEMO_TECHNICIANS = DEMO_USERS.filter((u) => u.role === 'technician').map((u) => u.email);

/** A former employee: cannot log in, and technicians no longer see the account. */
export const DEMO_FORMER_USER = {email: 'fred@example.com', name: 'Fred Former', role: 'technician'} as const;

/** Demo clients, so a job can be created right away. */
export const DEMO_CLIENTS = ['Acme Plumbing', 'Birch Dental Clinic', 'Cedar Apartments'] as const;

type DemoJob = {
  readonly client: string;
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

const CLIENT_WORDS = ['Oak', 'Maple', 'Harbor', 'Summit', 'River', 'Granite', 'Willow', 'Lakeside', 'Pine', 'Meadow', 'Elm', 'Copper', 'Bayview', 'Hillcrest', 'Northgate'];
const CLIENT_KINDS = ['Bakery', 'Dental', 'Apartments', 'School', 'Hotel', 'Gym', 'Clinic', 'Offices', 'Library', 'Café'];
const JOB_KINDS: readonly {title: string; tasks: readonly string[]}[] = [
  {title: 'Fix boiler', tasks: ['Check pressure', 'Bleed radiators', 'Replace thermocouple']},
  {title: 'Service air conditioning', tasks: ['Clean filters', 'Check refrigerant', 'Test thermostat']},
  {title: 'Replace light fittings', tasks: ['Isolate circuit', 'Fit new lights', 'Test circuit']},
  {title: 'Unblock drain', tasks: ['Camera survey', 'Jet drain']},
  {title: 'Install smoke alarms', tasks: ['Mark positions', 'Fit alarms', 'Test alarms', 'Log serials']},
  {title: 'Repair door closer', tasks: ['Adjust closer', 'Replace arm']},
  {title: 'Annual gas safety check', tasks: ['Check appliances', 'Test flue', 'Issue certificate']},
  {title: 'Fix leaking tap', tasks: ['Replace washer']},
];
/** Where a generated job ends up: most of the board is open or on its way. */
const STATUS_PATH: readonly JobRow['status'][] = ['open', 'scheduled', 'in_progress', 'done'];
const DAY_MS = 86_400_000;

/** The i-th generated job (deterministic, so a re-run finds the same titles). */
function generatedJob(i: number, clients: readonly string[]): DemoJob & {scheduledInDays: number; statusSteps: number; doneTasks: number} {
  const kind = JOB_KINDS[i % JOB_KINDS.length]!;
  const statusSteps = [0, 1, 1, 2, 2, 3, 3, 3][(i * 7) % 8]!;
  return {
    client: clients[i % clients.length]!,
    title: `${kind.title} #${i + 1}`,
    status: 'open',
    priority: (i * 3) % 6,
    tasks: kind.tasks,
    scheduledInDays: ((i * 5) % 21) - 10,
    statusSteps,
    doneTasks: statusSteps >= 2 ? Math.min(kind.tasks.length, statusSteps) : 0,
  };
}

/** The generated clients' names (beyond DEMO_CLIENTS), about one per seven jobs. */
function generatedClients(jobs: number): string[] {
  const count = Math.max(0, Math.round(jobs / 7) - DEMO_CLIENTS.length);
  return Array.from({length: count}, (_, i) => `${CLIENT_WORDS[i % CLIENT_WORDS.length]} ${CLIENT_KINDS[(i * 3 + Math.floor(i / CLIENT_WORDS.length)) % CLIENT_KINDS.length]}${i >= CLIENT_WORDS.length * 2 ? ` ${i}` : ''}`);
}

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
export async function seedDemo(target: SeedTarget, jobCount: number = DEMO_JOBS.length): Promise<void> {
  const sql = postgres(target.databaseUrl, {max: 1, onnotice: () => {}});
  const people = new Map<string, {id: string; tokenVersion: number}>();
  try {
    for (const user of [...DEMO_USERS, {...DEMO_FORMER_USER, active: false}]) {
      await sql`insert into users (id, email, name, role, active, created_at, updated_at)
        values (gen_random_uuid(), ${user.email}, ${user.name}, ${user.role}, ${'active' in user ? user.active : true}, now(), now())
        on conflict (email) do nothing`;
    }
    for (const row of await sql`select id, email, token_version from users`) people.set(String(row.email), {id: String(row.id), tokenVersion: Number(row.token_version)});
  } finally {
    await sql.end();
  }

  const sessions: ZamClient[] = [];
  /** The models as one user sees them (each user their own Zero client, so the logs name them). */
  const modelsAs = async (email: string) => {
    const person = people.get(email)!;
    const zam = createZamClient({
      cacheURL: target.cacheURL,
      userID: person.id,
      auth: await target.auth.issue(person.id, {tokenVersion: person.tokenVersion}),
      schema,
      models: MODELS,
      activityLog: ACTIVITY_LOG,
      kvStore: 'mem',
    });
    sessions.push(zam);
    const deps = connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
    return {
      Client: createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
      Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
      Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
      Note: createActiveModel<NoteRow, typeof noteConfig>(noteConfig, deps),
    };
  };
  const seededSince = Date.now();
  try {
    const {Client, Job, Task} = await modelsAs(DEMO_USERS[0].email);
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

    // The bulk of the board: a client that exists already had its jobs seeded (one lookup per client, not per job).
    const extraClients = generatedClients(jobCount);
    const fresh = new Set<string>();
    for (const [i, name] of extraClients.entries()) {
      if (clients.has(name)) continue;
      const existing = await Client.find_by({name});
      if (existing === null) fresh.add(name);
      clients.set(name, existing ?? (await created(Client.create({name, phone: `+1 555 01${String(i).padStart(2, '0')}`, address: `${10 + i} ${CLIENT_WORDS[i % CLIENT_WORDS.length]} Street`}))));
    }
    const technicians = DEMO_TECHNICIANS.map((email) => people.get(email)!.id);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const history: {job: JobRow; plan: ReturnType<typeof generatedJob>; technician: string}[] = [];
    for (let i = 0; i < jobCount - DEMO_JOBS.length && extraClients.length > 0; i++) {
      const plan = generatedJob(i, extraClients);
      if (!fresh.has(plan.client)) continue;
      const technician = technicians[i % technicians.length]!;
      // A job and its tasks in one batch.
      const job = await created(
        Job.transaction(async () => {
          const job = await Job.create({
            client_id: clients.get(plan.client)!.id,
            title: plan.title,
            priority: plan.priority,
            assigned_to_id: i % 5 === 4 ? null : technician,
            scheduled_on: today + plan.scheduledInDays * DAY_MS,
            estimated_hours: 1 + (i % 4),
          });
          for (const [index, title] of plan.tasks.entries()) await Task.create({job_id: job.id, title, position: index + 1});
          return job;
        }),
      );
      history.push({job, plan, technician});
    }
    await Promise.all(pending);
    pending.length = 0;

    // The history: each technician works through their jobs (status changes, ticked tasks, a note), so the timeline has many actors.
    const byTechnician = new Map<string, typeof history>();
    for (const entry of history) byTechnician.set(entry.technician, [...(byTechnician.get(entry.technician) ?? []), entry]);
    await Promise.all(
      [...byTechnician].map(async ([technicianID, entries]) => {
        const email = [...people].find(([, p]) => p.id === technicianID)![0];
        const models = await modelsAs(email);
        const mine: Promise<unknown>[] = [];
        for (const {job, plan} of entries) {
          let record = await models.Job.find(job.id);
          for (let step = 1; step <= plan.statusSteps; step++) {
            const op = record.update({status: STATUS_PATH[step]!});
            mine.push(op.server);
            record = await op;
          }
          if (plan.doneTasks > 0) {
            const tasks = await models.Task.where({job_id: job.id}).order('position', 'asc').limit(plan.doneTasks).toArray();
            for (const task of tasks) mine.push(task.update({completed: true}).server);
          }
          if (plan.statusSteps === 3) mine.push(models.Note.create({job_id: job.id, body: 'Done; customer signed off.'}).server);
        }
        await Promise.all(mine);
      }),
    );
    // Spread the freshly seeded history over the last 30 days (a job's logs keep their order),
    // so the dashboard and the timeline's day groups have something to show. The server's
    // clock wrote them all just now; this is seed data, not an app write.
    if (history.length > 0) {
      const shift = postgres(target.databaseUrl, {max: 1, onnotice: () => {}});
      try {
        await shift`update activity_logs set created_at = created_at - make_interval(days => abs(hashtext(coalesce(job_id, client_id, loggable_id)::text)) % 30)
          where created_at >= to_timestamp(${seededSince / 1000}) and (job_id is not null or client_id is not null)`;
      } finally {
        await shift.end();
      }
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
