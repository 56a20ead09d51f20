// The model layer on the real stack (PostgreSQL + zero-cache + API server):
// ONE conformance suite of the model API — Rails' Active Record Query
// Interface semantics — run against both flavours (ActiveRecord with explicit
// deps, ReactiveRecord through the `establishConnection` registry), over the
// generated example models. Plus query authorisation on the API server.
// Components over a real Zero client: models-svelte.test.ts.
import {spawn} from 'node:child_process';
import {beforeAll, describe, expect, it, onTestFinished} from 'vitest';
import {DEMO_CLIENTS, DEMO_JOBS, seedDemo} from '../../scripts/lib/seed-demo.ts';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {activityLogConfig, type ActivityLogRow} from '../../generated/models/activity_log.config.ts';
import {clientConfig, type ClientRow} from '../../generated/models/client.config.ts';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {taskConfig, type TaskRow} from '../../generated/models/task.config.ts';
import {userConfig, type UserRow} from '../../generated/models/user.config.ts';
import {modelQueries} from '../../generated/queries.ts';
import {createActiveModel, type ActiveModel} from '../../src/record/create-active-model.ts';
import {InvalidQuerySpecError} from '../../src/errors/invalid-query-spec-error.ts';
import {RecordInvalidError} from '../../src/errors/record-invalid-error.ts';
import {RecordNotFoundError} from '../../src/errors/record-not-found-error.ts';
import {ReactiveActivityLog, ReactiveClient, ReactiveJob, ReactiveTask, ReactiveUser} from '../../generated/svelte.ts';
import {establishConnection} from '../../src/record/establish-connection.ts';
import type {ModelDeps} from '../../src/record/model-core.ts';
import {QUERY_SPEC_VERSION} from '../../src/contract/query-spec.ts';
import {createModelBatchWriter} from '../../src/zero/model-batch-writer.ts';
import {connectModels} from '../../src/zero/connect-models.ts';
import {createZeroModelDataSource} from '../../src/zero/zero-model-data-source.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const t = useTestStack({devLogin: true});

type Models = {
  readonly Job: ActiveModel<JobRow, typeof jobConfig>;
  readonly Task: ActiveModel<TaskRow, typeof taskConfig>;
  readonly Client: ActiveModel<ClientRow, typeof clientConfig>;
  readonly ActivityLog: ActiveModel<ActivityLogRow, typeof activityLogConfig>;
  readonly User: ActiveModel<UserRow, typeof userConfig>;
};

type Flavour = {
  readonly name: string;
  /** Builds the models; `deps` is the connection of this flavour's user. */
  readonly makeModels: (deps: ModelDeps) => Models;
};

const FLAVOURS: readonly Flavour[] = [
  {
    name: 'ActiveRecord (explicit deps)',
    makeModels: deps => ({
      Job: createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps),
      Task: createActiveModel<TaskRow, typeof taskConfig>(taskConfig, deps),
      Client: createActiveModel<ClientRow, typeof clientConfig>(clientConfig, deps),
      ActivityLog: createActiveModel<ActivityLogRow, typeof activityLogConfig>(activityLogConfig, deps),
      User: createActiveModel<UserRow, typeof userConfig>(userConfig, deps),
    }),
  },
  {
    // The generated thin modules (generated/svelte.ts), which take their
    // connection from the establishConnection registry.
    name: 'ReactiveRecord (generated ReactiveJob…, establishConnection)',
    makeModels: deps => {
      establishConnection(deps);
      return {
        Job: ReactiveJob,
        Task: ReactiveTask,
        Client: ReactiveClient,
        ActivityLog: ReactiveActivityLog,
        User: ReactiveUser,
      } as unknown as Models;
    },
  },
];

