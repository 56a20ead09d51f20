import {SVELTE, ruleTester} from '../testing/rule-tester.ts';
import {reactiveModelsInSvelteOnly} from './reactive-models-in-svelte-only.ts';

ruleTester().run('reactive-models-in-svelte-only', reactiveModelsInSvelteOnly, {
  valid: [
    {filename: 'src/JobList.svelte', code: "<script lang=\"ts\">\nimport {ReactiveJob} from './generated/svelte.ts';\nconst jobs = $derived(ReactiveJob.all());\n</script>\n{jobs.records.length}", languageOptions: SVELTE},
    {filename: 'src/jobs.svelte.ts', code: "import {ReactiveJob} from './generated/svelte.ts';\nexport const jobs = () => ReactiveJob.all();"},
    {filename: 'src/jobs.ts', code: "import {ActiveJob} from './generated/index.ts';\nexport const jobs = () => ActiveJob.all();"},
    // Types carry no runes.
    {filename: 'src/types.ts', code: "import type {ReactiveJob} from './generated/svelte.ts';\nexport type J = typeof ReactiveJob;"},
    {filename: 'src/types.ts', code: "import {type ReactiveJob} from './generated/svelte.ts';\nexport type J = typeof ReactiveJob;"},
    // The library's own Reactive* names are not models.
    {filename: 'src/types.ts', code: "import {ReactiveRelation} from 'zero-active-models/svelte';\nexport const R = ReactiveRelation;"},
  ],
  invalid: [
    {
      filename: 'src/scripts/report.ts',
      code: "import {ReactiveJob} from '../generated/svelte.ts';\nexport const open = () => ReactiveJob.open();",
      errors: [
        {
          messageId: 'reactiveOutsideSvelte',
          suggestions: [{messageId: 'useActive', output: "import {ActiveJob} from '../generated/index.ts';\nexport const open = () => ActiveJob.open();"}],
        },
      ],
    },
    {
      filename: 'src/lib/session.js',
      code: "import {ReactiveUser as Users, ReactiveJob} from '$lib/generated/svelte';\nexport const u = Users.all();\nexport const j = ReactiveJob;",
      errors: [
        {messageId: 'reactiveOutsideSvelte', data: {name: 'ReactiveUser', active: 'ActiveUser'}, suggestions: [{messageId: 'useActive', output: "import {ActiveUser as Users, ReactiveJob} from '$lib/generated/svelte';\nexport const u = Users.all();\nexport const j = ReactiveJob;"}]},
        {messageId: 'reactiveOutsideSvelte', data: {name: 'ReactiveJob', active: 'ActiveJob'}, suggestions: [{messageId: 'useActive', output: "import {ReactiveUser as Users, ActiveJob} from '$lib/generated/svelte';\nexport const u = Users.all();\nexport const j = ActiveJob;"}]},
      ],
    },
    {
      filename: 'src/routes/+page.ts',
      code: "import {ReactiveActivityLog} from './generated/svelte.ts';\nexport const load = () => ReactiveActivityLog.all();",
      errors: [{messageId: 'reactiveOutsideSvelte', data: {name: 'ReactiveActivityLog', active: 'ActiveActivityLog'}, suggestions: 1}],
    },
  ],
});
