import {SVELTE, ruleTester} from '../testing/rule-tester.ts';
import {noWritesInDerived} from './no-writes-in-derived.ts';

ruleTester().run('no-writes-in-derived', noWritesInDerived, {
  valid: [
    {filename: 'a.svelte.ts', code: 'const job = $derived(ReactiveJob.find(id));'},
    {filename: 'a.svelte.ts', code: 'const open = $derived.by(() => { const all = ReactiveJob.open(); return all.order("created_at"); });'},
    // A handler defined in a derived runs later, on the event.
    {filename: 'a.svelte.ts', code: 'const actions = $derived.by(() => ({done: () => job.update({status: "done"})}));'},
    {filename: 'a.svelte.ts', code: 'const act = $derived(() => ReactiveJob.create({title}));'},
    {filename: 'a.svelte.ts', code: 'function done() { void job.update({status: "done"}); }\n$effect(() => { void transaction(async () => {}); });'},
    {
      filename: 'Job.svelte',
      code: '<script lang="ts">\nlet {job} = $props();\nconst title = $derived(job.title);\n</script>\n<button onclick={() => job.update({status: "done"})}>{title}</button>',
      languageOptions: SVELTE,
    },
  ],
  invalid: [
    {filename: 'a.svelte.ts', code: 'const job = $derived(ReactiveJob.create({title}));', errors: [{messageId: 'writeInDerived', data: {call: 'ReactiveJob.create()', rune: '$derived'}}]},
    {
      filename: 'a.svelte.ts',
      code: 'const total = $derived.by(() => { job.update({seen: true}); return job.tasks.records.length; });',
      errors: [{messageId: 'writeInDerived', data: {call: 'job.update()', rune: '$derived.by'}}],
    },
    {filename: 'a.svelte.ts', code: 'const x = $derived.by(() => { transaction(async () => { await job.destroy(); }); return 1; });', errors: [{messageId: 'writeInDerived', data: {call: 'transaction()', rune: '$derived.by'}}]},
    {filename: 'a.svelte.ts', code: 'const x = $derived(mutateBatch(async (tx) => {}));', errors: [{messageId: 'writeInDerived'}]},
    {filename: 'a.svelte.ts', code: 'const x = $derived(ReactiveJob.where({client_id}).destroy_all());', errors: [{messageId: 'writeInDerived', data: {call: 'ReactiveJob.where({client_id}).destroy_all()', rune: '$derived'}}]},
    {
      filename: 'Job.svelte',
      code: '<script lang="ts">\nlet {job} = $props();\nconst seen = $derived.by(() => { job.save(); return true; });\n</script>\n{seen}',
      languageOptions: SVELTE,
      errors: [{messageId: 'writeInDerived', line: 3}],
    },
  ],
});
