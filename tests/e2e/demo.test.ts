import fs from 'node:fs';
import type {Browser, Page} from 'playwright-core';
import postgres from 'postgres';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {isAlive} from '../../scripts/lib/processes.ts';
import {createJob, go} from '../support/app-pages.ts';
import {launchChromium} from '../support/browser.ts';
import {runNpmStart, type RunningDemo} from '../support/npm-start.ts';

let demo: RunningDemo;
let browser: Browser;
let sql: postgres.Sql;

beforeAll(async () => {
  demo = await runNpmStart();
  browser = await launchChromium();
  sql = postgres(demo.databaseUrl, {max: 2, onnotice: () => {}});
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await demo?.stop();
});

test('npm start serves the demo; a job created in Chromium lands in PostgreSQL with its activity log', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  await page.goto(demo.appURL);
  await page.getByTestId('login-tom@example.com').click();
  await expect.poll(() => page.getByTestId('connection').textContent(), {timeout: 30_000}).toBe('connected');

  const title = `Replace valve ${Date.now()}`;
  await createJob(page, title);
  await expect.poll(() => page.getByTestId('log-sentence').allTextContents(), {timeout: 10_000}).toEqual([`Tom Technician created job ${title}`]);

  const jobWithLog = () => sql`select l.action, u.email from jobs j join activity_logs l on l.loggable_id = j.id
      join users u on u.id = l.user_id where j.title = ${title}`;
  await expect.poll(jobWithLog, {timeout: 15_000}).toEqual([{action: 'created', email: 'tom@example.com'}]);

  // A status change and a delete from the page reach PostgreSQL too (jobs are soft-deleted: discarded).
  await page.getByTestId('status-scheduled').click();
  await expect.poll(() => page.getByTestId('job-status').textContent()).toBe('Scheduled');
  await expect
    .poll(async () => (await sql`select status from jobs where title = ${title}`)[0]?.status, {
      timeout: 15_000,
      message: `page errors: ${pageErrors.join(' | ')}`,
    })
    .toBe('scheduled');
  await page.getByTestId('delete-job').click();
  await expect.poll(async () => (await sql`select discarded_at is not null as gone from jobs where title = ${title}`)[0]?.gone, {timeout: 15_000}).toBe(true);
  const actions = await sql`select l.action from activity_logs l join jobs j on j.id = l.loggable_id where j.title = ${title} order by l.created_at`;
  expect(actions.map((a) => a.action)).toEqual(['created', 'status_changed', 'discarded']);
  await page.close();
});

/** Everything the page keeps in IndexedDB (Zero's replica of synced rows, the outbox), as text. */
async function indexedDbText(page: Page): Promise<string> {
  return await page.evaluate(async () => {
    const out: string[] = [];
    for (const {name} of await indexedDB.databases()) {
      if (name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error ?? new Error('read failed'));
        });
        out.push(JSON.stringify(all, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
      }
      db.close();
    }
    return out.join('\n');
  });
}

async function loginAs(email: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(demo.appURL);
  await page.getByTestId(`login-${email}`).click();
  await expect.poll(() => page.getByTestId('connection').textContent(), {timeout: 30_000}).toBe('connected');
  return page;
}

