// Child of scripts/bench/models-bench.ts, run with `node --conditions=browser` so
// `svelte` and `svelte/reactivity` are the browser builds, where effects run:
// 100 live ReactiveRecord queries read in effects (as components would), one
// row change, time until every effect has re-run (flushSync). Prints one JSON line.
import {flushSync} from 'svelte';
/* eslint-disable svelte/no-svelte-internal -- the bench needs effects outside a component; these are what the runes compile to. */
// @ts-expect-error -- Svelte's internal client runtime has no types; effect_root/user_effect are what `$effect.root`/`$effect` compile to.
import {effect_root, user_effect} from 'svelte/internal/client';
/* eslint-enable svelte/no-svelte-internal */
import {createReactiveModel} from '../../src/reactive/create-reactive-model.svelte.ts';
import {fixtureModels, jobConfig} from '../../src/contract/testing/fixture-models.ts';
import type {JobRow} from '../../src/record/testing/fixture-rows.ts';
import {MemoryModelStore} from '../../src/record/testing/memory-model-store.ts';

const QUERIES = 100;
const store = new MemoryModelStore(fixtureModels);
for (let i = 0; i < 500; i++) {
  store.insertRow('jobs', {
    id: `j${String(i).padStart(4, '0')}`, title: `Job ${i}`, status: 'open', priority: i % 10, client_id: `c${i % 10}`,
    tags: [], settings: {}, discarded_at: null, created_at: i, updated_at: i,
  });
}
const Job = createReactiveModel<JobRow, typeof jobConfig>(jobConfig, {source: store, writer: store, models: fixtureModels});
let runs = 0;
const stop = (effect_root as (fn: () => void) => () => void)(() => {
  for (let q = 0; q < QUERIES; q++) {
    // Every query contains j0000 (priority 0 ≤ q % 10), so one change touches them all.
    const rel = Job.where('priority', '<=', q % 10).order('priority', 'asc').limit(20 + q);
    (user_effect as (fn: () => void) => void)(() => {
      runs += rel.records.length > 0 ? 1 : 0;
    });
  }
});
flushSync();
const before = runs;
const times: number[] = [];
for (let k = 0; k < 20; k++) {
  const start = performance.now();
  store.patchRow('jobs', 'j0000', {title: `Job 0 (${k})`});
  flushSync();
  times.push(performance.now() - start);
}
if (runs - before !== QUERIES * 20) throw new Error(`expected ${QUERIES * 20} effect runs, saw ${runs - before}`);
stop();
times.sort((a, b) => a - b);
console.log(JSON.stringify({queries: QUERIES, settleMs: times[Math.floor(times.length / 2)]}));
