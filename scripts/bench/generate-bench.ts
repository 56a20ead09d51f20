// Benchmarks the generator as `npm run generate` runs it (scripts/generate.mjs): whole-CLI wall time (process start,
// parse, translate, emit, compare/write) for the example app and for a synthetic 200-table app, the latter both
// unchanged between runs (prism's parse cache hits for every file, as when regenerating after a pull) and with the
// parse cache removed before each run (every file through the WASM parser, as on a first run). Target: < 400 ms.
//   node scripts/bench/generate-bench.ts [--runs 5] [--json]
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {synthRailsApp} from '../synth-rails-app.ts';

export interface GenerateBenchResult {
  readonly name: string;
  readonly tables: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The CLI's prism parse cache (src/generator/ruby/prism-parse-cache.ts), for the CLI run with cwd ROOT. */
const PARSE_CACHE = path.join(ROOT, 'node_modules/.cache/zero-active-models/prism-parse.bin');

function timeCli(rails: string, out: string, runs: number, cold = false): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    if (cold) rmSync(PARSE_CACHE, {force: true});
    const started = performance.now();
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/generate.mjs'), '--rails', rails, '--out', out, '--quiet'], {cwd: ROOT, stdio: 'inherit'});
    // The first run warms the OS file cache; it is not counted.
    if (i > 0) times.push(performance.now() - started);
  }
  return times;
}

function summarize(name: string, tables: number, times: number[]): GenerateBenchResult {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {name, tables, runs: times.length, medianMs: round(sorted[Math.floor(sorted.length / 2)]!), minMs: round(sorted[0]!), maxMs: round(sorted.at(-1)!)};
}

export function benchGenerate(runs = 5): GenerateBenchResult[] {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'zam-bench-generate-'));
  try {
    const example = summarize('example app (examples/rails-app)', 5, timeCli('examples/rails-app', path.join(tmp, 'example-out'), runs));
    const synth = path.join(tmp, 'synth-app');
    synthRailsApp(synth, 200);
    const synthetic = summarize('synthetic app', 200, timeCli(synth, path.join(tmp, 'synth-out'), runs));
    const cold = summarize('synthetic app, no parse cache', 200, timeCli(synth, path.join(tmp, 'synth-out'), runs, true));
    return [example, synthetic, cold];
  } finally {
    rmSync(tmp, {recursive: true, force: true});
  }
}

if (import.meta.main) {
  const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}, json: {type: 'boolean', default: false}}});
  const results = benchGenerate(Number(values.runs));
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    console.log('generate (whole CLI wall time)');
    for (const r of results) {
      console.log(`  ${r.name.padEnd(40)} ${String(r.tables).padStart(4)} tables  median ${r.medianMs} ms  (min ${r.minMs}, max ${r.maxMs}, ${r.runs} runs)`);
    }
  }
}
