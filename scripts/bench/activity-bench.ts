// The batched activity logger vs one INSERT per event (issue 12), measured in
// one run on a real (embedded) PostgreSQL:
// - write time for 10,000 events: the queue's multi-row INSERTs (100 rows each)
//   vs `trackActivity` awaited once per event (its own INSERT each);
// - caller-visible cost of one `trackActivity` call: batched (enqueue, the
//   write happens later) vs direct (the caller waits for its INSERT);
// - memory of `GET /api/activity/export.csv`'s stream: peak heap growth while
//   exporting 1,000,000 rows vs 100,000 (flat memory means a ratio near 1).
import fs from 'node:fs';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {exportActivityCsv} from '../../src/server/activity/activity-export.ts';
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

    const small = await exportPeak(sql, userId, 100_000, new Date('2019-01-01T00:00:00Z'));
    const large = await exportPeak(sql, userId, 1_000_000, new Date('2018-01-01T00:00:00Z'));

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
      {
        name: `export.csv stream, peak ${globalThis.gc ? 'live ' : ''}heap growth: 1,000,000 rows vs 100,000 (flat memory: ≈ 1×)`,
        value: `${mb(large.peakHeap)} vs ${mb(small.peakHeap)} MB = ${(large.peakHeap / Math.max(small.peakHeap, 1)).toFixed(2)}× for 10× the rows (RSS +${mb(large.peakRss)} vs +${mb(small.peakRss)} MB; ${mb(large.bytes)} MB of CSV in ${(large.ms / 1000).toFixed(1)} s, ${large.rows} lines)`,
      },
    ];
  } finally {
    await sql.end();
    await pg.stop();
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * Exports `rows` log rows of one day (inserted for it, in a day no other
 * rows use) through the export stream, read as fast as it comes, sampling
 * the heap and RSS; answers the peak growth over the values before it.
 */
async function exportPeak(sql: postgres.Sql, userId: string, rows: number, day: Date) {
  const from = day.toISOString();
  await sql`insert into activity_logs (id, user_id, action, metadata, status, created_at, updated_at)
    select gen_random_uuid(), ${userId}, 'export_probe', jsonb_build_object('n', g, 'note', repeat('x', 80)), 'success',
           ${from}::timestamp + make_interval(secs => g * (86000.0 / ${rows})), ${from}::timestamp
    from generate_series(1, ${rows}) g`;
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let peakHeap = 0;
  let peakRss = 0;
  // With --expose-gc (npm run bench) each sample first collects garbage, so the peak is of memory
  // the export really holds, not of garbage a lazy collector has not freed yet.
  const sample = () => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - heap0);
    peakRss = Math.max(peakRss, m.rss - rss0);
  };
  const timer = setInterval(sample, 250);
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  try {
    const to = new Date(day.getTime() + 86_400_000);
    const stream = exportActivityCsv(sql, ACTIVITY_LOG, {kind: 'all'}, {from: day, to}, () => {});
    const reader = stream.getReader();
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const byte of value) if (byte === 10) lines++;
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  const ms = performance.now() - t0;
  await sql`delete from activity_logs where action = 'export_probe'`;
  return {peakHeap, peakRss, bytes, rows: lines, ms};
}
