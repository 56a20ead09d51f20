import type postgres from 'postgres';
import type {Anomaly} from './check-history.ts';
import type {ChaosHistory} from './chaos-history.ts';
import {DomainModel} from './domain-model.ts';

/**
 * The final state check: PostgreSQL's domain tables equal a sequential
 * replay (DomainModel) of the applied batches in server order. Server order
 * is `(applied_txid, applied_at)`: the batches of one group share a
 * transaction and are told apart by the claim's clock. Transaction ids are
 * handed out in start order, not commit order, but the chaos devices write
 * disjoint records (each its own jobs), and one device's batches are applied
 * one after another — so for every record the order is exact.
 *
 * Compared: every job of the chaos client (client, title, status,
 * priority, discarded or not, lock version), every task of those jobs, and
 * every activity log whose id a device made (action, loggable, acting user)
 * — logs of dead-lettered batches must not exist.
 */
export async function checkFinalState(
  sql: postgres.Sql,
  history: ChaosHistory,
  serverOrder: readonly string[],
  options: {readonly clientId: string; readonly userIds: readonly string[]},
): Promise<Anomaly[]> {
  const anomalies: Anomaly[] = [];
  const state = (detail: string, batchId?: string): void => {
    anomalies.push({kind: 'state', detail, batchId});
  };
  const made = new Map(history.batches.map((b) => [b.batchId, b]));
  const model = new DomainModel();
  for (const batchId of serverOrder) {
    const batch = made.get(batchId);
    if (batch !== undefined) model.apply(batch.batch, options.userIds[batch.device]!);
  }
  for (const problem of model.problems) state(problem);

  const jobs = await sql<{id: string; client_id: string; title: string; status: string; priority: number; discarded: boolean; lock_version: number}[]>`
    select id::text, client_id::text, title, status, priority, discarded_at is not null as discarded, lock_version
    from jobs where client_id = ${options.clientId}`;
  const seenJobs = new Set<string>();
  for (const row of jobs) {
    seenJobs.add(row.id);
    const expected = model.jobs.get(row.id);
    if (expected === undefined) {
      state(`job ${row.id} is in PostgreSQL, but the replay of the applied batches has no such job`);
      continue;
    }
    const diff = differences(expected, row, ['client_id', 'title', 'status', 'priority', 'discarded', 'lock_version']);
    if (diff !== '') state(`job ${row.id}: ${diff}`);
  }
  for (const id of model.jobs.keys()) if (!seenJobs.has(id)) state(`job ${id} is missing from PostgreSQL (the replay has it)`);

  const tasks = await sql<{id: string; job_id: string; title: string; completed: boolean; position: number}[]>`
    select t.id::text, t.job_id::text, t.title, t.completed, t.position
    from tasks t join jobs j on j.id = t.job_id where j.client_id = ${options.clientId}`;
  const seenTasks = new Set<string>();
  for (const row of tasks) {
    seenTasks.add(row.id);
    const expected = model.tasks.get(row.id);
    if (expected === undefined) {
      state(`task ${row.id} is in PostgreSQL, but the replay has no such task`);
      continue;
    }
    const diff = differences(expected, row, ['job_id', 'title', 'completed', 'position']);
    if (diff !== '') state(`task ${row.id}: ${diff}`);
  }
  for (const id of model.tasks.keys()) if (!seenTasks.has(id)) state(`task ${id} is missing from PostgreSQL (the replay has it)`);

  const logIds = history.batches.flatMap((b) => b.logIds);
  const logs = await sql<{id: string; action: string; loggable_type: string; loggable_id: string; user_id: string}[]>`
    select id::text, action, loggable_type, loggable_id::text, user_id::text from activity_logs where id = any(${logIds}::uuid[])`;
  const seenLogs = new Set<string>();
  for (const row of logs) {
    seenLogs.add(row.id);
    const expected = model.logs.get(row.id);
    if (expected === undefined) {
      state(`activity log ${row.id} (${row.action} ${row.loggable_type} ${row.loggable_id}) exists, but the replay writes no such log`);
      continue;
    }
    const diff = differences(expected, row, ['action', 'loggable_type', 'loggable_id', 'user_id']);
    if (diff !== '') state(`activity log ${row.id}: ${diff}`);
  }
  for (const expected of model.logs.values()) {
    if (!seenLogs.has(expected.id)) state(`activity log ${expected.id} (${expected.action} ${expected.loggable_type} ${expected.loggable_id}) is missing`);
  }
  return anomalies;
}

/** `column: expected X, PostgreSQL Y` for each column that differs; '' when none does. */
function differences(expected: object, actual: object, columns: readonly string[]): string {
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return columns
    .filter((c) => e[c] !== a[c])
    .map((c) => `${c}: replay ${JSON.stringify(e[c])}, PostgreSQL ${JSON.stringify(a[c])}`)
    .join('; ');
}
