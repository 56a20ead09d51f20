// A team's plain Node project, as a new user sets it up: `npm install` the
// packed tarball with @rocicorp/zero (and no Svelte), generate its OWN models
// from its Rails app with the installed CLI, and use them from a script and
// the console against a running stack.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, describe, expect, inject, test} from 'vitest';
import {eventually} from '../support/test-stack.ts';
import {installProject, mustRun, REPO, repoVersion, run, userEnv, writeFiles} from './user-project.ts';

const fixture = inject('zamPackage');
const dir = path.join(fixture.workDir, 'node-app');
const cli = (...args: string[]) => run('npx', ['--no-install', 'zero-active-models', ...args], {cwd: dir});
/** The installed bin itself (what npx runs), for long-running commands this test must stop by PID. */
const bin = () => path.join(dir, 'node_modules/.bin/zero-active-models');
let sql: postgres.Sql;

beforeAll(async () => {
  await installProject(dir, {dependencies: {'zero-active-models': `file:${fixture.tarball}`, '@rocicorp/zero': repoVersion('@rocicorp/zero'), postgres: repoVersion('postgres')}});
  // The team's Rails app: a copy of the example app, outside this repository.
  fs.cpSync(path.join(REPO, 'examples/rails-app'), path.join(dir, 'rails-app'), {recursive: true});
  sql = postgres(fixture.databaseUrl, {max: 1, onnotice: () => {}});
}, 420_000);
afterAll(async () => {
  await sql?.end();
});