async function failure(fn: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Deterministic uuids that sort by `n` within one flavour (primary-key order is checkable). */
const uuid = (prefix: string, n: number) => `${prefix.repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

for (const [index, flavour] of FLAVOURS.entries()) {
  describe(`model conformance on the real stack: ${flavour.name}`, () => {
    const P = 'ab'[index]!;
    const J = (n: number) => uuid(P, n);
    const c1 = uuid(P, 101);
    const c2 = uuid(P, 102);
    let m: Models;
    let userID: string;
    let sent = 0;
    /** Rows of this flavour only (the database is shared by both flavours). */
    const mine = () => m.Job.where({client_id: [c1, c2]});

    beforeAll(async () => {
      userID = await t.createUser();
      const zam = await t.connect(userID);
      // Counts batches sent, to prove invalid records never reach the network.
      const deps: ModelDeps = {
        source: createZeroModelDataSource(zam.zero, modelQueries),
        writer: createModelBatchWriter({
          models: MODELS,
          activityLog: ACTIVITY_LOG,
          send: batch => {
            sent += 1;
            return zam.mutateBatch(batch);
          },
        }),
        models: MODELS,
      };
      m = flavour.makeModels(deps);
      // Seed through the models themselves, out of primary-key order.
      await m.Client.create({id: c1, name: `Acme ${P}`}).server;
      await m.Client.create({id: c2, name: `Globex ${P}`}).server;
      const job = (n: number, title: string, status: JobRow['status'], priority: number, client_id: string) =>
        m.Job.create({id: J(n), title, status, priority, client_id}).server;
      await job(3, 'Boiler', 'open', 5, c1);
      await job(1, 'Roof', 'done', 1, c1);
      await job(2, 'Pipes', 'open', 3, c2);
      await job(5, 'Garden', 'scheduled', 2, c1);
      await job(4, 'Old shed', 'open', 4, c2);
      await (await m.Job.find(J(4))).discard().server;
      await m.Task.create({id: J(12), job_id: J(3), title: 'Order part', position: 2}).server;
      await m.Task.create({id: J(11), job_id: J(3), title: 'Inspect', position: 1, completed: true}).server;
      await m.Task.create({id: J(13), job_id: J(2), title: 'Replace', position: 1}).server;
    });

    describe('find / find_by (Rails guide §1.1)', () => {
      it('find returns a plain record with direct property access', async () => {
        const job = await m.Job.find(J(3));
        expect(job.title).toBe('Boiler');
        expect(Object.keys(job).sort()).toEqual(Object.keys(jobConfig.columns).sort());
        expect(Object.getOwnPropertyDescriptor(job, 'title')).toMatchObject({value: 'Boiler', writable: true});
        expect(job.isPersisted).toBe(true);
        expect(typeof job.created_at).toBe('number');
      });

      it('find throws RecordNotFoundError with model and id; with a list every id must exist', async () => {
        const missing = J(99);
        const error = await failure(() => m.Job.find(missing));
        expect(error).toBeInstanceOf(RecordNotFoundError);
        expect(error).toMatchObject({code: 'record_not_found', model: 'Job', id: missing});
        expect((await m.Job.find([J(1), J(2)])).map(j => j.id)).toEqual([J(1), J(2)]);
        expect(await failure(() => m.Job.find([J(1), missing]))).toMatchObject({id: missing});
      });

      it('find_by returns the record or null', async () => {
        expect((await m.Job.find_by({client_id: c2, title: 'Pipes'}))?.id).toBe(J(2));
        expect(await m.Job.find_by({client_id: c2, title: 'Nothing'})).toBeNull();
      });
    });

    describe('where, order, first/last, limit/offset, count, exists, pluck', () => {
      it('where always resolves to an array; arrays are IN; whereNot; comparisons', async () => {
        expect(await mine().where({title: 'Nothing'})).toEqual([]);
        const open = await mine().where({status: 'open'});
        expect(Array.isArray(open)).toBe(true);
        expect(open.map(j => j.id)).toEqual([J(2), J(3), J(4)]);
        expect((await mine().where({status: ['done', 'scheduled']})).map(j => j.id)).toEqual([J(1), J(5)]);
        expect((await mine().whereNot({client_id: c1})).map(j => j.id)).toEqual([J(2), J(4)]);
        expect((await mine().where('priority', '>=', 4)).map(j => j.id)).toEqual([J(3), J(4)]);
        expect((await mine().where('title', 'ILIKE', '%o%')).map(j => j.id)).toEqual([J(1), J(3), J(4)]);
      });

      it('first/last by primary key when unordered, else follow (and reverse) the order', async () => {
        expect((await mine().first())?.id).toBe(J(1));
        expect((await mine().last())?.id).toBe(J(5));
        expect((await mine().first(2)).map(j => j.id)).toEqual([J(1), J(2)]);
        expect((await mine().last(2)).map(j => j.id)).toEqual([J(4), J(5)]);
        expect(await mine().where({title: 'x'}).first()).toBeNull();
        const byPriority = mine().order('priority', 'desc');
        expect((await byPriority).map(j => j.id)).toEqual([J(3), J(4), J(2), J(5), J(1)]);
        expect((await byPriority.first())?.id).toBe(J(3));
        expect((await byPriority.last())?.id).toBe(J(1));
      });

      it('limit and offset', async () => {
        const byPriority = mine().order('priority', 'desc');
        expect((await byPriority.limit(2)).map(j => j.id)).toEqual([J(3), J(4)]);
        expect((await byPriority.limit(2).offset(1)).map(j => j.id)).toEqual([J(4), J(2)]);
        expect((await byPriority.offset(3)).map(j => j.id)).toEqual([J(5), J(1)]);
      });

      it('count, exists (booleans), pluck (flat for one column, arrays for several), pick', async () => {
        expect(await mine().count()).toBe(5);
        expect(await mine().exists()).toBe(true);
        expect(await mine().where({title: 'x'}).exists()).toBe(false);
        expect(await mine().exists({status: 'done'})).toBe(true);
        expect(await mine().order('priority', 'asc').pluck('priority')).toEqual([1, 2, 3, 4, 5]);
        expect(await mine().where({status: 'open'}).pluck('id', 'priority')).toEqual([
          [J(2), 3],
          [J(3), 5],
          [J(4), 4],
        ]);
        expect(await mine().where({title: 'x'}).pluck('id')).toEqual([]);
        expect(await mine().order('priority', 'desc').pick('title')).toBe('Boiler');
      });

      it('unknown columns are rejected before anything is sent', async () => {
        expect(await failure(() => m.Job.where({nope: 1} as never))).toBeInstanceOf(InvalidQuerySpecError);
      });
    });

    describe('scopes, enums, soft delete', () => {
      it('generated scopes on the model and on relations: active, urgent, for_client, Task.pending', async () => {
        expect((await m.Job.for_client(c1)).map(j => j.id)).toEqual([J(1), J(3), J(5)]);
        expect((await m.Job.active().for_client(c1)).map(j => j.id)).toEqual([J(3), J(5)]);
        expect((await m.Job.urgent().where({client_id: [c1, c2]})).map(j => j.id)).toEqual([J(3), J(4)]);
        expect((await mine().urgent().for_client(c2)).map(j => j.id)).toEqual([J(4)]);
        expect((await m.Task.pending().where({job_id: J(3)})).map(x => x.id)).toEqual([J(12)]);
        expect((await m.Task.where({job_id: J(3)}).ordered()).map(x => x.title)).toEqual(['Inspect', 'Order part']);
      });

      it('enum scopes and predicates', async () => {
        expect((await m.Job.open().where({client_id: [c1, c2]})).map(j => j.id)).toEqual([J(2), J(3), J(4)]);
        expect((await m.Job.scheduled().for_client(c1)).map(j => j.id)).toEqual([J(5)]);
        const roof = await m.Job.find(J(1));
        expect(roof.isDone).toBe(true);
        expect(roof.isOpen).toBe(false);
      });

      it('kept / discarded / withDiscarded', async () => {
        expect((await mine().kept()).map(j => j.id)).toEqual([J(1), J(2), J(3), J(5)]);
        expect((await mine().discarded()).map(j => j.id)).toEqual([J(4)]);
        expect((await m.Job.find(J(4))).isDiscarded).toBe(true);
      });
    });

    describe('includes (associations through Zero relationships)', () => {
      it("loads belongs_to and has_many: includes('client', 'tasks')", async () => {
        const [job] = await m.Job.where({id: J(3)}).includes('client', 'tasks');
        const loaded = job as unknown as {client: ClientRow; tasks: TaskRow[]};
        expect(loaded.client.name).toBe(`Acme ${P}`);
        expect(loaded.tasks.map(x => x.id).sort()).toEqual([J(11), J(12)]);
        const acme = (await m.Client.includes('jobs').find(c1)) as unknown as {jobs: JobRow[]};
        expect(acme.jobs.map(j => j.id).sort()).toEqual([J(1), J(3), J(5)]);
      });
    });

    describe('writes: validations, activity logs, server confirmation', () => {
      it('invalid records throw RecordInvalidError per field and send nothing', async () => {
        const before = sent;
        const op = m.Job.create({title: '', priority: 9, client_id: c1});
        const error = await failure(() => op);
        await expect(op.server).rejects.toBe(error);
        expect(error).toBeInstanceOf(RecordInvalidError);
        expect((error as RecordInvalidError).errors).toEqual({
          title: ["can't be blank"],
          priority: ['must be less than or equal to 5'],
        });
        expect(await failure(() => m.Task.create({job_id: J(3), title: 'x', position: 1.5}))).toMatchObject({
          errors: {position: ['must be an integer']},
        });
        expect(sent).toBe(before);
      });

      it('create → applied locally, .server confirmed, row and its log in PostgreSQL', async () => {
        const op = m.Job.create({title: 'Paint fence', priority: 2, client_id: c2});
        const job = await op;
        expect(job.isPersisted).toBe(true);
        expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(typeof job.created_at).toBe('number');
        await expect(op.server).resolves.toMatchObject({status: 'applied'});
        const [row] = await t.sql`select title, client_id, status, priority from jobs where id = ${job.id}`;
        expect(row).toEqual({title: 'Paint fence', client_id: c2, status: 'open', priority: 2});
        const logs = await t.sql`select action, user_id, job_id, client_id, loggable_type from activity_logs where loggable_id = ${job.id}`;
        expect(logs).toEqual([{action: 'created', user_id: userID, job_id: job.id, client_id: c2, loggable_type: 'Job'}]);
        // The log is readable through the ActivityLog model and the job's timeline too.
        expect((await m.ActivityLog.where({loggable_id: job.id})).map(l => l.action)).toEqual(['created']);
        const withTimeline = (await m.Job.includes('timeline').find(job.id)) as unknown as {timeline: ActivityLogRow[]};
        expect(withTimeline.timeline.map(l => l.action)).toEqual(['created']);
      });

      it('update writes only the changes with the mapped action; Model.update(id) loads first; discard; destroy', async () => {
        const job = await m.Job.create({title: 'Gutters', client_id: c1});
        await expect(job.update({title: 'Clean gutters'}).server).resolves.toMatchObject({status: 'applied'});
        expect(job.title).toBe('Clean gutters');
        await m.Job.update(job.id, {status: 'scheduled'}).server;
        // `job` is now stale (another object updated the row: lock_version moved on), as in Rails.
        await expect(job.discard().server).rejects.toMatchObject({rejection: {code: 'stale_object', lockVersion: {expected: 1, actual: 2}}});
        const fresh = await m.Job.find(job.id);
        await fresh.discard().server;
        expect(fresh.isDiscarded).toBe(true);
        const [row] = await t.sql`select title, status, discarded_at is not null as discarded from jobs where id = ${job.id}`;
        expect(row).toEqual({title: 'Clean gutters', status: 'scheduled', discarded: true});
        await (await m.Job.find(job.id)).destroy().server;
        expect(await m.Job.find_by({id: job.id})).toBeNull();
        expect(await t.sql`select 1 from jobs where id = ${job.id}`).toHaveLength(0);
        const logs = await t.sql`select action, metadata from activity_logs where loggable_id = ${job.id} and action <> 'batch_rejected' order by created_at, action`;
        expect(logs.map(l => l.action)).toEqual(['created', 'renamed', 'status_changed', 'discarded', 'deleted']);
        // The stale discard is on the job's timeline too, as the server's own event (written after its rollback).
        const rejected = await eventually(async () => {
          const rows = await t.sql`select metadata::text as metadata from activity_logs where loggable_id = ${job.id} and action = 'batch_rejected'`;
          return rows.length > 0 ? rows : undefined;
        });
        expect(rejected).toHaveLength(1);
        expect(rejected[0]!.metadata).toContain('stale_object');
        expect(logs[1]!.metadata).toEqual({changes: {title: ['Gutters', 'Clean gutters']}, name: 'Clean gutters', actor: expect.any(Object), device_at: expect.any(Number)});
        // Nothing changed → nothing sent, and the server outcome says so.
        const found = await m.Job.find(J(2));
        await expect(found.update({title: 'Pipes'}).server).resolves.toEqual({status: 'unchanged', batchId: null});
      });

      it('new + save, and a write by another client shows up in reads', async () => {
        const draft = m.Job.new({title: 'Tiles', client_id: c2});
        expect(draft).toMatchObject({status: 'open', priority: 2, isNewRecord: true});
        await draft.save().server;
        expect(draft.isPersisted).toBe(true);
        // Another user's Zero client writes; this client reads it after sync.
        const other = connectModels(await t.connect(await t.createUser()), {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
        const OtherJob = createActiveModel<JobRow, typeof jobConfig>(jobConfig, other);
        const theirs = OtherJob.create({title: 'From elsewhere', client_id: c2});
        await theirs.server;
        const id = (await theirs).id;
        expect((await eventually(() => m.Job.find_by({id})))?.title).toBe('From elsewhere');
      });
    });
  });
}

describe('server authorisation of model queries', () => {
  /** POSTs a transform request to the API server's query endpoint, as zero-cache does. */
  async function transform(name: string, args: unknown[], token?: string) {
    const userID = await t.createUser();
    const res = await fetch(`${t.stack.apiURL}/api/query`, {
      method: 'POST',
      headers: {'content-type': 'application/json', authorization: `Bearer ${token ?? (await t.token(userID))}`},
      body: JSON.stringify(['transform', [{id: 'q1', name, args}]]),
    });
    return {status: res.status, body: (await res.json()) as {queries?: {error?: string; message?: string; ast?: unknown}[]}};
  }
  const spec = (patch: object) => ({v: QUERY_SPEC_VERSION, table: 'jobs', where: [], orderBy: [], limit: null, offset: 0, includes: [], ...patch});

  it('a valid spec is turned into ZQL by the server', async () => {
    const {body} = await transform('zam.jobs', [spec({where: [{type: 'simple', column: 'status', op: '=', value: 'open'}]})]);
    expect(body.queries?.[0]?.ast).toMatchObject({table: 'jobs'});
  });

  it.each([
    ['unknown table', 'zam.jobs', spec({table: 'secrets'}), /secrets/],
    ['a spec for another table', 'zam.jobs', spec({table: 'users'}), /cannot read "users"/],
    ['unknown column', 'zam.jobs', spec({where: [{type: 'simple', column: 'password', op: '=', value: 'x'}]}), /password/],
    ['bad operator', 'zam.jobs', spec({where: [{type: 'simple', column: 'title', op: 'DROP', value: 'x'}]}), /DROP|operator/],
    ['unknown association', 'zam.jobs', spec({includes: [{name: 'secrets', includes: []}]}), /secrets/],
    ['raw ZQL instead of a spec', 'zam.jobs', {table: 'jobs', where: {type: 'simple', left: {type: 'column', name: 'id'}}}, /./],
    ['a query name outside the registries', 'zam.secrets', spec({table: 'secrets'}), /secrets/],
  ])('rejects %s with a clear error', async (_case, name, args, message) => {
    const {body} = await transform(name, [args]);
    const result = body.queries?.[0];
    expect(result?.ast).toBeUndefined();
    expect(result?.error).toMatch(/app|parse/);
    expect(result?.message).toMatch(message);
  });

  it('rejects a request without a valid token', async () => {
    const {status} = await transform('zam.jobs', [spec({})], 'not-a-token');
    expect(status).toBe(401);
  });
});


describe('scripts through the Active models', () => {
  it('the demo seed writes through the models (with activity logs) and is safe to run twice', async () => {
    await seedDemo(t.stack);
    await seedDemo(t.stack);
    const clients = await t.sql`select name, count(*)::int as n from clients where name in ${t.sql([...DEMO_CLIENTS])} group by name`;
    expect(clients.map(c => c.n)).toEqual(DEMO_CLIENTS.map(() => 1));
    const titles = DEMO_JOBS.map(j => j.title);
    const [jobs] = await t.sql`select count(*)::int as n from jobs where title in ${t.sql(titles)}`;
    expect(jobs!.n).toBe(DEMO_JOBS.length);
    const [tasks] = await t.sql`select count(*)::int as n from tasks join jobs on jobs.id = tasks.job_id where jobs.title in ${t.sql(titles)}`;
    expect(tasks!.n).toBe(DEMO_JOBS.reduce((sum, j) => sum + j.tasks.length, 0));
    // Written as the dispatcher, through the pipeline: one `created` log per job, none from the second run.
    const logs = await t.sql`select count(*)::int as n, count(distinct u.email)::int as users, min(u.email) as email
      from activity_logs l join jobs j on j.id = l.loggable_id join users u on u.id = l.user_id
      where j.title in ${t.sql(titles)} and l.action = 'created'`;
    expect(logs[0]).toEqual({n: DEMO_JOBS.length, users: 1, email: 'dana@example.com'});
  });

  it('npm run console: models preloaded, dev login, top-level await, Rails-style records', async () => {
    // The seeded users and jobs (idempotent), so this test holds on its own too.
    await seedDemo(t.stack);
    // As `npm run console` runs it: generated/ imports the package by name, which resolves to the
    // sources only under the zam-source condition (a clean checkout has no dist/ yet).
    const child = spawn(process.execPath, ['--conditions=zam-source', 'scripts/console.ts', '--user', 'tom@example.com'], {
      env: {...process.env, ZAM_API_URL: t.stack.apiURL, ZAM_CACHE_URL: t.stack.cacheURL},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>(resolve => child.on('exit', resolve));
    // On a timeout or an early exit, say what the console printed: the only clue to why it did not answer.
    const printed = async (what: RegExp, ms: number) => {
      const deadline = Date.now() + ms;
      while (!what.test(out)) {
        const why = child.exitCode !== null ? `it exited with ${child.exitCode}` : Date.now() > deadline ? `not within ${ms} ms` : null;
        if (why !== null) throw new Error(`the console did not print ${what}: ${why}; it printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // A failed wait must not leave the console running (the suite fails on leaked processes).
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    await printed(/zam>/, 40_000);
    child.stdin.write("await Job.find_by({title: 'Replace water heater'})\n");
    child.stdin.write("(await Task.pending().count()) > 0\n");
    child.stdin.write("typeof reload\n");
    await printed(/'function'/, 15_000);
    child.stdin.end('.exit\n');
    expect(await exited).toBe(0);
    expect(out).toContain('tom@example.com');
    expect(out).toMatch(/Models: .*Job.*Task|Models: .*Client/);
    expect(out).toMatch(/#<Job id: '[0-9a-f-]{36}', .*title: 'Replace water heater'/);
    expect(out).toContain('true');
  }, 90_000);
});

