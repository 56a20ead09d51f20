// `npm run bench`: every benchmark, each printing ratios against a baseline
// measured in the same run (speed targets live here, not in timed tests).
// `npm run bench -- backbone` runs one section.
import {benchActivity} from './bench/activity-bench.ts';
import {benchApp} from './bench/app-bench.ts';
import {benchBackbone} from './bench/backbone-bench.ts';
import {benchBareCurve} from './bench/bare-curve-bench.ts';
import {benchGenerate} from './bench/generate-bench.ts';
import {benchModels} from './bench/models-bench.ts';
import {benchOutboxAppend} from './bench/outbox-bench.ts';
import {benchOutboxChromium} from './bench/outbox-chromium-bench.ts';
import {benchQueryPolicies} from './bench/query-policy-bench.ts';
import {benchSync} from './bench/sync-bench.ts';
import {benchSpanning} from './bench/spanning-bench.ts';
import {percentile} from './bench/stats.ts';
import {execFileSync} from 'node:child_process';
import {printRows, type BenchRow} from './bench/stats.ts';

/** Wall time of a Node process that does nothing: the floor for any CLI. */
function nodeStartMs(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

const sections: Record<string, () => Promise<readonly BenchRow[]>> = {
  backbone: () => benchBackbone(),
  sync: () => benchSync(),
  // The outbox append alone (the first rows of `sync`, without its drain on the real stack).
  outbox: async () =>
    (await benchOutboxAppend()).map((r) => ({
      name: `outbox append, ${r.pending.toLocaleString('en')} pending (fake-indexeddb; target ≤ 1.2× bare put)`,
      value: `${r.ratioP50.toFixed(2)}× p50, ${r.ratioThroughput.toFixed(2)}× throughput · append p50 ${r.append.p50Ms} ms p95 ${r.append.p95Ms} ms vs bare put p50 ${r.barePut.p50Ms} ms (bare + by_batch index ${r.indexRatioP50.toFixed(2)}×, + a unique one ${r.uniqueIndexRatioP50.toFixed(2)}×)`,
    })),
  // The same in real Chromium: strict (on disk) vs relaxed (Chromium's default) vs the outbox's append.
  durability: () => benchOutboxChromium(),
  curve: () => benchBareCurve(),
  spanning: () => benchSpanning(),
  app: () => benchApp(),
  policies: () => benchQueryPolicies(),
  activity: () => benchActivity(),
  generate: async () => {
    const floor = nodeStartMs(5);
    const rows: BenchRow[] = [{name: 'empty Node process (floor)', value: `${floor.toFixed(0)} ms`}];
    for (const r of benchGenerate(5)) {
      rows.push({
        name: `npm run generate: ${r.name} (${r.tables} tables; target for 200: < 400 ms)`,
        value: `median ${r.medianMs.toFixed(0)} ms (min ${r.minMs.toFixed(0)}, max ${r.maxMs.toFixed(0)}) = ${(r.medianMs / floor).toFixed(1)}× Node start`,
      });
    }
    return rows;
  },
  models: async () => {
    const r = await benchModels(() => {});
    return [
      {
        name: 'property access, 1,000 ActiveJob vs plain objects (target ≤ 1.1×)',
        value: `${r.accessRatio.toFixed(2)}× p10 (${r.accessActiveMs.toFixed(3)} vs ${r.accessPlainMs.toFixed(3)} ms per 50 reads); median of paired ratios ${r.accessPairedRatio.toFixed(2)}×`,
      },
      {name: 'heap of 1,000 ActiveJob records over raw rows (target ≤ 250 KB)', value: `${r.activeHeapKB.toFixed(1)} KB`},
      {name: 'ReactiveRecord overhead per record (target ≤ 200 B)', value: `${r.reactivePerRecordBytes.toFixed(0)} B (one find() handle: ${r.reactiveHandleBytes.toFixed(0)} B)`},
      {name: '100 live ReactiveRecord queries settle after one change', value: 'error' in r.liveQueries ? `failed: ${r.liveQueries.error}` : `${r.liveQueries.settleMs.toFixed(1)} ms`},
    ];
  },
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = performance.now();
  const rows = await run();
  printRows(`${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`, rows);
}
