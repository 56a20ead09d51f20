import {SVELTE, ruleTester} from '../testing/rule-tester.ts';
import {noAwaitedReactiveRelation} from './no-awaited-reactive-relation.ts';

const imports = "import {ReactiveJob} from './generated/svelte.ts';\nimport {ActiveJob} from './generated/index.ts';\n";

ruleTester().run('no-awaited-reactive-relation', noAwaitedReactiveRelation, {
  valid: [
    {filename: 'a.svelte.ts', code: `${imports}const jobs = $derived(ReactiveJob.open());`},
    {filename: 'a.svelte.ts', code: `${imports}export async function count() { return (await ActiveJob.open()).length; }`},
    // Outside components an await is the normal read (and Reactive* is another rule's business).
    {filename: 'a.ts', code: `${imports}export const jobs = await ReactiveJob.open();`},
    // Awaiting a write is how a write is awaited.
    {filename: 'a.svelte.ts', code: `${imports}export async function add() { await ReactiveJob.create({title: 'x'}); await ReactiveJob.find(id).update({title: 'y'}).server; }`},
    {filename: 'Jobs.svelte', code: `<script lang="ts">\n${imports}</script>\n{#await ActiveJob.open() then jobs}{jobs.length}{/await}`, languageOptions: SVELTE},
  ],
  invalid: [
    {filename: 'a.svelte.ts', code: `${imports}export async function load() { return await ReactiveJob.where({client_id}); }`, errors: [{messageId: 'awaited', data: {source: 'ReactiveJob.where({client_id})'}}]},
    {
      filename: 'Job.svelte',
      code: `<script lang="ts">\n${imports}let {id} = $props();\nconst job = $derived(ReactiveJob.find(id));\nconst tasks = await job.tasks;\n</script>\n{tasks.length}`,
      languageOptions: SVELTE,
      errors: [{messageId: 'awaited', data: {source: 'job.tasks'}, line: 6}],
    },
    {filename: 'Jobs.svelte', code: `<script lang="ts">\n${imports}</script>\n{#await ReactiveJob.open() then jobs}{jobs.length}{/await}`, languageOptions: SVELTE, errors: [{messageId: 'awaited', line: 5}]},
  ],
});
