// The batched activity logger on real PostgreSQL (issue 12, part 2): events
// survive a 10 s database outage (or the exact number dropped is reported),
// a SIGTERM writes everything queued before the process exits, and a
// deferred model's logs arrive through the queue after the write commits.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {SCHEMA_SQL_PATH} from '../../scripts/lib/stack.ts';
import {freePort} from '../../scripts/lib/ports.ts';
import {startPostgres, type PostgresHandle} from '../../scripts/lib/postgres.ts';
import {BATCH_FORMAT_VERSION} from '../../src/contract/batch.ts';
import type {ModelConfig} from '../../src/contract/model-config.ts';
import {createActivityTracker} from '../../src/server/activity/activity-tracker.ts';
import {rawPush} from '../support/raw-push.ts';
import {eventually, useTestStack} from '../support/test-stack.ts';

const deferredTasks: Record<string, ModelConfig> = {...MODELS, tasks: {...MODELS.tasks!, loggable: {...MODELS.tasks!.loggable!, mode: 'deferred'}}};
const t = useTestStack({models: deferredTasks, activity: {queue: {flushIntervalMs: 200}}});

describe('the batched logger through a PostgreSQL outage', () => {
  let dir: string;
  let port: number;
  let pg: PostgresHandle;
  let sql: postgres.Sql;
  let userId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-outage-'));
    port = await freePort();
    pg = await startPostgres({dataDir: dir, port});
    sql = postgres(pg.url, {max: 4, onnotice: () => {}, connect_timeout: 2});
    await sql.unsafe(fs.readFileSync(SCHEMA_SQL_PATH, 'utf8'));
    userId = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, active, created_at, updated_at) values (${userId}, 'o@example.com', 'Outage', 'admin', true, now(), now())`;
  });
  afterAll(async () => {
    await sql?.end({timeout: 1}).catch(() => {});
    await pg?.stop();
    fs.rmSync(dir, {recursive: true, force: true});
  });

  test('10,000 events enqueued while PostgreSQL is down for 10 s are all written once it is back; past the bound, exactly the drops are reported', async () => {
    const errors: string[] = [];
    const options = {sql, activityLog: ACTIVITY_LOG, models: MODELS, onError: (m: string) => errors.push(m)};
    const roomy = createActivityTracker({...options, queue: {retryDelayMs: 200, maxRetryDelayMs: 1_000}});
    const tight = createActivityTracker({...options, queue: {retryDelayMs: 200, maxRetryDelayMs: 1_000, maxBufferedRows: 4_000}});

    await pg.stop();
    const downAt = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = await roomy.trackActivity({action: 'outage_probe', userId, status: 'success', details: {n: i}}, {batched: true});
      if (id !== null) ids.add(id);
      await tight.trackActivity({action: 'outage_bound_probe', userId, status: 'success', details: {n: i}}, {batched: true});
    }
    expect(ids.size).toBe(10_000);
    expect(tight.getQueueMetrics()).toMatchObject({queueSize: 4_000, dropped: 6_000});
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - downAt))));
    expect(roomy.getQueueMetrics().queueSize).toBe(10_000);
    expect(roomy.getQueueMetrics().failed).toBeGreaterThan(0);
    expect(roomy.getQueueMetrics().lastError).not.toBeNull();

    pg = await startPostgres({dataDir: dir, port});
    // The retry timer takes it from here; flushQueue only waits for it.
    await eventually(async () => roomy.getQueueMetrics().queueSize === 0 && tight.getQueueMetrics().queueSize === 0, 60_000);
    expect(await roomy.flushQueue()).toBe(0);
    expect(roomy.getQueueMetrics()).toMatchObject({flushed: 10_000, dropped: 0, lastError: null});
    expect(tight.getQueueMetrics()).toMatchObject({flushed: 4_000, dropped: 6_000});

    const [written] = await sql`select count(*)::int as n, count(distinct (metadata->'details'->>'n'))::int as distinct_n from activity_logs where action = 'outage_probe'`;
    expect(written).toEqual({n: 10_000, distinct_n: 10_000});
    const [bounded] = await sql`select count(*)::int as n, min((metadata->'details'->>'n')::int) as first, max((metadata->'details'->>'n')::int) as last from activity_logs where action = 'outage_bound_probe'`;
    // The buffer kept the first 4,000 and dropped every later one.
    expect(bounded).toEqual({n: 4_000, first: 0, last: 3_999});
    expect(errors.some((e) => /dropped/.test(e))).toBe(true);
    await roomy.close();
    await tight.close();
  }, 180_000);

  test('a row the database refuses (no such user) is dropped and counted; the rows around it are written; a missing referenced record only loses the reference', async () => {
    const errors: string[] = [];
    const tracker = createActivityTracker({sql, activityLog: ACTIVITY_LOG, models: MODELS, onError: (m) => errors.push(m), queue: {flushIntervalMs: 60_000}});
    const missingJob = crypto.randomUUID();
    await tracker.trackActivity({action: 'poison_probe', userId, status: 'success', details: {n: 1}}, {batched: true});
    await tracker.trackActivity({action: 'poison_probe', userId: crypto.randomUUID(), status: 'success', details: {n: 2}}, {batched: true});
    await tracker.trackActivity({action: 'poison_probe', userId, status: 'failed', subject: {type: 'Job', id: missingJob}, details: {n: 3}}, {batched: true});
    expect(await tracker.flushQueue()).toBe(0);
    expect(tracker.getQueueMetrics()).toMatchObject({flushed: 2, dropped: 1, queueSize: 0});
    expect(errors.some((e) => /refused by the database/.test(e))).toBe(true);
    const rows = await sql`select metadata->'details'->>'n' as n, loggable_id, job_id from activity_logs where action = 'poison_probe' order by 1`;
    expect(rows).toEqual([{n: '1', loggable_id: null, job_id: null}, {n: '3', loggable_id: missingJob, job_id: null}]);
    // The direct path does the same for a missing reference.
    const id = await tracker.trackActivity({action: 'poison_probe', userId, status: 'failed', subject: {type: 'jobs', id: missingJob}});
    expect(id).not.toBeNull();
    await tracker.close();
  });

  test('SIGTERM with 500 events queued: all 500 are in PostgreSQL before the API server process exits', async () => {
    const child = spawn(process.execPath, ['--conditions=zam-source', path.resolve(import.meta.dirname, '../support/activity-server-child.ts'), pg.url, userId, '500'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before queueing: ${stderr}`)));
      });
      expect(JSON.parse(line)).toEqual({queued: 500});
      expect((await sql`select count(*)::int as n from activity_logs where action = 'shutdown_probe'`)[0]!.n).toBe(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect((await sql`select count(*)::int as n from activity_logs where action = 'shutdown_probe'`)[0]!.n).toBe(500);
    } finally {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  }, 120_000);
});