describe('offline reads through the models (I6)', () => {
  it('find, where and scopes answer from the device while offline, and nothing doubles after sync', async () => {
    const {startTcpProxy} = await import('../support/tcp-proxy.ts');
    const proxy = await startTcpProxy(t.stack.cacheURL);
    try {
      const userID = await t.createUser();
      const clientId = await t.createClientRow('Basement Ltd');
      const client = await t.connect(userID, {cacheURL: proxy.url, storageKey: `offline-reads-${userID}`});
      const deps = connectModels(client, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG});
      const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, deps);
      await eventually(async () => client.zero.connection.state.current.name === 'connected', 20_000);

      proxy.setOnline(false);
      await eventually(async () => client.zero.connection.state.current.name !== 'connected', 20_000);
      const title = `Offline ${crypto.randomUUID().slice(0, 6)}`;
      const created = await Job.create({client_id: clientId, title, priority: 5});

      // Each read must answer from the device, not wait for the server.
      const quick = <T,>(p: PromiseLike<T>) =>
        Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('read waited for the server')), 3_000))]);
      expect((await quick(Job.find(created.id))).title).toBe(title);
      expect((await quick(Job.where({client_id: clientId}))).map((j) => j.title)).toEqual([title]);
      expect((await quick(Job.urgent().where({client_id: clientId}))).map((j) => j.id)).toEqual([created.id]);
      expect(await quick(Job.where({client_id: clientId}).count())).toBe(1);
      expect(await t.sql`select 1 from jobs where id = ${created.id}`).toHaveLength(0);

      proxy.setOnline(true);
      await eventually(async () => (await t.sql`select 1 from jobs where id = ${created.id}`).length === 1, 30_000);
      await eventually(async () => client.zero.connection.state.current.name === 'connected', 20_000);
      expect(await Job.where({client_id: clientId}).count()).toBe(1);
      expect((await Job.where({client_id: clientId})).map((j) => j.id)).toEqual([created.id]);
    } finally {
      await proxy.close();
    }
  });
});
