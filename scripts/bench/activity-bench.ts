// The batched activity logger vs one INSERT per event (issue 12), measured in
// one run on a real (embedded) PostgreSQL:
// - write time for 10,000 events: the queue's multi-row INSERTs (100 rows each)
//   vs `trackActivity` awaited once per event (its own INSERT each);
// - caller-visible cost of one `trackActivity` call: batched (enqueue, the
//   write happens later) vs direct (the caller waits for its INSERT).
import fs from 'node:fs';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {createActivityTracker} from '../../src/server/activity/activity-tracker.ts';
import {startPostgres} from '../lib/postgres.ts';
import {SCHEMA_SQL_PATH} from '../lib/stack.ts';
import {percentile, type BenchRow} from './stats.ts';

const EVENTS = 10_000;

export async function benchActivity(): Promise<readonly BenchRow[]> {
  const pg = await startPostgres();
  const sql = postgres(pg.url, {max: 4, onnotice: () => {}});
  try {
    await sql.unsafe(fs.readFileSync(SCHEMA_SQL_PATH, 'utf8'));
    const userId = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, active, created_at, updated_at) values (${userId}, 'bench@example.com', 'Bench', 'admin', true, now(), now())`;
    const tracker = createActivityTracker({sql, activityLog: ACTIVITY_LOG, models: MODELS, queue: {flushIntervalMs: 3_600_000, maxQueueSize: 1_000_000, maxBufferedRows: 1_000_000}});
    const event = (i: number) => ({action: 'bench_event', userId, status: 'success' as const, details: {n: i}, requestId: `r-${i}`});

    // Warm both paths (connections, plans).
    for (let i = 0; i < 200; i++) await tracker.trackActivity(event(i));
    for (let i = 0; i < 200; i++) await tracker.trackActivity(event(i), {batched: true});
    await tracker.flushQueue();

    const directCost: number[] = [];
    const directStart = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const t0 = performance.now();
      await tracker.trackActivity(event(i));
      directCost.push(performance.now() - t0);
    }
    const directMs = performance.now() - directStart;

    const batchedCost: number[] = [];
    const batchedStart = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const t0 = performance.now();
      await tracker.trackActivity(event(i), {batched: true});
      batchedCost.push(performance.now() - t0);
    }
    const enqueuedMs = performance.now() - batchedStart;
    const flushStart = performance.now();
    await tracker.flushQueue();
    const flushMs = performance.now() - flushStart;
    const batchedMs = enqueuedMs + flushMs;
    const [count] = await sql<{n: number}[]>`select count(*)::int as n from activity_logs where action = 'bench_event'`;
    await tracker.close();

    const p50 = (xs: number[]) => percentile(xs, 50);
    const p99 = (xs: number[]) => percentile(xs, 99);
    return [
      {
        name: `10,000 events written: batched (100-row INSERTs) vs one INSERT each (design: 70–80 % less)`,
        value: `${batchedMs.toFixed(0)} vs ${directMs.toFixed(0)} ms = ${(directMs / batchedMs).toFixed(1)}× throughput, ${(100 * (1 - batchedMs / directMs)).toFixed(0)} % less write time (flush alone ${flushMs.toFixed(0)} ms)`,
      },
      {
        name: 'caller-visible trackActivity, batched vs direct (target p50 < 0.05 ms)',
        value: `p50 ${p50(batchedCost).toFixed(4)} vs ${p50(directCost).toFixed(3)} ms (p99 ${p99(batchedCost).toFixed(3)} vs ${p99(directCost).toFixed(3)} ms)`,
      },
      {name: 'rows in PostgreSQL afterwards (warm-up 400 + 2 × 10,000)', value: String(count?.n ?? 0)},
    ];
  } finally {
    await sql.end();
    await pg.stop();
  }
}