describe('a deferred model', () => {
  test('its log is written through the queue after the write commits (another transaction), with the device’s log id', async () => {
    const user = await t.createUser();
    const clientId = await t.createClientRow();
    const jobId = crypto.randomUUID();
    await t.sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Deferred job', now(), now())`;
    const taskId = crypto.randomUUID();
    const logId = crypto.randomUUID();
    const pushed = await rawPush(t.stack, `Bearer ${await t.token(user)}`, [
      {
        v: BATCH_FORMAT_VERSION,
        id: crypto.randomUUID(),
        createdAt: Date.now(),
        ops: [
          {op: 'insert', table: 'tasks', value: {id: taskId, job_id: jobId, title: 'Check valve', position: 0, completed: false}},
          {op: 'log', table: 'activity_logs', value: {id: logId, action: 'created', metadata: {}}, loggable: {table: 'tasks', id: taskId}},
        ],
      },
    ]);
    expect(pushed.results).toEqual([{}]);
    const [log] = await eventually(async () => {
      const rows = await t.sql`select id, action, job_id, xmin::text as xmin, metadata, created_at from activity_logs where loggable_id = ${taskId}`;
      return rows.length > 0 ? rows : null;
    });
    const [task] = await t.sql`select xmin::text as xmin, created_at from tasks where id = ${taskId}`;
    expect(log).toMatchObject({id: logId, action: 'created', job_id: jobId});
    expect(log!.xmin).not.toBe(task!.xmin);
    expect(log!.created_at).toEqual(task!.created_at);
    expect(log!.metadata).toMatchObject({changes: {title: [null, 'Check valve']}});

    // A rejected batch's deferred log is never written.
    const refusedTask = crypto.randomUUID();
    const refused = await rawPush(t.stack, `Bearer ${await t.token(user)}`, [
      {
        v: BATCH_FORMAT_VERSION,
        id: crypto.randomUUID(),
        createdAt: Date.now(),
        ops: [
          {op: 'insert', table: 'tasks', value: {id: refusedTask, job_id: jobId, title: 'Fine', position: 1, completed: false}},
          {op: 'insert', table: 'tasks', value: {id: crypto.randomUUID(), job_id: crypto.randomUUID(), title: 'No such job', position: 0, completed: false}},
        ],
      },
    ]);
    expect(refused.results[0]).toMatchObject({error: 'app'});
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await t.sql`select 1 from activity_logs where loggable_id = ${refusedTask}`).toHaveLength(0);
  });

  test('GET /api/activity/metrics: the queue’s counters, for authenticated users only', async () => {
    const user = await t.createUser();
    expect((await fetch(`${t.stack.apiURL}/api/activity/metrics`)).status).toBe(401);
    const res = await fetch(`${t.stack.apiURL}/api/activity/metrics`, {headers: {authorization: `Bearer ${await t.token(user)}`}});
    expect(res.status).toBe(200);
    const metrics = (await res.json()) as Record<string, unknown>;
    expect(metrics).toMatchObject({queueSize: 0, dropped: 0, failed: 0, trackFailures: 0});
    expect(metrics.flushed).toBeGreaterThanOrEqual(1);
  });
});
