// Translated scopes on the real stack (PostgreSQL + zero-cache + API server): each scope the
// generator translated from examples/rails-app/app/models/job.rb — SQL strings (AND/OR/IN/ILIKE,
// where.not, BETWEEN), times relative to now (`1.week.ago`, `Date.today..7.days.from_now`), a record
// argument (`client.id`), `none`, class methods with a relation body, joins as EXISTS (joins + where on
// the joined table, where(belongs_to: record), merge(Task.pending), where.associated, a through
// association, includes + where), `or` over scopes, an Arel predicate, calendar boundaries
// (`Date.today.beginning_of_week`, `Time.zone.now.midnight`), a list with nil and a range, values built from the
// arguments (`"%#{text}%"`, `days.days.ago`, `client&.id`, `NAMES.fetch(name, 0)`), locals, a regexp test of an argument, a boolean cast
// from a string, `first(n)` and a subquery on an association's keys
// (`where(id: Job.urgent.select(:client_id))`), SQL over a joined table — returns through Zero exactly
// the rows the equivalent hand-written SQL (the JOINs Rails writes) returns from PostgreSQL on the same data.
import {beforeAll, describe, expect, it} from 'vitest';
import {MODELS} from '../../generated/models.ts';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {clientConfig, type ClientRow} from '../../generated/models/client.config.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createActiveModel, type ActiveModel} from '../../src/record/create-active-model.ts';
import {createModelBatchWriter} from '../../src/zero/model-batch-writer.ts';
import {createZeroModelDataSource} from '../../src/zero/zero-model-data-source.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack({devLogin: true});

