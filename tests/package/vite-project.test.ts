// A team's Vite + Svelte 5 app, as a new user sets it up: the packed tarball
// with @rocicorp/zero, Svelte, Vite and Vitest; `npx zero-active-models
// generate` writes the models into src/generated; a component using
// ReactiveJob builds with `vite build` and renders in the project's own
// component test, over a real Zero client synced with the running stack.
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, expect, inject, test} from 'vitest';
import {installProject, mustRun, REPO, repoVersion, run, writeFiles} from './user-project.ts';

const fixture = inject('zamPackage');
const dir = path.join(fixture.workDir, 'vite-app');
let sql: postgres.Sql;

const PROJECT_FILES: Record<string, string> = {
  'vite.config.ts': `import {svelte} from '@sveltejs/vite-plugin-svelte';
import {defineConfig} from 'vitest/config';

export default defineConfig({
  plugins: [svelte()],
  // Svelte's client runtime in component tests (jsdom), as the Svelte docs recommend.
  resolve: process.env.VITEST ? {conditions: ['browser']} : undefined,
  test: {environment: 'jsdom', setupFiles: ['./src/test-setup.ts'], testTimeout: 60_000},
});
`,
  'index.html': `<!doctype html>
<html><head><meta charset="utf-8"><title>Jobs</title></head>
<body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>
`,
  'src/JobTitle.svelte': `<script lang="ts">
  import {ReactiveJob} from './generated/svelte.ts';

  let {id}: {id: string} = $props();
  const job = $derived(ReactiveJob.find(id));
</script>

<h1>{job.title ?? ''}</h1>
<p class="status">{job.status ?? ''}</p>
`,
  'src/main.ts': `import {mount} from 'svelte';
import {connectModels, createZamClient, establishConnection} from 'zero-active-models';
import {ACTIVITY_LOG, MODELS, modelQueries, schema} from './generated/index.ts';
import JobTitle from './JobTitle.svelte';

const params = new URLSearchParams(location.search);
const client = createZamClient({
  cacheURL: 'http://127.0.0.1:4848',
  userID: params.get('user') ?? '',
  auth: params.get('token') ?? '',
  schema,
  models: MODELS,
  activityLog: ACTIVITY_LOG,
});
establishConnection(connectModels(client, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
mount(JobTitle, {target: document.getElementById('app')!, props: {id: params.get('job') ?? ''}});
`,
  // jsdom's WebSocket events cross realms; ws works in either (loaded through Node's resolver, not the browser stub).
  'src/test-setup.ts': `import {createRequire} from 'node:module';

globalThis.WebSocket = createRequire(import.meta.url)('ws');
`,
  'src/JobTitle.test.ts': `import {mount, unmount} from 'svelte';
import {expect, test} from 'vitest';
import {connectModels, createZamClient, establishConnection, removeConnection} from 'zero-active-models';
import {ACTIVITY_LOG, MODELS, modelQueries, schema} from './generated/index.ts';
import JobTitle from './JobTitle.svelte';

const env = process.env as Record<string, string>;

test('JobTitle renders the job from the server and follows its changes', async () => {
  const client = createZamClient({cacheURL: env.ZAM_CACHE_URL, userID: env.ZAM_USER_ID, auth: env.ZAM_TOKEN, schema, models: MODELS, activityLog: ACTIVITY_LOG, kvStore: 'mem'});
  establishConnection(connectModels(client, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
  const target = document.body.appendChild(document.createElement('div'));
  const component = mount(JobTitle, {target, props: {id: env.ZAM_JOB_ID}});
  try {
    await expect.poll(() => target.querySelector('h1')?.textContent, {timeout: 30_000}).toBe(env.ZAM_JOB_TITLE);
    expect(target.querySelector('.status')?.textContent).toBe('scheduled');
    await fetch(env.ZAM_RENAME_URL, {method: 'POST'});
    await expect.poll(() => target.querySelector('h1')?.textContent, {timeout: 30_000}).toBe(env.ZAM_JOB_TITLE + ' (renamed)');
  } finally {
    unmount(component);
    removeConnection();
    await client.close();
  }
});
`,
};

beforeAll(async () => {
  const dev = ['vite', '@sveltejs/vite-plugin-svelte', 'svelte', 'vitest', 'jsdom', 'ws'];
  await installProject(dir, {
    dependencies: {'zero-active-models': `file:${fixture.tarball}`, '@rocicorp/zero': repoVersion('@rocicorp/zero')},
    devDependencies: Object.fromEntries(dev.map((name) => [name, repoVersion(name)])),
  });
  fs.cpSync(path.join(REPO, 'examples/rails-app'), path.join(dir, 'rails-app'), {recursive: true});
  writeFiles(dir, PROJECT_FILES);
  sql = postgres(fixture.databaseUrl, {max: 1, onnotice: () => {}});
}, 420_000);
afterAll(async () => {
  await sql?.end();
});

test('npx zero-active-models generate --rails <app> --out src/generated writes the models', async () => {
  const result = await run('npx', ['zero-active-models', 'generate', '--rails', 'rails-app', '--out', 'src/generated'], {cwd: dir});
  expect(result.code, result.stderr).toBe(0);
  for (const file of ['index.ts', 'svelte.ts', 'schema.ts', 'queries.ts', 'models/job.config.ts']) {
    expect(fs.existsSync(path.join(dir, 'src/generated', file)), file).toBe(true);
  }
});

test('vite build compiles the component and the library\'s runes (the svelte export condition)', async () => {
  await mustRun('npx', ['vite', 'build', '--logLevel', 'warn'], {cwd: dir, timeoutMs: 180_000});
  const assets = path.join(dir, 'dist/assets');
  const bundle = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
  expect(fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8')).toContain('/assets/');
  // The runtime is in (its outbox database name), and no rune survived uncompiled.
  expect(bundle).toContain('zam-outbox:');
  expect(bundle).not.toMatch(/\$(state|derived|effect)\s*[.(]/);
});

test('the component renders in the project\'s own component test (vitest + jsdom) over a real Zero client', async () => {
  const id = crypto.randomUUID();
  const title = `Rendered in a user's app ${id.slice(0, 8)}`;
  // As Rails would write it: straight into PostgreSQL; zero-cache replicates it to the component.
  await sql`insert into jobs (id, client_id, title, status, priority, created_at, updated_at)
    values (${id}, ${fixture.clientId}, ${title}, 'scheduled', 2, now(), now())`;
  // The test asks for a rename midway through (by a URL it POSTs to), to see the component follow it.
  const http = await import('node:http');
  const renamer = http.createServer((req, res) => {
    void sql`update jobs set title = ${`${title} (renamed)`}, updated_at = now() where id = ${id}`.then(() => res.end('ok'));
  });
  await new Promise<void>((resolve) => renamer.listen(0, '127.0.0.1', resolve));
  try {
    const port = (renamer.address() as {port: number}).port;
    const result = await run('npx', ['vitest', 'run', '--reporter=verbose'], {
      cwd: dir,
      env: {
        ZAM_CACHE_URL: fixture.cacheURL,
        ZAM_USER_ID: fixture.user.id,
        ZAM_TOKEN: fixture.user.token,
        ZAM_JOB_ID: id,
        ZAM_JOB_TITLE: title,
        ZAM_RENAME_URL: `http://127.0.0.1:${port}/`,
      },
      timeoutMs: 180_000,
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/1 passed/);
  } finally {
    await new Promise((resolve) => renamer.close(resolve));
  }
});
