import {SVELTE, ruleTester} from '../testing/rule-tester.ts';
import {noDestructuredReactiveRecord} from './no-destructured-reactive-record.ts';

const imports = "import {ReactiveJob} from './generated/svelte.ts';\nimport {ActiveJob} from './generated/index.ts';\n";

ruleTester().run('no-destructured-reactive-record', noDestructuredReactiveRecord, {
  valid: [
    {filename: 'a.svelte.ts', code: `${imports}const job = $derived(ReactiveJob.find(id));\nexport const title = () => job.title;`},
    // Svelte's own reactive destructuring.
    {filename: 'a.svelte.ts', code: `${imports}let {title, status} = $derived(ReactiveJob.find(id));`},
    // Plain records are plain objects.
    {filename: 'a.ts', code: `${imports}const {title} = await ActiveJob.find(id);`},
    {filename: 'a.ts', code: `${imports}const job = await ActiveJob.find(id);\nconst {title} = job;`},
    {filename: 'a.svelte.ts', code: 'const {a, b} = someObject;'},
  ],
  invalid: [
    {
      filename: 'a.svelte.ts',
      code: `${imports}const job = $derived(ReactiveJob.find(id));\nconst {title, status: state} = job;`,
      errors: [
        {
          messageId: 'destructured',
          data: {source: 'job', names: 'title, status', example: 'job.title'},
          suggestions: [{messageId: 'useDerived', output: `${imports}const job = $derived(ReactiveJob.find(id));\nconst title = $derived(job.title);\nconst state = $derived(job.status);`}],
        },
      ],
    },
    {filename: 'a.svelte.ts', code: `${imports}const {records, isLoading} = ReactiveJob.where({client_id});`, errors: [{messageId: 'destructured', suggestions: []}]},
    {filename: 'a.svelte.ts', code: `${imports}const jobs = $derived.by(() => ReactiveJob.open());\nconst {records} = jobs;`, errors: [{messageId: 'destructured', suggestions: 1}]},
    {filename: 'a.svelte.ts', code: `${imports}const job = ReactiveJob.find(id);\nconst {name} = job.client;`, errors: [{messageId: 'destructured', data: {source: 'job.client', names: 'name', example: 'job.client.name'}, suggestions: 1}]},
    {
      filename: 'Job.svelte',
      code: `<script lang="ts">\n${imports}let {id} = $props();\nconst job = $derived(ReactiveJob.find(id));\nconst {title} = job;\n</script>\n<h1>{title}</h1>`,
      languageOptions: SVELTE,
      errors: [
        {
          messageId: 'destructured',
          line: 6,
          suggestions: [{messageId: 'useDerived', output: `<script lang="ts">\n${imports}let {id} = $props();\nconst job = $derived(ReactiveJob.find(id));\nconst title = $derived(job.title);\n</script>\n<h1>{title}</h1>`}],
        },
      ],
    },
  ],
});
