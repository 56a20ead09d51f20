// Model-layer benchmark (issue 4), ratios measured in one run:
//   1. property access on 1,000 ActiveJob records vs the same plain objects (target ≤ 1.1×)
//   2. heap for 1,000 loaded ActiveJob records over the raw rows (target ≤ 250 KB)
//      and per-record overhead of ReactiveRecord over ActiveRecord (target ≤ 200 B)
//   3. time for 100 live ReactiveRecord queries to settle after one change
//      (a child process with Svelte's browser build, where effects run)
//
//   node scripts/bench/models-bench.ts            # or: import {benchModels} from './models-bench.ts'
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {jobConfig, type JobRow} from '../../generated/models/job.config.ts';
import {createActiveModel} from '../../src/record/create-active-model.ts';
import type {PlainRow} from '../../src/contract/evaluate-query-spec.ts';
import type {ModelDataSource} from '../../src/record/model-data-source.ts';
import type {ModelWriter} from '../../src/record/model-writer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = 1_000;

export interface BenchModelsResult {
  readonly accessPlainMs: number;
  readonly accessActiveMs: number;
  readonly accessRatio: number;
  /** Median over the alternating samples of active / plain (a second view of the same ratio). */
  readonly accessPairedRatio: number;
  readonly activeHeapKB: number;
  readonly reactivePerRecordBytes: number;
  readonly reactiveHandleBytes: number;
  readonly liveQueries: {readonly queries: number; readonly settleMs: number} | {readonly error: string};
}

function jobRows(n: number): PlainRow[] {
  const statuses = ['open', 'scheduled', 'in_progress', 'done', 'cancelled'] as const;
  return Array.from({length: n}, (_, i) =>
    Object.freeze({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      client_id: `c${i % 10}`,
      title: `Job ${i}`,
      description: i % 3 === 0 ? null : `Description ${i}`,
      status: statuses[i % 5]!,
      priority: i % 6,
      scheduled_on: null,
      estimated_hours: i % 4,
      lock_version: 0,
      discarded_at: null,
      created_at: 1_700_000_000_000 + i,
      updated_at: 1_700_000_000_000 + i,
    }),
  );
}

const noWriter = new Proxy({}, {get: () => () => Promise.reject(new Error('read-only bench'))}) as unknown as ModelWriter;

function rowsSource(rows: readonly PlainRow[]): ModelDataSource {
  return {
    run: async () => rows,
    materialize: () => ({data: rows, addListener: l => (l(rows, 'complete'), () => {}), destroy() {}}),
  };
}

const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

type Readable = readonly {priority: number; title: string; status: string; created_at: number}[];

let readerCount = 0;

/**
 * A fresh copy of the read loop (its own inline caches), so each kind of
 * object is measured the way an app's own code sees it — monomorphic — not
 * through one loop made polymorphic by the benchmark itself. Each copy's
 * source differs (a comment): V8 caches `new Function` by source text, and
 * two copies of the same text were seen to share their feedback (six kinds
 * read through same-text copies all ran several times slower).
 */
function makeReader(): (records: Readable) => number {
  // Reads four columns of every record; returns a checksum so nothing is optimised away.
  return new Function(
    'records',
    `/* reader ${readerCount++} */ let sum = 0; for (let i = 0; i < records.length; i++) { const r = records[i]; sum += r.priority + r.title.length + r.status.length + (r.created_at & 7); } return sum;`,
  ) as (records: Readable) => number;
}
const readers = new Map<unknown, (records: Readable) => number>();

