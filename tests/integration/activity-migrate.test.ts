// The way off audit triggers (issue 12, part 5) on real PostgreSQL with a
// real PL/pgSQL audit trigger of the common shape (old/new rows as JSONB into
// audit_logs): analyze finds it, generate writes the model lines and the SQL
// (dropping nothing), validate agrees while both trails log and names the
// write made with the trigger disabled. Also prune (part 6).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {BATCH_FORMAT_VERSION, type Batch} from '../../src/contract/batch.ts';
import {runActivity} from '../../src/cli/activity-command.ts';
import {npmScriptContext} from '../../src/cli/cli-command.ts';
import {rawPush} from '../support/raw-push.ts';
import {useTestStack} from '../support/test-stack.ts';

const t = useTestStack();
const root = path.resolve(import.meta.dirname, '../..');

const AUDIT_DDL = `
CREATE TABLE audit_logs (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  record_id text NOT NULL,
  action text NOT NULL,
  old_values jsonb,
  new_values jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Whole rows, the usual generic audit function.
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO audit_logs (table_name, record_id, action, old_values) VALUES (TG_TABLE_NAME, OLD.id::text, TG_OP, to_jsonb(OLD));
    RETURN OLD;
  END IF;
  INSERT INTO audit_logs (table_name, record_id, action, old_values, new_values)
  VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW));
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_audit AFTER INSERT OR UPDATE OR DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION audit_row();
-- Chosen columns only.
CREATE FUNCTION audit_client_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_logs (table_name, record_id, action, new_values)
  VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP, jsonb_build_object('name', NEW.name, 'email', NEW.email));
  RETURN NEW;
END $$;
CREATE TRIGGER clients_contact_audit AFTER INSERT OR UPDATE ON clients FOR EACH ROW EXECUTE FUNCTION audit_client_contact();
-- Not an audit trigger: writes elsewhere.
CREATE TABLE job_counters (client_id uuid PRIMARY KEY, n int NOT NULL DEFAULT 0);
CREATE FUNCTION count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_counters (client_id, n) VALUES (NEW.client_id, 1) ON CONFLICT (client_id) DO UPDATE SET n = job_counters.n + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_count AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION count_jobs();
`;

let out: string[] = [];
let err: string[] = [];
async function activity(...args: string[]): Promise<number> {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return await runActivity(args, npmScriptContext('activity', root, {DATABASE_URL: t.stack.databaseUrl}));
  } finally {
    vi.restoreAllMocks();
  }
}
const batch = (ops: Batch['ops']): Batch => ({v: BATCH_FORMAT_VERSION, id: crypto.randomUUID(), createdAt: Date.now(), ops});

