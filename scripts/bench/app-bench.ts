// The field-service app in Chromium (issue "The field-service app…"):
// - offline cold start with 2,000 jobs / 20,000 logs on the device: time to the
//   first rendered job list, p50 of 5 reloads, against the app shell alone (the
//   status bar) in the same reloads;
// - a write in one browser context to its sentence in the other's timeline,
//   p50 over 50 writes, against the writer's own (optimistic) timeline.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type {Page} from 'playwright-core';
import {startDemo} from '../lib/demo-server.ts';
import {launchChromium} from '../../tests/support/browser.ts';
import {percentile, type BenchRow} from './stats.ts';

const JOBS = 2000;
const LOGS = 20_000;

async function waitFor(page: Page, fn: string, timeout = 300_000): Promise<void> {
  await page.waitForFunction(fn, null, {timeout, polling: 50});
}

export async function benchApp(): Promise<readonly BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-app-bench-'));
  const demo = await startDemo({dataDir, app: 'built', seedSize: 40});
  const sql = postgres(demo.stack.databaseUrl, {max: 2, onnotice: () => {}});
  const browser = await launchChromium();
  try {
    // Bulk history straight into PostgreSQL (what years of server-written logs look like).
    const [tom] = await sql`select id from users where email = 'tom@example.com'`;
    const [dana] = await sql`select id from users where email = 'dana@example.com'`;
    const [{n: have}] = (await sql`select count(*)::int as n from jobs`) as unknown as [{n: number}];
    await sql`insert into jobs (client_id, assigned_to_id, title, status, priority, scheduled_on, created_at, updated_at)
      select (select id from clients order by name offset (g % 5) limit 1), ${tom!.id as string}, 'Bench job #' || g, 'open', g % 6, current_date + (g % 14), now(), now()
      from generate_series(1, ${JOBS - have}) g`;
    await sql`insert into tasks (job_id, title, position, created_at, updated_at)
      select j.id, 'Step ' || p, p, now(), now() from jobs j, generate_series(1, 2) p where j.title like 'Bench job #%'`;
    const [{n: logs}] = (await sql`select count(*)::int as n from activity_logs`) as unknown as [{n: number}];
    await sql`insert into activity_logs (user_id, action, loggable_type, loggable_id, metadata, client_id, job_id, created_at, updated_at)
      select ${dana!.id as string}, 'updated', 'Job', j.id, ${sql.json({changes: {priority: [1, 2]}})}, j.client_id, j.id, now() - make_interval(mins => g), now()
      from (select id, client_id, row_number() over (order by id) as r from jobs) j join generate_series(1, ${LOGS - logs}) g on g % ${JOBS} = j.r - 1`;

    const context = await browser.newContext({viewport: {width: 390, height: 844}});
    const page = await context.newPage();
    await page.goto(demo.appURL);
    await page.getByTestId('login-tom@example.com').click();
    await waitFor(page, `Number(/ready offline: (\\d+)/.exec(document.querySelector('[data-testid=ready-offline]')?.textContent ?? '')?.[1] ?? 0) >= ${JOBS - 10}`);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.waitForTimeout(5000); // Zero persists after it has been idle a moment
    await context.setOffline(true);
    const shell: number[] = [];
    const list: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.reload({waitUntil: 'commit'});
      await page.getByTestId('status-bar').waitFor({timeout: 60_000});
      shell.push(Date.now() - t0);
      await page.getByTestId('job').first().waitFor({timeout: 60_000});
      list.push(Date.now() - t0);
    }
    await context.setOffline(false);
    console.log(`cold start offline: shell ${shell.join(', ')} ms; first job list ${list.join(', ')} ms`);

    // Write → the other context's timeline.
    const [job] = await sql`select id from jobs where title = 'Bench job #1'`;
    const danaContext = await browser.newContext({viewport: {width: 390, height: 844}});
    const danaPage = await danaContext.newPage();
    await danaPage.goto(demo.appURL);
    await danaPage.getByTestId('login-dana@example.com').click();
    for (const p of [page, danaPage]) {
      await p.evaluate((h) => (location.hash = h), `#/jobs/${String(job!.id)}`);
      await p.getByTestId('job-detail').waitFor({timeout: 60_000});
    }
    await waitFor(danaPage, `document.querySelector('[data-testid=connection]')?.textContent === 'connected'`);
    await waitFor(page, `document.querySelector('[data-testid=connection]')?.textContent === 'connected'`);
    const count = `Number(/^(\\d+)/.exec(document.querySelector('[data-testid=timeline-count]')?.textContent ?? '')?.[1] ?? 0)`;
    const own: number[] = [];
    const other: number[] = [];
    for (let i = 0; i < 50; i++) {
      const before = (await page.evaluate(count)) as number;
      const danaBefore = (await danaPage.evaluate(count)) as number;
      const button = danaPage.locator('button[data-testid^=status-]').filter({hasNotText: 'Cancel'}).first();
      const t0 = Date.now();
      await button.click();
      await waitFor(danaPage, `${count} > ${danaBefore}`, 30_000);
      own.push(Date.now() - t0);
      await waitFor(page, `${count} > ${before}`, 30_000);
      other.push(Date.now() - t0);
    }
    const p50 = (xs: number[]) => percentile(xs, 50);
    return [
      {name: `offline cold start, ${JOBS} jobs / ${LOGS} logs: first job list (p50 of 5 reloads; target < 1 s)`, value: `${p50(list)} ms = ${(p50(list) / p50(shell)).toFixed(2)}× the app shell alone (${p50(shell)} ms)`},
      {name: "write → other context's timeline (p50 of 50)", value: `${p50(other)} ms = ${(p50(other) / p50(own)).toFixed(2)}× the writer's own timeline (${p50(own)} ms)`},
    ];
  } finally {
    await browser.close();
    await sql.end();
    await demo.stop();
    fs.rmSync(dataDir, {recursive: true, force: true});
  }
}