describe('the CLI installed in a Node project', () => {
  test('--help lists the commands, and each command has its own --help', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+generate\s+\S/m);
    expect(help.stdout).toMatch(/^\s+console\s+\S/m);
    expect(help.stdout).toMatch(/^\s+migrate\s+\S/m);
    for (const command of ['generate', 'console', 'migrate']) {
      const own = await cli(command, '--help');
      expect(own.code, own.stderr).toBe(0);
      expect(own.stdout).toContain(`usage: zero-active-models ${command}`);
    }
    expect(await cli('generate', '--help').then((r) => r.stdout)).toContain('--rails');
    const unknown = await cli('bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "bogus"');
    const noRails = await cli('generate');
    expect(noRails.code).toBe(2);
    expect(noRails.stderr).toContain('pass --rails <app root>');
    // The codemod's parsers are optional peers: without them, migrate says what to install and changes nothing.
    const noParsers = await cli('migrate', '.');
    expect(noParsers.code).toBe(1);
    expect(noParsers.stderr).toContain('npm install -D ts-morph@28.0.0 diff@9.0.0 magic-string@1.4.5');
  });

  test('generate writes the project\'s own models (importing the package by name); --check passes, then fails on a stale output naming the fix', async () => {
    const first = await cli('generate', '--rails', 'rails-app', '--out', 'generated');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('into generated/ from rails-app');
    // The same output as this repository's generated/, but for the user's app path, importing the runtime by name.
    for (const file of fs.readdirSync(path.join(REPO, 'generated'), {recursive: true}) as string[]) {
      const ours = path.join(REPO, 'generated', file);
      if (fs.statSync(ours).isDirectory()) continue;
      const theirs = fs.readFileSync(path.join(dir, 'generated', file), 'utf8');
      expect(theirs.split('\n')[0], file).toContain('from rails-app ');
      expect(theirs, file).toBe(fs.readFileSync(ours, 'utf8').replaceAll('examples/rails-app', 'rails-app'));
    }
    expect(fs.readFileSync(path.join(dir, 'generated/active.ts'), 'utf8')).toContain("from 'zero-active-models';");
    expect(fs.readFileSync(path.join(dir, 'generated/svelte.ts'), 'utf8')).toContain("from 'zero-active-models/svelte';");

    const fresh = await cli('generate', '--rails', 'rails-app', '--out', 'generated', '--check');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('generated/ is up to date with rails-app');

    const models = path.join(dir, 'generated/models.ts');
    const original = fs.readFileSync(models, 'utf8');
    fs.writeFileSync(models, `${original}// edited by hand\n`);
    const stale = await cli('generate', '--rails', 'rails-app', '--out', 'generated', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('generated/ is stale');
    expect(stale.stderr).toContain('changed  generated/models.ts');
    expect(stale.stderr).toContain('Run `npx zero-active-models generate --rails rails-app --out generated`');
    fs.writeFileSync(models, original);
  });

  test('paths come from zero-active-models.config.json; a misspelt key is a usage error naming it', async () => {
    const config = path.join(dir, 'zero-active-models.config.json');
    try {
      fs.writeFileSync(config, JSON.stringify({rails: 'rails-app', out: 'generated'}));
      const checked = await cli('generate', '--check');
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stdout).toContain('generated/ is up to date with rails-app');
      fs.writeFileSync(config, JSON.stringify({rail: 'rails-app'}));
      const bad = await cli('generate', '--check');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/zero-active-models\.config\.json is not a valid zero-active-models config:[\s\S]*rail/);
    } finally {
      fs.rmSync(config, {force: true});
    }
  });

  test('generate refuses to replace a directory of the user\'s own files (--out src by mistake)', async () => {
    writeFiles(dir, {'src/main.ts': 'console.log("mine");\n'});
    const result = await cli('generate', '--rails', 'rails-app', '--out', 'src');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to replace src/');
    expect(result.stderr).toContain('src/main.ts');
    expect(fs.readdirSync(path.join(dir, 'src'))).toEqual(['main.ts']);
  });

  test('generate --watch regenerates when a Rails model changes', async () => {
    const out = path.join(dir, 'watched');
    const child = spawn(bin(), ['generate', '--rails', 'rails-app', '--out', 'watched', '--watch'], {cwd: dir, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe']});
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const model = path.join(dir, 'rails-app/app/models/client.rb');
    const original = fs.readFileSync(model, 'utf8');
    try {
      await eventually(async () => output.includes('Watching rails-app/db and rails-app/app/models'), 30_000);
      expect(fs.readFileSync(path.join(out, 'models/client.config.ts'), 'utf8')).not.toContain('watched_probe');
      fs.writeFileSync(model, original.replace(/^end\s*$/m, '  scope :watched_probe, -> { where(name: "probe") }\nend\n'));
      await eventually(async () => fs.readFileSync(path.join(out, 'models/client.config.ts'), 'utf8').includes('watched_probe'), 30_000);
    } finally {
      fs.writeFileSync(model, original);
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('close', resolve));
    }
  });
});

