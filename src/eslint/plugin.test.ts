import {describe, expect, test} from 'vitest';
import zam, {plugin, recommended} from './plugin.ts';
import {lintWithPlugin} from './testing/lint-with-plugin.ts';

describe('zero-active-models/eslint', () => {
  test('the default export (what the entry re-exports) is the plugin; recommended names it and turns on every rule', () => {
    expect(zam).toBe(plugin);
    expect(plugin.configs.recommended).toBe(recommended);
    expect(recommended.plugins?.['zero-active-models']).toBe(plugin);
    expect(Object.keys(recommended.rules ?? {}).sort()).toEqual(Object.keys(plugin.rules).map((r) => `zero-active-models/${r}`).sort());
    expect(recommended.rules?.['zero-active-models/no-awaited-reactive-relation']).toBe('warn');
  });

  test('one component with every mistake: each rule reports once', () => {
    const code = [
      '<script lang="ts">',
      "  import {ReactiveJob} from './generated/svelte.ts';",
      '  let {id} = $props();',
      '  const job = $derived(ReactiveJob.find(id));',
      '  const {title} = job;',
      '  const touched = $derived.by(() => { job.update({seen: true}); return true; });',
      '  const tasks = await job.tasks;',
      '</script>',
      '<h1>{title} {touched} {tasks.length}</h1>',
    ].join('\n');
    expect(lintWithPlugin(code, 'src/Job.svelte').map((m) => [m.ruleId, m.severity])).toEqual([
      ['zero-active-models/no-destructured-reactive-record', 2],
      ['zero-active-models/no-writes-in-derived', 2],
      ['zero-active-models/no-awaited-reactive-relation', 1],
    ]);
    expect(lintWithPlugin("import {ReactiveJob} from './generated/svelte.ts';\nexport const j = ReactiveJob;\n", 'src/jobs.ts').map((m) => m.ruleId)).toEqual([
      'zero-active-models/reactive-models-in-svelte-only',
    ]);
  });
});
