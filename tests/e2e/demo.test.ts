import fs from 'node:fs';
import type {Browser} from 'playwright-core';
import postgres from 'postgres';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {isAlive} from '../../scripts/lib/processes.ts';
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
  await expect.poll(() => page.locator('[data-testid=job-client] option').count(), {timeout: 30_000}).toBeGreaterThan(0);

  const title = `Replace valve ${Date.now()}`;
  await page.getByTestId('job-title').fill(title);
  await page.getByTestId('create-job').click();

  const job = page.locator('[data-testid=job]', {hasText: title});
  await job.waitFor({timeout: 10_000});
  await expect.poll(() => job.getByTestId('log').allTextContents()).toEqual([expect.stringContaining('Job created')]);

  const jobWithLog = () => sql`select l.action, u.email from jobs j join activity_logs l on l.loggable_id = j.id
      join users u on u.id = l.user_id where j.title = ${title}`;
  await expect.poll(jobWithLog, {timeout: 15_000}).toEqual([{action: 'created', email: 'tom@example.com'}]);

  // Update and delete from the page reach PostgreSQL too.
  await job.getByTestId('advance').click();
  await expect.poll(() => job.locator('.status').textContent()).toBe('scheduled');
  await expect
    .poll(async () => (await sql`select status from jobs where title = ${title}`)[0]?.status, {
      timeout: 15_000,
      message: `page errors: ${pageErrors.join(' | ')}`,
    })
    .toBe('scheduled');
  await job.getByTestId('delete').click();
  await expect.poll(async () => (await sql`select 1 from jobs where title = ${title}`).length, {timeout: 15_000}).toBe(0);
  const actions = await sql`select action from activity_logs l where l.metadata->'snapshot'->>'title' = ${title} or l.loggable_id in
    (select loggable_id from activity_logs where metadata->'changes'->'title'->>1 = ${title}) order by created_at`;
  expect(actions.map((a) => a.action)).toEqual(['created', 'status_changed', 'deleted']);
  await page.close();
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