const uuid = (n: number) => `5c0e5c0e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const C1 = uuid(901);
const C2 = uuid(902);

let Job: ActiveModel<JobRow, typeof jobConfig>;
let Client: ActiveModel<ClientRow, typeof clientConfig>;
let Task: ActiveModel<TaskRow, typeof taskConfig>;

/** Ids of the seeded jobs matching a hand-written WHERE clause, in id order. */
async function sqlIds(where: string): Promise<string[]> {
  const rows = await t.sql.unsafe<{id: string}[]>(`select id from jobs where client_id in ('${C1}', '${C2}') and (${where}) order by id`);
  return rows.map((r) => r.id);
}

/** Ids of the seeded rows a hand-written query (Rails' JOIN form) returns, in id order. */
async function joinIds(query: string): Promise<string[]> {
  const rows = await t.sql.unsafe<{id: string}[]>(query);
  return rows.map((r) => r.id).sort();
}

function ids(rows: readonly {id: string}[]): string[] {
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  const userID = await t.createUser();
  const zam = await t.connect(userID);
  const deps = {
    source: createZeroModelDataSource(zam.zero, modelQueries),
    writer: createModelBatchWriter({models: MODELS, activityLog: ACTIVITY_LOG, send: (batch) => zam.mutateBatch(batch)}),
    models: MODELS,
  };
  Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
  Client = createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps);
  Task = createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps);
  // Seeded as Rails would write it; created_at and scheduled_on spread around "now".
  await t.sql`insert into clients (id, name, created_at, updated_at) values (${C1}, 'Scopes A', now(), now()), (${C2}, 'Scopes B', now(), now())`;
  const job = (n: number, client: string, title: string, status: string, priority: number, created: string, scheduled: string | null) => t.sql.unsafe(
    `insert into jobs (id, client_id, title, status, priority, created_at, updated_at, scheduled_on)
     values ($1, $2, $3, $4, $5, now() + $6::interval, now(), ${scheduled === null ? 'null' : `current_date + $7::integer`})`,
    scheduled === null ? [uuid(n), client, title, status, priority, created] : [uuid(n), client, title, status, priority, created, Number(scheduled)],
  );
  await job(1, C1, 'Boiler', 'open', 5, '-1 day', null);
  await job(2, C1, 'Roof leak', 'done', 1, '-10 days', '3');
  await job(3, C2, 'Pipes', 'scheduled', 4, '-2 days', '0');
  await job(4, C2, 'Garden', 'in_progress', 0, '-30 days', '20');
  await job(5, C1, 'Fence', 'open', 2, '-6 days', '-2');
  await job(6, C2, 'LEAKY tap', 'cancelled', 3, '-8 days', '7');
  // Tasks: job 1 one pending, job 2 one completed, job 3 one pending and one pending; jobs 4–6 none.
  const task = (n: number, job: number, completed: boolean) => t.sql`
    insert into tasks (id, job_id, title, completed, position, created_at, updated_at)
    values (${uuid(n)}, ${uuid(job)}, ${`Task ${n}`}, ${completed}, ${n}, now(), now())`;
  await task(11, 1, false);
  await task(12, 2, true);
  await task(13, 3, false);
  await task(14, 3, false);
  // Logs of the polymorphic has_many :activity_logs, as: :loggable: one of C1 as a Client, and one whose
  // loggable_id is C2's id but whose type is Job (the join's loggable_type = 'Client' must exclude it).
  await t.sql`
    insert into activity_logs (user_id, action, loggable_type, loggable_id, created_at, updated_at)
    values (${userID}, 'scopes_probe', 'Client', ${C1}, now(), now()), (${userID}, 'scopes_probe', 'Job', ${C2}, now(), now())`;
  await eventually(async () => (await Job.where({client_id: [C1, C2]})).length === 6, 60_000);
}, 120_000);

describe('generated scopes return the rows hand-written SQL returns', () => {
  it('SQL string: AND, IN, OR and ILIKE with a bind', async () => {
    const expected = await sqlIds(`priority >= 4 AND status IN ('open', 'scheduled') OR title ILIKE '%leak%'`);
    expect(expected).toEqual([uuid(1), uuid(2), uuid(3), uuid(6)]);
    expect(ids(await Job.pressing().where({client_id: [C1, C2]}))).toEqual(expected);
  });

  it('where.not with an SQL string', async () => {
    const expected = await sqlIds('NOT (scheduled_on IS NOT NULL)');
    expect(expected).toEqual([uuid(1)]);
    expect(ids(await Job.unscheduled().where({client_id: [C1, C2]}))).toEqual(expected);
  });

  it('a relative time in an SQL bind (1.week.ago), computed when the query runs', async () => {
    const expected = await sqlIds(`created_at > now() - interval '7 days'`);
    expect(expected).toEqual([uuid(1), uuid(3), uuid(5)]);
    expect(ids(await Job.created_this_week().where({client_id: [C1, C2]}))).toEqual(expected);
  });

  it('a range of relative dates on a date column (Date.today..7.days.from_now)', async () => {
    const expected = await sqlIds(`scheduled_on >= current_date AND scheduled_on <= now() + interval '7 days'`);
    expect(expected).toEqual([uuid(2), uuid(3), uuid(6)]);
    expect(ids(await Job.due_soon().where({client_id: [C1, C2]}))).toEqual(expected);
  });

  it('a record argument (client.id)', async () => {
    const client = await Client.find(C2);
    const expected = await sqlIds(`client_id = '${C2}'`);
    expect(ids(await Job.for_client_record({id: client.id}))).toEqual(expected);
  });

  it('none matches nothing', async () => {
    expect(await sqlIds('false')).toEqual([]);
    expect(await Job.nothing().where({client_id: [C1, C2]})).toEqual([]);
  });

  it('class methods with one relation body: BETWEEN, and a chain over another scope with order and limit', async () => {
    const expected = await sqlIds('priority BETWEEN 0 AND 1');
    expect(expected).toEqual([uuid(2), uuid(4)]);
    expect(ids(await Job.low_priority().where({client_id: [C1, C2]}))).toEqual(expected);
    const top = await t.sql<{id: string}[]>`
      select id from jobs where client_id in (${C1}, ${C2}) and status in ('open', 'scheduled', 'in_progress')
      order by priority desc, id limit 2`;
    expect((await Job.where({client_id: [C1, C2]}).most_urgent(2)).map((j) => j.id)).toEqual(top.map((r) => r.id));
  });

  it('a conditional scope (where … if arg.present?) and a parameter default', async () => {
    expect(ids(await Job.with_priority(4).where({client_id: [C1, C2]}))).toEqual(await sqlIds('priority = 4'));
    expect(ids(await Job.with_priority(null).where({client_id: [C1, C2]}))).toEqual(await sqlIds('true'));
    const below = await sqlIds('priority < 2');
    expect(below).toEqual([uuid(2), uuid(4)]);
    // Called without its argument (the typed method asks for every parameter; `scope(name)` does not).
    expect(ids(await Job.scope('below_priority').where({client_id: [C1, C2]}))).toEqual(below);
  });

  it('a.or(b) over a scope and a where, and an Arel predicate with or', async () => {
    const either = await sqlIds('priority BETWEEN 4 AND 5 OR scheduled_on IS NULL');
    expect(either).toEqual([uuid(1), uuid(3)]);
    expect(ids(await Job.urgent_or_unscheduled().where({client_id: [C1, C2]}))).toEqual(either);
    const low = await sqlIds('priority <= 1 OR scheduled_on IS NULL');
    expect(low).toEqual([uuid(1), uuid(2), uuid(4)]);
    expect(ids(await Job.low_or_unscheduled().where({client_id: [C1, C2]}))).toEqual(low);
  });

  it('calendar boundaries computed when the query runs: this week (Monday to Sunday), before today\'s midnight (UTC)', async () => {
    // Which seeded jobs fall in this week depends on today's weekday: compared with PostgreSQL's own week (ISO, from Monday).
    const week = await sqlIds(`scheduled_on >= date_trunc('week', now() at time zone 'utc')::date AND scheduled_on <= date_trunc('week', now() at time zone 'utc')::date + 6`);
    expect(week).toContain(uuid(3));
    expect(ids(await Job.scheduled_this_week().where({client_id: [C1, C2]}))).toEqual(week);
    const before = await sqlIds(`created_at < (now() at time zone 'utc')::date`);
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(ids(await Job.created_before_today().where({client_id: [C1, C2]}))).toEqual(before);
  });

  it('a list with nil and a range of relative dates (IS NULL OR BETWEEN)', async () => {
    const expected = await sqlIds('scheduled_on IS NULL OR (scheduled_on >= current_date AND scheduled_on <= current_date + 7)');
    expect(expected).toEqual([uuid(1), uuid(2), uuid(3), uuid(6)]);
    expect(ids(await Job.unscheduled_or_within_a_week().where({client_id: [C1, C2]}))).toEqual(expected);
  });

  it('values built from the arguments when the query runs: an interpolated pattern, a count of days, a nil-able record', async () => {
    const like = await sqlIds(`title ILIKE '%lea%'`);
    expect(like).toEqual([uuid(2), uuid(6)]);
    expect(ids(await Job.titled_like('lea').where({client_id: [C1, C2]}))).toEqual(like);
    const within = await sqlIds(`created_at > now() - interval '3 days'`);
    expect(within).toEqual([uuid(1), uuid(3)]);
    expect(ids(await Job.created_within_days(3).where({client_id: [C1, C2]}))).toEqual(within);
    const ofClient = await sqlIds(`client_id IN ('${C2}') OR client_id IS NULL`);
    expect(ofClient).toEqual([uuid(3), uuid(4), uuid(6)]);
    expect(ids(await Job.for_client_or_unassigned({id: C2}).where({client_id: [C1, C2]}))).toEqual(ofClient);
    // client&.id with nil: only the IS NULL branch (none of the seeded jobs).
    expect(await sqlIds('client_id IS NULL')).toEqual([]);
    expect(await Job.for_client_or_unassigned(null).where({client_id: [C1, C2]})).toEqual([]);
  });

  it('locals named once then one expression, a regexp test of the argument, and a boolean filter cast from a string', async () => {
    const urgentOf = await sqlIds(`priority BETWEEN 4 AND 5 AND client_id = '${C2}'`);
    expect(urgentOf).toEqual([uuid(3)]);
    expect(ids(await Job.urgent_of({id: C2}).where({client_id: [C1, C2]}))).toEqual(urgentOf);
    expect(ids(await Job.urgent_of(null).where({client_id: [C1, C2]}))).toEqual(await sqlIds('priority BETWEEN 4 AND 5'));
    const open = await sqlIds(`status = 'open'`);
    expect(open).toEqual([uuid(1), uuid(5)]);
    expect(ids(await Job.with_status_named('open').where({client_id: [C1, C2]}))).toEqual(open);
    expect(await Job.with_status_named('Open!').where({client_id: [C1, C2]})).toEqual([]);
    expect(ids(await Job.with_priority_named('high').where({client_id: [C1, C2]}))).toEqual(await sqlIds('priority = 5'));
    // Not a key: fetch's default (0).
    const zero = await sqlIds('priority = 0');
    expect(zero).toEqual([uuid(4)]);
    expect(ids(await Job.with_priority_named('urgent').where({client_id: [C1, C2]}))).toEqual(zero);
    const jobs = [1, 2, 3, 4, 5, 6].map(uuid);
    const pendingRows = await t.sql<{id: string}[]>`select id from tasks where job_id in ${t.sql(jobs)} and completed = false order by id`;
    expect(pendingRows.map((r) => r.id)).toEqual([uuid(11), uuid(13), uuid(14)]);
    expect(ids(await Task.completed_is('false').where({job_id: jobs}))).toEqual(pendingRows.map((r) => r.id));
    expect(ids(await Task.completed_is(true).where({job_id: jobs}))).toEqual([uuid(12)]);
    // Anything but true/false is ignored (the scope is `all`).
    expect(ids(await Task.completed_is('maybe').where({job_id: jobs}))).toEqual([uuid(11), uuid(12), uuid(13), uuid(14)]);
  });

  it('first(n): ordered by the primary key, LIMIT n', async () => {
    const first = await t.sql<{id: string}[]>`
      select id from jobs where client_id in (${C1}, ${C2}) and priority between 4 and 5 order by id limit 1`;
    expect(first.map((r) => r.id)).toEqual([uuid(1)]);
    expect((await Job.where({client_id: [C1, C2]}).first_urgent(1)).map((j) => j.id)).toEqual(first.map((r) => r.id));
  });

  describe('joins as EXISTS over the generated relationship', () => {
    const JOBS = `jobs.client_id in ('${C1}', '${C2}')`;

    it('joins(:client).where(clients: {name:}) — a belongs_to', async () => {
      const expected = await joinIds(`select jobs.id from jobs inner join clients on clients.id = jobs.client_id where ${JOBS} and clients.name = 'Scopes A'`);
      expect(expected).toEqual([uuid(1), uuid(2), uuid(5)]);
      expect(ids(await Job.for_client_named('Scopes A'))).toEqual(expected);
    });

    it('where(client: record) and where(client: id)', async () => {
      const expected = await sqlIds(`client_id = '${C2}'`);
      expect(expected).toEqual([uuid(3), uuid(4), uuid(6)]);
      expect(ids(await Job.for_client_of({id: (await Client.find(C2)).id}))).toEqual(expected);
      expect(ids(await Job.for_client_of(C2))).toEqual(expected);
    });

    it('joins(:tasks).merge(Task.pending).distinct — a has_many with another model\'s scope', async () => {
      const expected = await joinIds(`select distinct jobs.id from jobs inner join tasks on tasks.job_id = jobs.id where ${JOBS} and tasks.completed = false`);
      expect(expected).toEqual([uuid(1), uuid(3)]);
      expect(ids(await Job.with_pending_tasks().where({client_id: [C1, C2]}))).toEqual(expected);
    });

    it('where.associated(:tasks).distinct', async () => {
      const expected = await joinIds(`select distinct jobs.id from jobs inner join tasks on tasks.job_id = jobs.id where ${JOBS} and tasks.id is not null`);
      expect(expected).toEqual([uuid(1), uuid(2), uuid(3)]);
      expect(ids(await Job.with_tasks().where({client_id: [C1, C2]}))).toEqual(expected);
    });

    it('joins(:tasks).where("tasks.title ILIKE ? AND NOT tasks.completed") — SQL over the joined table', async () => {
      const expected = await joinIds(
        `select distinct jobs.id from jobs inner join tasks on tasks.job_id = jobs.id where ${JOBS} and tasks.title ILIKE 'task 1_' and not tasks.completed`,
      );
      expect(expected).toEqual([uuid(1), uuid(3)]);
      expect(ids(await Job.with_tasks_titled('task 1_').where({client_id: [C1, C2]}))).toEqual(expected);
    });

    it('joins(:tasks) through jobs, and includes(:jobs).where(jobs: {…})', async () => {
      const clients = `clients.id in ('${C1}', '${C2}')`;
      const completed = await joinIds(
        `select distinct clients.id from clients inner join jobs on jobs.client_id = clients.id inner join tasks on tasks.job_id = jobs.id where ${clients} and tasks.completed = true`,
      );
      expect(completed).toEqual([C1]);
      expect(ids(await Client.with_completed_tasks().where({id: [C1, C2]}))).toEqual(completed);
      const open = await joinIds(`select distinct clients.id from clients left outer join jobs on jobs.client_id = clients.id where ${clients} and jobs.status = 'open'`);
      expect(open).toEqual([C1]);
      expect(ids(await Client.with_open_jobs().where({id: [C1, C2]}))).toEqual(open);
    });

    it('joins(:next_task).distinct — a has_one with a scope: its conditions are in the ON clause', async () => {
      const on = `inner join tasks on tasks.completed = false and tasks.job_id = jobs.id`;
      const expected = await joinIds(`select distinct jobs.id from jobs ${on} where ${JOBS}`);
      expect(expected).toEqual([uuid(1), uuid(3)]);
      expect(ids(await Job.with_next_task().where({client_id: [C1, C2]}))).toEqual(expected);
      const titled = await joinIds(`select distinct jobs.id from jobs ${on} where ${JOBS} and tasks.title = 'Task 14'`);
      expect(titled).toEqual([uuid(3)]);
      expect(ids(await Job.next_task_titled('Task 14').where({client_id: [C1, C2]}))).toEqual(titled);
      // Task 12 has that title but is completed: the association's own condition excludes it.
      expect(await joinIds(`select distinct jobs.id from jobs ${on} where ${JOBS} and tasks.title = 'Task 12'`)).toEqual([]);
      expect(await Job.next_task_titled('Task 12').where({client_id: [C1, C2]})).toEqual([]);
    });

    it('reading a scoped has_one with includes is refused, naming it (its relationship reaches every task of the job)', async () => {
      await expect((async () => await Job.includes('next_task').where({client_id: [C1, C2]}))()).rejects.toThrow(/Job\.next_task cannot be included/);
    });

    it("joins(:activity_logs).where(activity_logs: {action:}).distinct — a polymorphic as: tests loggable_type", async () => {
      const expected = await joinIds(
        `select distinct clients.id from clients inner join activity_logs on activity_logs.loggable_type = 'Client' and activity_logs.loggable_id = clients.id
         where clients.id in ('${C1}', '${C2}') and activity_logs.action = 'scopes_probe'`,
      );
      expect(expected).toEqual([C1]);
      await eventually(async () => ids(await Client.logged_action('scopes_probe').where({id: [C1, C2]})).join() === expected.join(), 30_000);
      expect(ids(await Client.logged_action('scopes_probe').where({id: [C1, C2]}))).toEqual(expected);
    });

    it('where(id: Job.urgent.where.not(…).select(:client_id)) — a subquery on the keys of has_many :jobs', async () => {
      const expected = await joinIds(
        `select id from clients where id in ('${C1}', '${C2}') and id in (select client_id from jobs where priority between 4 and 5 and status <> 'open')`,
      );
      expect(expected).toEqual([C2]);
      expect(ids(await Client.with_urgent_jobs().where({id: [C1, C2]}))).toEqual(expected);
    });
  });
});