describe('the library in a plain Node script', () => {
  test('imports zero-active-models and @rocicorp/zero without Svelte installed; the server and eslint entries load too', async () => {
    const probe = await mustRun(
      'node',
      [
        '--input-type=module',
        '-e',
        `const main = await import('zero-active-models');
         const server = await import('zero-active-models/server');
         const lint = (await import('zero-active-models/eslint')).default;
         let svelte = 'absent';
         try { await import('svelte'); svelte = 'present'; } catch {}
         console.log(JSON.stringify({main: typeof main.createActiveModel, server: typeof server.createApiServer, auth: typeof server.createAuthenticator, lintRules: Object.keys(lint.rules).length, svelte, url: import.meta.resolve('zero-active-models')}));`,
      ],
      {cwd: dir},
    );
    const result = JSON.parse(probe.stdout) as Record<string, string>;
    // The lint plugin loads without ESLint installed (it imports ESLint's types only).
    expect(result).toMatchObject({main: 'function', server: 'function', auth: 'function', lintRules: 4, svelte: 'absent'});
    expect(result.url).toContain('/node_modules/zero-active-models/dist/index.js');
  });

  test('ActiveJob.create / find / where with the project\'s own generated models, against a running stack', async () => {
    writeFiles(dir, {
      'scripts/jobs.ts': `import {connectModels, createZamClient, establishConnection, removeConnection} from 'zero-active-models';
import {ACTIVITY_LOG, ActiveJob, MODELS, modelQueries, schema} from '../generated/index.ts';

const env = process.env as Record<string, string>;
const client = createZamClient({cacheURL: env.ZAM_CACHE_URL, userID: env.ZAM_USER_ID, auth: env.ZAM_TOKEN, schema, models: MODELS, activityLog: ACTIVITY_LOG, kvStore: 'mem'});
establishConnection(connectModels(client, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
const write = ActiveJob.create({client_id: env.ZAM_CLIENT_ID, title: env.ZAM_TITLE, priority: 4});
const created = await write;
const outcome = await write.server;
const found = await ActiveJob.find(created.id);
const urgent = await ActiveJob.urgent().where({client_id: env.ZAM_CLIENT_ID}).order('created_at', 'desc');
console.log(JSON.stringify({id: created.id, outcome, found: found.title, urgent: urgent.map((job) => job.title)}));
removeConnection();
await client.close();
`,
    });
    const title = `From the team's own script ${crypto.randomUUID().slice(0, 8)}`;
    const result = await mustRun('node', ['scripts/jobs.ts'], {
      cwd: dir,
      env: {ZAM_CACHE_URL: fixture.cacheURL, ZAM_USER_ID: fixture.user.id, ZAM_TOKEN: fixture.user.token, ZAM_CLIENT_ID: fixture.clientId, ZAM_TITLE: title},
      timeoutMs: 60_000,
    });
    const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {id: string; outcome: unknown; found: string; urgent: string[]};
    expect(out.found).toBe(title);
    expect(out.urgent).toContain(title);
    // Committed in PostgreSQL, with its activity log written in the same batch, as the token's user.
    const rows = await sql`select j.title, l.action, l.user_id from jobs j join activity_logs l on l.loggable_id = j.id where j.id = ${out.id}`;
    expect(rows).toEqual([{title, action: 'created', user_id: fixture.user.id}]);
  });

  test('the push and query handlers mount in the team\'s own node:http service, with its own auth hook and policies', async () => {
    writeFiles(dir, {
      'scripts/api.ts': `import http from 'node:http';
import postgres from 'postgres';
import {AuthError, createPushHandler, createQueryHandler, definePolicies} from 'zero-active-models/server';
import {ACTIVITY_LOG, MODELS, modelQueries, schema} from '../generated/index.ts';

type Staff = {id: string; role: 'dispatcher' | 'technician'};
// The team's own auth: here a shared key and a user header from its gateway; a request without them is refused.
const authenticate = async (request: Request): Promise<Staff> => {
  if (request.headers.get('x-team-key') !== process.env.TEAM_KEY) throw new AuthError('no team key');
  return {id: request.headers.get('x-team-user') ?? '', role: 'technician'};
};
// Technicians may read and create jobs; nothing else (default deny).
const policies = definePolicies<typeof schema, Staff>(schema, {jobs: {read: () => true, create: () => true}});
const query = createQueryHandler({schema, queries: [modelQueries], policies, authenticate});
const sql = postgres(process.env.DATABASE_URL!, {max: 2, onnotice: () => {}});
const push = createPushHandler({sql, schema, models: MODELS, activityLog: ACTIVITY_LOG, policies, authenticate});
const routes: Record<string, (request: Request) => Promise<Response>> = {'/team/zero/query': query, '/team/zero/push': push};
// A Request → Response handler: mounted here in plain node:http.
const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request = new Request(\`http://127.0.0.1\${req.url}\`, {method: req.method, headers: req.headers as Record<string, string>, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined});
  const route = routes[new URL(request.url).pathname];
  const response = route ? await route(request) : new Response('not found', {status: 404});
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({port: (server.address() as {port: number}).port})));
process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))));
`,
    });
    const child = spawn('node', ['scripts/api.ts'], {cwd: dir, env: userEnv({TEAM_KEY: 'k-123', DATABASE_URL: fixture.databaseUrl}), stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const started = await eventually(async () => (out.includes('"port"') ? (JSON.parse(out.trim().split('\n').at(-1)!) as {port: number}) : null), 30_000);
      const query = (headers: Record<string, string>, table: string) =>
        fetch(`http://127.0.0.1:${started.port}/team/zero/query`, {
          method: 'POST',
          headers: {'content-type': 'application/json', ...headers},
          body: JSON.stringify(['transform', [{id: 'q1', name: `zam.${table}`, args: [{v: 1, table, where: [], orderBy: [], limit: null, offset: 0, includes: []}]}]]),
        });
      const team = {'x-team-key': 'k-123', 'x-team-user': fixture.user.id};
      const ok = await query(team, 'jobs');
      expect(ok.status, out).toBe(200);
      expect(JSON.stringify(await ok.json())).toContain('"table":"jobs"');
      // The team's hook refuses a request without its key: 401, nothing read.
      expect((await query({}, 'jobs')).status, out).toBe(401);
      // No read policy for clients: default deny, the query is narrowed to an empty OR (no row), never the whole table.
      const denied = JSON.stringify(await (await query(team, 'clients')).json());
      expect(denied).toContain('"ast":{"table":"clients","where":{"type":"or","conditions":[]}}');

      // The push handler: a job created through the team's route commits with the log the SERVER derives
      // (acting user from the team's hook), and a write its policies do not allow is refused, nothing written.
      const push = (headers: Record<string, string>, ops: unknown[]) => {
        const now = Date.now();
        const batch = {v: 2, id: crypto.randomUUID(), ops, createdAt: now};
        return fetch(`http://127.0.0.1:${started.port}/team/zero/push?schema=zero_0&appID=zero`, {
          method: 'POST',
          headers: {'content-type': 'application/json', ...headers},
          body: JSON.stringify({clientGroupID: `cg-team-${batch.id}`, mutations: [{type: 'custom', id: 1, clientID: `c-team-${batch.id}`, name: 'zam.batch', timestamp: now, args: [batch]}], pushVersion: 1, timestamp: now, requestID: 'r1'}),
        });
      };
      const jobId = crypto.randomUUID();
      const now = Date.now();
      const created = await push(team, [{op: 'insert', table: 'jobs', value: {id: jobId, client_id: fixture.clientId, title: 'Through the team route', created_at: now, updated_at: now}}]);
      expect(created.status, out).toBe(200);
      expect(JSON.stringify(await created.json()), out).not.toContain('error');
      expect(await sql`select j.title, l.action, l.user_id from jobs j join activity_logs l on l.loggable_id = j.id where j.id = ${jobId}`).toEqual([
        {title: 'Through the team route', action: 'created', user_id: fixture.user.id},
      ]);
      expect((await push({}, [])).status, out).toBe(401);
      const clientId = crypto.randomUUID();
      const refused = await push(team, [{op: 'insert', table: 'clients', value: {id: clientId, name: 'Not allowed', created_at: now, updated_at: now}}]);
      expect(JSON.stringify(await refused.json())).toContain('forbidden');
      expect(await sql`select id from clients where id = ${clientId}`).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  test('console connects to the stack with the user\'s token and answers model queries', async () => {
    const child = spawn(bin(), ['console', '--cache', fixture.cacheURL, '--token', fixture.user.token], {cwd: dir, env: userEnv(), stdio: ['pipe', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await eventually(async () => out.includes('zam>'), 30_000);
      expect(out).toMatch(/Models: .*Client.*Job/);
      child.stdin.write(`(await Client.find('${fixture.clientId}')).name\n`);
      await eventually(async () => out.includes("'Package Client'"), 30_000);
      child.stdin.end('.exit\n');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const bad = await cli('console', '--cache', fixture.cacheURL, '--token', 'not-a-jwt');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The token is not a JWT');
  });
});