beforeAll(async () => {
  await t.sql.unsafe(AUDIT_DDL);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('activity migrate', () => {
  test('analyze: the audit triggers, their events, audit table, captured columns and whether the model is Loggable', async () => {
    expect(await activity('migrate', 'analyze')).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^trigger\s+table\s+events\s+audit table\s+columns captured\s+Loggable$/m);
    expect(text).toMatch(/^clients_contact_audit\s+clients\s+INSERT\/UPDATE\s+audit_logs\s+email, id, name\s+yes$/m);
    expect(text).toMatch(/^jobs_audit\s+jobs\s+INSERT\/UPDATE\/DELETE\s+audit_logs\s+all \(\d+\)\s+yes$/m);
    expect(text).not.toContain('jobs_count');
  });

  test('generate: the model lines tracking the captured columns and DROP TRIGGER IF EXISTS, in a file; nothing dropped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-migrate-'));
    try {
      const file = path.join(dir, 'clients.sql');
      expect(await activity('migrate', 'generate', 'clients', '--out', file)).toBe(0);
      const plan = fs.readFileSync(file, 'utf8');
      expect(plan).toContain('#     include Loggable');
      expect(plan).toContain('LOGGABLE_OPTIONS = { except: %w[address notes phone] }.freeze');
      expect(plan).toContain('DROP TRIGGER IF EXISTS "clients_contact_audit" ON "public"."clients";');
      expect(plan).not.toContain('jobs_audit');
      expect(await activity('migrate', 'generate', 'jobs', '--out', path.join(dir, 'jobs.sql'))).toBe(0);
      const jobs = fs.readFileSync(path.join(dir, 'jobs.sql'), 'utf8');
      expect(jobs).toContain('no LOGGABLE_OPTIONS needed');
      expect(jobs).toContain('DROP TRIGGER IF EXISTS "jobs_audit" ON "public"."jobs";');
      expect(await t.sql`select tgname from pg_trigger where tgname in ('jobs_audit', 'clients_contact_audit') order by 1`).toEqual([{tgname: 'clients_contact_audit'}, {tgname: 'jobs_audit'}]);
      expect(await activity('migrate', 'generate', 'tasks')).toBe(1);
      expect(err.join('\n')).toMatch(/No audit trigger on tasks/);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });

  test('validate: agrees while both trails log; names the write made with the trigger disabled (exit 1)', async () => {
    const user = await t.createUser();
    const auth = `Bearer ${await t.token(user)}`;
    const clientId = crypto.randomUUID();
    const jobId = crypto.randomUUID();
    const pushed = await rawPush(t.stack, auth, [
      batch([{op: 'insert', table: 'clients', value: {id: clientId, name: 'Audited'}}]),
      batch([{op: 'insert', table: 'jobs', value: {id: jobId, client_id: clientId, title: 'Audited job'}}]),
      batch([{op: 'update', table: 'jobs', value: {id: jobId, title: 'Audited job, renamed'}, expected: {lock_version: 0}}]),
    ]);
    expect(pushed.results).toEqual([{}, {}, {}]);
    expect(await activity('migrate', 'validate', '--since', '1h')).toBe(0);
    expect(out.join('\n')).toContain('Both trails agree over the last 1h.');

    await t.sql`alter table jobs disable trigger jobs_audit`;
    const quiet = crypto.randomUUID();
    try {
      expect((await rawPush(t.stack, auth, [batch([{op: 'insert', table: 'jobs', value: {id: quiet, client_id: clientId, title: 'Unaudited'}}])])).results).toEqual([{}]);
    } finally {
      await t.sql`alter table jobs enable trigger jobs_audit`;
    }
    expect(await activity('migrate', 'validate', '--since', '1h')).toBe(1);
    const text = out.join('\n');
    expect(text).toContain(`missing from audit_logs: jobs ${quiet} create`);
    expect(text).not.toContain(jobId);
    expect(text).toMatch(/1 write\(s\) differ between the trails\./);
  });

  test('bad input is a usage error (exit 2); no database is a clear failure', async () => {
    expect(await activity('migrate', 'validate', '--since', '1 hour')).toBe(2);
    expect(err.join('\n')).toMatch(/--since takes a duration like 90d/);
    expect(await activity('migrate', 'drop')).toBe(2);
    out = [];
    const code = await runActivity(['migrate', 'analyze'], npmScriptContext('activity', root, {}));
    expect(code).toBe(1);
  });
});

describe('activity prune', () => {
  test('--dry-run counts; a prune deletes only rows older than the cutoff, in bounded batches', async () => {
    const user = await t.createUser();
    const rows = Array.from({length: 25}, (_, i) => ({id: crypto.randomUUID(), user_id: user, action: 'old_probe', metadata: {}, age: i < 20 ? 100 : 10}));
    for (const r of rows) {
      await t.sql`insert into activity_logs (id, user_id, action, metadata, created_at, updated_at)
        values (${r.id}, ${r.user_id}, ${r.action}, '{}', (now() at time zone 'UTC') - make_interval(days => ${r.age}), now() at time zone 'UTC')`;
    }
    const count = async () => (await t.sql`select count(*)::int as n from activity_logs where action = 'old_probe'`)[0]!.n as number;
    expect(await activity('prune', '--older-than', '90d', '--dry-run')).toBe(0);
    expect(out.join('\n')).toMatch(/^20 activity_logs row\(s\) older than 90d would be deleted \(dry run: nothing deleted\)\.$/m);
    expect(await count()).toBe(25);
    expect(await activity('prune', '--older-than', '90d', '--batch-size', '7')).toBe(0);
    expect(out.filter((l) => l.trim().startsWith('deleted'))).toEqual(['  deleted 7', '  deleted 7', '  deleted 6']);
    expect(out.at(-1)).toBe('Deleted 20 of 20 activity_logs row(s) older than 90d in 3 batch(es).');
    expect(await count()).toBe(5);
    expect(await activity('prune', '--older-than', 'forever')).toBe(2);
  });
});
