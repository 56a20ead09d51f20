// `npm run bench`: every benchmark, each printing ratios against a baseline
// measured in the same run (speed targets live here, not in timed tests).
// `npm run bench -- backbone` runs one section.
import {benchBackbone} from './bench/backbone-bench.ts';
import {benchModels} from './bench-models.ts';
import {printRows, type BenchRow} from './bench/stats.ts';

const sections: Record<string, () => Promise<readonly BenchRow[]>> = {
  backbone: () => benchBackbone(),
  models: async () => {
    const r = await benchModels(() => {});
    return [
      {name: 'property access, 1,000 ActiveJob vs plain objects (target ≤ 1.2×)', value: `${(r.accessActiveMs / r.accessPlainMs).toFixed(2)}× (${r.accessActiveMs.toFixed(2)} vs ${r.accessPlainMs.toFixed(2)} ms)`},
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