test('under the shipped policies a technician sees names, not emails or deactivated accounts, and cannot change the team; an admin can', async () => {
  const tom = await loginAs('tom@example.com');
  await go(tom, '#/team');
  const names = () => tom.getByTestId('member-name').allTextContents();
  await expect.poll(names, {timeout: 20_000}).toEqual(['Ada Admin', 'Dana Dispatcher', 'Lee Electrician', 'Sam Fitter', 'Tom Technician']);
  // The timeline names who did what (the seed ran as Dana and the technicians).
  await go(tom, '#/timeline');
  // The list is virtualised (only what is on screen is in the DOM): filter to Dana's entries.
  await expect.poll(() => tom.locator('[data-testid=filter-user] option').allTextContents(), {timeout: 20_000}).toContain('Dana Dispatcher');
  await tom.getByTestId('filter-user').selectOption({label: 'Dana Dispatcher'});
  await expect.poll(() => tom.getByTestId('log').allTextContents(), {timeout: 20_000}).toContainEqual(expect.stringContaining('Dana Dispatcher'));
  expect(await tom.getByTestId('member-role-select').count()).toBe(0);
  // Nothing on the device holds another user's email: it is never synced.
  // (Zero persists what it synced after ~1 s idle.)
  await expect.poll(() => indexedDbText(tom), {timeout: 20_000}).toContain('Dana Dispatcher');
  const stored = await indexedDbText(tom);
  for (const email of ['dana@example.com', 'ada@example.com', 'fred@example.com']) expect(stored).not.toContain(email);

  // Tom's own token, pushed by hand through the app's /api: the server refuses it, whatever the page shows.
  const session = JSON.parse((await tom.evaluate(() => localStorage.getItem('zam-demo-session')))!) as {token: string; userID: string};
  const usersBefore = await sql`select id, role, active from users order by id`;
  const res = await fetch(new URL('api/push?schema=zero_0&appID=zero', demo.appURL), {
    method: 'POST',
    headers: {'content-type': 'application/json', authorization: `Bearer ${session.token}`},
    body: JSON.stringify({
      clientGroupID: `cg-e2e-${Date.now()}`,
      mutations: [{type: 'custom', id: 1, clientID: `c-e2e-${Date.now()}`, name: 'zam.batch', timestamp: Date.now(), args: [
        {v: 1, id: crypto.randomUUID(), createdAt: Date.now(), ops: [{op: 'update', table: 'users', value: {id: session.userID, role: 'admin'}}]},
      ]}],
      pushVersion: 1,
      timestamp: Date.now(),
      requestID: 'e2e',
    }),
  });
  expect(((await res.json()) as {mutations: {result: unknown}[]}).mutations[0]!.result).toMatchObject({error: 'app', details: {code: 'read_only_column'}});
  expect(await sql`select id, role, active from users order by id`).toEqual(usersBefore);
  await tom.close();

  const ada = await loginAs('ada@example.com');
  await go(ada, '#/team');
  await expect.poll(() => ada.getByTestId('member-name').allTextContents(), {timeout: 20_000}).toContain('Fred Former');
  const tomRow = ada.locator('[data-testid=member]', {hasText: 'Tom Technician'});
  await tomRow.getByTestId('member-role-select').selectOption('dispatcher');
  await expect.poll(async () => (await sql`select role from users where email = 'tom@example.com'`)[0]?.role, {timeout: 15_000}).toBe('dispatcher');
  await tomRow.getByTestId('member-role-select').selectOption('technician');
  await expect.poll(async () => (await sql`select role from users where email = 'tom@example.com'`)[0]?.role, {timeout: 15_000}).toBe('technician');
  expect(await ada.getByTestId('problem').count()).toBe(0);
  await ada.close();
});

test('every server npm start runs listens on 127.0.0.1 only', async () => {
  const pids = new Set(demo.pids().filter(isAlive));
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      const link = safeReadlink(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(link ?? '');
      if (m) inodes.add(m[1]!);
    }
  }
  const listening: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A' || !inodes.has(cols[9] ?? '')) continue; // 0A = LISTEN
      listening.push(cols[1]!);
    }
  }
  expect(listening.length).toBeGreaterThanOrEqual(4); // app, API, zero-cache ×2, PostgreSQL
  for (const address of listening) {
    const host = address.split(':')[0]!;
    // 0100007F = 127.0.0.1 (IPv4, little-endian); IPv6 loopback-mapped forms accepted.
    expect(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']).toContain(host);
  }
});

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
function safeReadlink(p: string): string | null {
  try {
    return fs.readlinkSync(p);
  } catch {
    return null;
  }
}