function timeReads(records: readonly JobRow[], rounds: number): number {
  let readAll = readers.get(records);
  if (!readAll) readers.set(records, (readAll = makeReader()));
  const start = performance.now();
  let sink = 0;
  for (let k = 0; k < rounds; k++) sink += readAll(records);
  const ms = performance.now() - start;
  if (sink === -1) console.log(sink);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
/** Samples of each kind in the property-access measurement (50 reads of 1,000 records each). */
const ACCESS_SAMPLES = 301;

async function liveQueriesInChild(): Promise<BenchModelsResult['liveQueries']> {
  const child = spawnSync(process.execPath, ['--conditions=browser', path.join(here, 'live-queries-bench.ts')], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as {queries: number; settleMs: number};
  } catch {
    return {error: (child.stderr || line || `exit ${child.status}`).trim().split('\n').slice(0, 3).join(' ')};
  }
}

export async function benchModels(log: (line: string) => void = console.log): Promise<BenchModelsResult> {
  const rows = jobRows(N);
  const ActiveJob = createActiveModel<JobRow, typeof jobConfig>(jobConfig, {source: rowsSource(rows), writer: noWriter, models: [jobConfig]});

  // 1. Property access: many short samples, the two kinds alternating, so
  //    drift on a shared machine hits both alike. A sample can only be slowed
  //    by other processes (never sped up), so each kind's time is its 10th
  //    percentile; the median of the paired ratios is printed beside it.
  const plain = rows.map(r => ({...r})) as unknown as JobRow[];
  const active = (await ActiveJob.all()) as unknown as JobRow[];
  const plainMs: number[] = [];
  const activeMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    timeReads(plain, 50);
    timeReads(active, 50);
  }
  for (let i = 0; i < ACCESS_SAMPLES; i++) {
    // Which kind goes first alternates too.
    if (i % 2 === 0) {
      plainMs.push(timeReads(plain, 50));
      activeMs.push(timeReads(active, 50));
    } else {
      activeMs.push(timeReads(active, 50));
      plainMs.push(timeReads(plain, 50));
    }
  }
  const accessPlainMs = quantile(plainMs, 0.1);
  const accessActiveMs = quantile(activeMs, 0.1);
  const accessPairedRatio = median(activeMs.map((a, i) => a / plainMs[i]!));

  // 2a. Heap of 1,000 ActiveRecord records over the raw rows (rows are held in both measurements).
  // Holds what is being measured so the GC cannot free it before the heap is read.
  const held: {value: unknown} = {value: null};
  const base = heapAfterGc();
  held.value = await ActiveJob.all();
  const activeBytes = heapAfterGc() - base;
  held.value = [];

  // 2b. ReactiveRecord: records of a read ReactiveRelation over ActiveRecord's, per record; and a find() handle.
  const {createReactiveModel} = await import('../../src/reactive/create-reactive-model.svelte.ts');
  const ReactiveJob = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, {source: rowsSource(rows), writer: noWriter, models: [jobConfig]});
  const base2 = heapAfterGc();
  const relation = ReactiveJob.all();
  held.value = relation.records;
  const reactiveBytes = heapAfterGc() - base2;
  held.value = [];
  const base3 = heapAfterGc();
  const handles = Array.from({length: N}, (_, i) => ReactiveJob.find(rows[i]!['id'] as string));
  const handleBytes = heapAfterGc() - base3;
  if (handles.length !== N || held.value === null) throw new Error('unreachable');

  const liveQueries = await liveQueriesInChild();
  const result: BenchModelsResult = {
    accessPlainMs,
    accessActiveMs,
    accessRatio: accessActiveMs / accessPlainMs,
    accessPairedRatio,
    activeHeapKB: activeBytes / 1024,
    reactivePerRecordBytes: (reactiveBytes - activeBytes) / N,
    reactiveHandleBytes: handleBytes / N,
    liveQueries,
  };
  const f = (x: number, d = 2) => x.toFixed(d);
  log(
    `models: property access, ${N} records × 4 columns × 50 rounds, ${ACCESS_SAMPLES} alternating samples: p10 plain ${f(accessPlainMs, 3)} ms, ActiveJob ${f(accessActiveMs, 3)} ms → ${f(result.accessRatio)}× (median of paired ratios ${f(accessPairedRatio)}×; target ≤ 1.1×)`,
  );
  log(`models: heap of ${N} loaded ActiveJob records over the raw rows: ${f(result.activeHeapKB, 1)} KB (target ≤ 250 KB)`);
  log(`models: ReactiveRecord overhead per record over ActiveRecord: ${f(result.reactivePerRecordBytes, 0)} B (target ≤ 200 B); a ReactiveJob.find(id) handle: ${f(result.reactiveHandleBytes, 0)} B`);
  log(
    'settleMs' in liveQueries
      ? `models: ${liveQueries.queries} live ReactiveRecord queries settle after one change in ${f(liveQueries.settleMs)} ms`
      : `models: live-query settle bench failed: ${liveQueries.error}`,
  );
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchModels();
}
