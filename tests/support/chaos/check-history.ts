import type postgres from 'postgres';
import type {ChaosHistory} from './chaos-history.ts';
import {checkFinalState} from './check-final-state.ts';

export type AnomalyKind = 'lost' | 'duplicate' | 'unknown-batch' | 'order' | 'xid' | 'orphan' | 'created-logs' | 'state' | 'recovery' | 'process-crash' | 'process-left';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly batchId?: string | undefined;
  readonly detail: string;
}

/**
 * The chaos suite's checker: PostgreSQL against the recorded history.
 * - exactly once: every batch made is in zam.applied_batches (once: its key)
 *   or in a device's dead letters with a reason — never neither (`lost`),
 *   never both (`duplicate`: it was applied, then delivered and processed
 *   again); no applied batch that nobody made (`unknown-batch`); its logs
 *   written before the transaction holding its claim is a `duplicate` too
 *   (the batch ran again later);
 * - per-device order: a device's applied batches in server order
 *   (applied_txid, applied_at) are in its creation order;
 * - one transaction: the logs a batch carried were written by the
 *   transaction that claimed its id (xmin = applied_txid) — for records never
 *   destroyed later (a destroy rewrites its record's logs);
 * - no task without its job (FK orphan);
 * - one `created` log per created job that was applied;
 * - the final state: the domain tables equal a sequential replay of the
 *   applied batches in server order (check-final-state.ts, `state`).
 *
 * `userIds[i]` is device i's user; `clientId` the clients row all chaos jobs belong to.
 */
export async function checkHistory(sql: postgres.Sql, history: ChaosHistory, userIds: readonly string[], clientId: string): Promise<Anomaly[]> {
  const anomalies: Anomaly[] = [];
  // `txid` as text (a bigint), ordered by the column itself: ordering by a text alias would put 1000 before 999.
  const applied = await sql<{batch_id: string; txid: string; applied_at: Date}[]>`
    select batch_id, applied_txid::text as txid, applied_at from zam.applied_batches
    where user_id = any(${userIds as string[]}) order by applied_txid, applied_at`;
  const appliedById = new Map(applied.map((row) => [row.batch_id, row]));
  const dead = new Map(history.deadLetters.map((d) => [d.batchId, d]));
  const made = new Map(history.batches.map((b) => [b.batchId, b]));

  for (const batch of history.batches) {
    const isApplied = appliedById.has(batch.batchId);
    const isDead = dead.has(batch.batchId);
    if (!isApplied && !isDead) anomalies.push({kind: 'lost', batchId: batch.batchId, detail: `device ${batch.device} #${batch.index} (${batch.kind}) is neither applied nor a dead letter`});
    if (isApplied && isDead) {
      anomalies.push({kind: 'duplicate', batchId: batch.batchId, detail: `device ${batch.device} #${batch.index} (${batch.kind}) was applied and then processed again: ${dead.get(batch.batchId)?.reason}`});
    }
  }
  for (const row of applied) {
    if (!made.has(row.batch_id)) anomalies.push({kind: 'unknown-batch', batchId: row.batch_id, detail: 'applied, but no device made it'});
  }

  // Per-device order, in the server's order of application.
  const lastIndex = new Map<number, number>();
  for (const row of applied) {
    const batch = made.get(row.batch_id);
    if (batch === undefined) continue;
    const previous = lastIndex.get(batch.device) ?? -1;
    if (batch.index < previous) anomalies.push({kind: 'order', batchId: batch.batchId, detail: `device ${batch.device} #${batch.index} applied after #${previous}`});
    lastIndex.set(batch.device, Math.max(previous, batch.index));
  }

  // Logs and the id claim in one transaction.
  const logIds = history.batches.filter((b) => appliedById.has(b.batchId)).flatMap((b) => b.logIds);
  const logXmins = new Map(
    (await sql<{id: string; xmin: string}[]>`select id::text, xmin::text from activity_logs where id = any(${logIds}::uuid[])`).map((r) => [r.id, r.xmin]),
  );
  const destroyed = new Set(history.batches.filter((b) => appliedById.has(b.batchId)).flatMap((b) => b.destroyed));
  for (const batch of history.batches) {
    const claim = appliedById.get(batch.batchId);
    if (claim === undefined || batch.loggables.some((id) => destroyed.has(id))) continue;
    const txid32 = String(BigInt(claim.txid) % 4294967296n);
    for (const logId of batch.logIds) {
      const xmin = logXmins.get(logId);
      if (xmin === undefined) anomalies.push({kind: 'xid', batchId: batch.batchId, detail: `log ${logId} of an applied batch is missing`});
      else if (Number(xmin) < Number(txid32)) {
        // Its effects were written before the transaction that (now) holds its claim: it ran again later.
        anomalies.push({kind: 'duplicate', batchId: batch.batchId, detail: `device ${batch.device} #${batch.index} (${batch.kind}): log ${logId} written by transaction ${xmin}, the batch claimed again in ${txid32}`});
      } else if (xmin !== txid32) anomalies.push({kind: 'xid', batchId: batch.batchId, detail: `log ${logId} written by transaction ${xmin}, the batch claimed in ${txid32}`});
    }
  }

  for (const orphan of await sql`select t.id from tasks t left join jobs j on j.id = t.job_id where j.id is null`) {
    anomalies.push({kind: 'orphan', detail: `task ${String(orphan.id)} has no job`});
  }

  const createdJobs = history.batches.filter((b) => appliedById.has(b.batchId)).flatMap((b) => b.created.filter((c) => c.table === 'jobs').map((c) => c.id));
  const createdLogs = new Map(
    (
      await sql<{loggable_id: string; n: number}[]>`select loggable_id::text, count(*)::int as n from activity_logs
        where action = 'created' and loggable_id = any(${createdJobs}::uuid[]) group by loggable_id`
    ).map((r) => [r.loggable_id, r.n]),
  );
  for (const id of createdJobs) {
    const n = createdLogs.get(id) ?? 0;
    if (n !== 1) anomalies.push({kind: 'created-logs', detail: `job ${id} has ${n} created logs`});
  }

  anomalies.push(...(await checkFinalState(sql, history, applied.map((row) => row.batch_id), {clientId, userIds})));
  return anomalies;
}
