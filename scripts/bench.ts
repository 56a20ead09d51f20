// `npm run bench`: every benchmark, each printing ratios against a baseline
// measured in the same run (speed targets live here, not in timed tests).
// `npm run bench -- backbone` runs one section.
import {benchBackbone} from './bench/backbone-bench.ts';
import {printRows, type BenchRow} from './bench/stats.ts';

const sections: Record<string, () => Promise<readonly BenchRow[]>> = {
  backbone: () => benchBackbone(),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = performance.now();
  const rows = await run();
  printRows(`${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`, rows);
}
