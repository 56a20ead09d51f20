import {describe, expect, test} from 'vitest';
import {migrateFile} from './migrate-file.ts';
import type {ModelIndex} from './model-index.ts';

const models: ModelIndex = {
  byTable: new Map([
    ['jobs', {name: 'Job', table: 'jobs', primaryKey: 'id'}],
    ['tasks', {name: 'Task', table: 'tasks', primaryKey: 'id'}],
  ]),
  activeModule: '/app/src/generated/index.ts',
  reactiveModule: '/app/src/generated/svelte.ts',
};

const svelte = (script: string, markup = '') => `<script lang="ts">\n${script}\n</script>\n${markup}`;
const run = (file: string, text: string) => {
  const result = migrateFile(file, text, models);
  // Every case: a second run changes nothing.
  expect(migrateFile(file, result.after, models).after).toBe(result.after);
  return result;
};

describe('migrateFile', () => {
  test.each([
    ["zero.query.jobs.where('id', id).one()", 'ReactiveJob.find(id)', true],
    ["zero.query.jobs.where('id', '=', id)", 'ReactiveJob.find(id)', true],
    ["zero.query.jobs.where('client_id', c).where('status', 'open').one()", "ReactiveJob.find_by({client_id: c, status: 'open'})", false],
    ["zero.query.jobs.where('priority', '>', 2).orderBy('created_at', 'desc').limit(5)", "ReactiveJob.where('priority', '>', 2).order('created_at', 'desc').limit(5)", false],
    ['zero.query.tasks', 'ReactiveTask.all()', false],
    ["zero.query.jobs.where('status', 'IN', ['open', 'scheduled']).related('client')", "ReactiveJob.where('status', 'IN', ['open', 'scheduled']).includes('client')", false],
  ])('%s → %s', (query, chain, one) => {
    const wrapper = one ? 'ReactiveQueryOne' : 'ReactiveQuery';
    const {after, todos} = run('/app/src/A.svelte', svelte(`const q = new ${wrapper}(() => ${query});`));
    expect(after).toContain(`const q = $derived(${chain});`);
    expect(after).toContain(`import {${chain.split('.')[0]}} from './generated/svelte.ts';`);
    expect(todos).toBe(0);
  });

  test('reads of a converted wrapper: list → records, record → direct, first row → records[0]', () => {
    const {after} = run(
      '/app/src/A.svelte',
      svelte(
        "const jobs = new ReactiveQuery(() => zero.query.jobs);\nconst job = new ReactiveQueryOne(() => zero.query.jobs.where('id', id));\nconst first = new ReactiveQueryOne(() => zero.query.jobs.orderBy('created_at', 'asc'));",
        '{jobs.current.length} {jobs.data.length} {job.current?.title} {job.current} {first.current?.title} {jobs.isLoading} {job.error}',
      ),
    );
    expect(after).toContain('{jobs.records.length} {jobs.records.length} {job.title} {job.record} {first.records[0]?.title} {jobs.isLoading} {job.error}');
    expect(after).toContain("const first = $derived(ReactiveJob.order('created_at', 'asc').limit(1));");
  });

  test('what has no faithful translation stays, under one TODO naming why (not repeated on a second run)', () => {
    const text = [
      "import {zero} from './zero.ts';",
      "const a = new ReactiveQuery(() => zero.query.jobs.related('tasks', (q) => q.limit(3)));",
      "const b = new ReactiveQuery(() => zero.query.jobs.start(row));",
      "const c = new ReactiveQuery(() => zero.query.widgets);",
      'export function f() {',
      '  const inner = new ReactiveQuery(() => zero.query.jobs);',
      '  void zero.mutate.jobs.update({...changes});',
      '}',
    ].join('\n');
    const {after, todos} = run('/app/src/a.svelte.ts', text);
    expect(todos).toBe(5);
    expect(after.match(/TODO\(zero-active-models\)/g)).toHaveLength(5);
    expect(after).toContain('// TODO(zero-active-models): ReactiveQuery left as it was: `zero.query.jobs.related(\'tasks\', (q) => q.limit(3))`: a related() with a sub-query');
    expect(after).toContain('no model equivalent the codemod knows');
    expect(after).toContain('no generated model for table `widgets`');
    expect(after).toContain('  // TODO(zero-active-models): ReactiveQuery outside a top-level variable');
    expect(after).toContain('  // TODO(zero-active-models): `zero.mutate.jobs.update(…)`: the row is not an object literal naming `id`');
    expect(after).toContain("import {zero} from './zero.ts';");
  });

  test('a wrapper in a class field or an exported one is left (its reads elsewhere cannot all be rewritten)', () => {
    const text = [
      'export const shared = new ReactiveQuery(() => zero.query.jobs);',
      'export class Board {',
      '  jobs = new ReactiveQuery(() => zero.query.jobs);',
      '  get count() {',
      '    return this.jobs.current.length + shared.current.length;',
      '  }',
      '}',
    ].join('\n');
    const {after, todos} = run('/app/src/board.svelte.ts', text);
    expect(todos).toBe(2);
    expect(after).toContain('// TODO(zero-active-models): ReactiveQuery is exported');
    expect(after).toContain('  // TODO(zero-active-models): ReactiveQuery outside a top-level variable');
    expect(after).toContain('return this.jobs.current.length + shared.current.length;');
  });

  test('a wrapper in a plain .ts file (no runes) is left with a TODO pointing to the Active model', () => {
    const {after, todos} = run('/app/src/a.ts', "const jobs = new ReactiveQuery(() => zero.query.jobs.where('client_id', c));");
    expect(todos).toBe(1);
    expect(after).toContain("read with ActiveJob (`await ActiveJob.where({client_id: c})`)");
  });

  test('writes in a plain .ts file use the Active model; imports are merged and unused ones dropped', () => {
    const text = [
      "import {zero} from './lib/zero.ts';",
      "import {ActiveTask} from './generated/index.ts';",
      '',
      'export async function run(id: string) {',
      "  await zero.mutate.jobs.insert({id, title: 'x'});",
      '  await zero.mutate.jobs.update({id, title: "y", status});',
      '  await zero.mutate.jobs.delete({id: other.id});',
      '  await ActiveTask.all();',
      '}',
    ].join('\n');
    const {after} = run('/app/src/run.ts', text);
    expect(after).toBe(
      [
        "import {ActiveTask, ActiveJob} from './generated/index.ts';",
        '',
        'export async function run(id: string) {',
        "  await ActiveJob.create({id, title: 'x'});",
        '  await ActiveJob.update(id, {title: "y", status});',
        '  await ActiveJob.destroy(other.id);',
        '  await ActiveTask.all();',
        '}',
      ].join('\n'),
    );
  });

  test('markup handlers are migrated too; a component without a script gets one for its imports', () => {
    const {after} = run('/app/src/B.svelte', '<button onclick={() => zero.mutate.jobs.delete({id: job.id})}>x</button>\n');
    expect(after).toBe("<script lang=\"ts\">\n  import {ReactiveJob} from './generated/svelte.ts';\n</script>\n\n<button onclick={() => ReactiveJob.destroy(job.id)}>x</button>\n");
  });

  test('a file with nothing to migrate is returned as it was', () => {
    const text = svelte("import {ReactiveJob} from './generated/svelte.ts';\nconst jobs = $derived(ReactiveJob.all());", '{jobs.records.length}');
    expect(run('/app/src/C.svelte', text)).toEqual({before: text, after: text, changes: 0, todos: 0});
  });
});
