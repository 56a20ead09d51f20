// The activity timeline: live across users, exact filters, and virtualised
// for 10,000 entries (issue "The field-service app…").
import type {Page} from 'playwright-core';
import {expect, test} from 'vitest';
import {PHONE, go, openApp, screenshot, waitConnected} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({seedSize: 40});

async function loggedIn(email: string): Promise<{page: Page; close: () => Promise<void>}> {
  const context = await app.browser.newContext({...PHONE, timezoneId: 'UTC'});
  const page = await context.newPage();
  await openApp(page, app.demo.appURL, email);
  await waitConnected(page);
  return {page, close: () => context.close()};
}

const timelineCount = async (page: Page) => Number(/^(\d+)/.exec((await page.getByTestId('timeline-count').textContent()) ?? '')?.[1] ?? -1);

test("Dana's status change appears on Tom's job page and in his timeline, as a sentence", async () => {
  const [job] = await app.sql`select id, title from jobs where status = 'open' and discarded_at is null order by created_at limit 1`;
  const id = String(job!.id);
  const tom = await loggedIn('tom@example.com');
  const dana = await loggedIn('dana@example.com');
  try {
    for (const page of [tom.page, dana.page]) {
      await go(page, `#/jobs/${id}`);
      await page.getByTestId('job-detail').waitFor({timeout: 30_000});
    }
    await dana.page.getByTestId('status-scheduled').click();
    const clicked = Date.now();
    const sentence = `Dana Dispatcher changed ${String(job!.title)} from Open to Scheduled`;
    await expect.poll(() => tom.page.getByTestId('job-status').textContent(), {timeout: 30_000}).toBe('Scheduled');
    await expect.poll(() => tom.page.getByTestId('log-sentence').allTextContents(), {timeout: 30_000}).toContain(sentence);
    console.log(`[timeline] Dana's change on Tom's page after ${Date.now() - clicked} ms (target < 2000 ms)`);
    await screenshot(tom.page, 'job-detail-live');
  } finally {
    await tom.close();
    await dana.close();
  }
});

test("the dashboard is live: Dana's write changes the counts on Tom's open dashboard, without a reload", async () => {
  const [job] = await app.sql`select id from jobs where status = 'open' and discarded_at is null order by created_at desc limit 1`;
  const tom = await loggedIn('tom@example.com');
  const dana = await loggedIn('dana@example.com');
  try {
    await go(dana.page, `#/jobs/${String(job!.id)}`);
    await dana.page.getByTestId('job-detail').waitFor({timeout: 30_000});
    await go(tom.page, '#/dashboard');
    await tom.page.getByTestId('chart-days').waitFor({timeout: 30_000});
    // The last 7 days in the browser's (UTC) days, as PostgreSQL counts them; compared at each poll.
    const inWeek = async (email?: string) =>
      (
        await app.sql`select count(*)::int as n from activity_logs l join users u on u.id = l.user_id
          where l.created_at >= (now() at time zone 'UTC')::date - 6 and (${email ?? null}::text is null or u.email = ${email ?? null})`
      )[0]!.n as number;
    const total = async () => Number(/^(\d+) changes/.exec((await tom.page.getByTestId('dashboard-total').textContent()) ?? '')?.[1] ?? -1);
    /** A bar's count, from its tooltip ("Dana Dispatcher: 12"). */
    const bar = async (chart: string, label: string) => {
      const titles = await tom.page.getByTestId(chart).locator('title').allTextContents();
      return Number(titles.find((t) => t.startsWith(`${label}: `))?.slice(label.length + 2) ?? 0);
    };
    await expect.poll(async () => (await total()) - (await inWeek()), {timeout: 30_000}).toBe(0);
    const before = {total: await total(), dana: await bar('chart-per-user', 'Dana Dispatcher'), changed: await bar('chart-per-action', 'status changed')};
    expect(before.dana).toBe(await inWeek('dana@example.com'));
    const reloads: string[] = [];
    tom.page.on('framenavigated', (frame) => reloads.push(frame.url()));

    await dana.page.getByTestId('status-scheduled').click();
    await expect.poll(async () => (await app.sql`select 1 from activity_logs where job_id = ${job!.id as string} and action = 'status_changed'`).length, {timeout: 30_000}).toBeGreaterThan(0);
    await expect.poll(() => total(), {timeout: 30_000}).toBe(before.total + 1);
    expect(await total()).toBe(await inWeek());
    expect(await bar('chart-per-user', 'Dana Dispatcher')).toBe(before.dana + 1);
    expect(await bar('chart-per-action', 'status changed')).toBe(before.changed + 1);
    expect(reloads).toEqual([]);
    await screenshot(tom.page, 'dashboard-live');
  } finally {
    await tom.close();
    await dana.close();
  }
});

test('timeline filters (action, user, record type, date range) return exactly the matching entries', async () => {
  const tom = await loggedIn('tom@example.com');
  try {
    await go(tom.page, '#/timeline');
    const [all] = await app.sql`select count(*)::int as n from activity_logs`;
    await expect.poll(() => timelineCount(tom.page), {timeout: 30_000}).toBe(all!.n);

    await tom.page.getByTestId('filter-action').selectOption('status_changed');
    const [changes] = await app.sql`select count(*)::int as n from activity_logs where action = 'status_changed'`;
    await expect.poll(() => timelineCount(tom.page), {timeout: 10_000}).toBe(changes!.n);
    expect(new Set(await tom.page.locator('[data-testid=log]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))).toEqual(new Set(['status_changed']));

    const [sam] = await app.sql`select id from users where email = 'sam@example.com'`;
    await tom.page.getByTestId('filter-user').selectOption(String(sam!.id));
    const [samChanges] = await app.sql`select count(*)::int as n from activity_logs where action = 'status_changed' and user_id = ${sam!.id as string}`;
    await expect.poll(() => timelineCount(tom.page), {timeout: 10_000}).toBe(samChanges!.n);

    await tom.page.getByTestId('filter-action').selectOption('');
    await tom.page.getByTestId('filter-type').selectOption('Task');
    const [samTasks] = await app.sql`select count(*)::int as n from activity_logs where loggable_type = 'Task' and user_id = ${sam!.id as string}`;
    await expect.poll(() => timelineCount(tom.page), {timeout: 10_000}).toBe(samTasks!.n);

    // A date range: the seed spread its history over 30 days (UTC days; the browser runs in UTC).
    await tom.page.getByTestId('filter-user').selectOption('');
    await tom.page.getByTestId('filter-type').selectOption('');
    const [day] = await app.sql`select to_char(created_at, 'YYYY-MM-DD') as d from activity_logs group by 1 order by count(*) desc limit 1`;
    const from = String(day!.d);
    await tom.page.getByTestId('filter-from').fill(from);
    await tom.page.getByTestId('filter-to').fill(from);
    const [onDay] = await app.sql`select count(*)::int as n from activity_logs where created_at >= ${from}::date and created_at < ${from}::date + 1`;
    await expect.poll(() => timelineCount(tom.page), {timeout: 10_000}).toBe(onDay!.n);
    await screenshot(tom.page, 'timeline-filtered');
  } finally {
    await tom.close();
  }
});

test('10,000 timeline entries render with fewer than 200 DOM rows and scroll without long tasks over 50 ms, also to the end', async () => {
  // Server-written history, as many years of a busy team would leave (straight into PostgreSQL: the log table is the server's).
  const [job] = await app.sql`select id, client_id, title from jobs order by created_at limit 1`;
  const [dana] = await app.sql`select id from users where email = 'dana@example.com'`;
  await app.sql`insert into activity_logs (user_id, action, loggable_type, loggable_id, metadata, client_id, job_id, created_at, updated_at)
    select ${dana!.id as string}, 'updated', 'Job', ${job!.id as string}, ${app.sql.json({changes: {priority: [1, 2]}, display: String(job!.title)})},
      ${job!.client_id as string}, ${job!.id as string}, now() - make_interval(mins => g), now()
    from generate_series(1, 10000) g`;
  const [all] = await app.sql`select count(*)::int as n from activity_logs`;
  expect(all!.n).toBeGreaterThan(10_000);
  const tom = await loggedIn('tom@example.com');
  try {
    await go(tom.page, '#/timeline');
    // Everything in PostgreSQL, counted again when compared: signing in adds the server's own `signed_in` event.
    const inPostgres = async () => ((await app.sql`select count(*)::int as n from activity_logs`)[0]!.n as number);
    await expect.poll(async () => (await timelineCount(tom.page)) - (await inPostgres()), {timeout: 60_000}).toBe(0);
    const rows = () => tom.page.locator('[data-testid=log], [data-testid=timeline-day]').count();
    expect(await rows()).toBeGreaterThan(5);
    expect(await rows()).toBeLessThan(200);
    // The one-off work for 10,000 new rows (Zero's hydration, its write to IndexedDB) is over when the
    // main thread has had no long task for a second: the scroll is measured after that.
    await tom.page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          let last = performance.now();
          const observer = new PerformanceObserver(() => (last = performance.now()));
          observer.observe({type: 'longtask', buffered: true});
          const deadline = performance.now() + 60_000;
          const check = () => {
            if (performance.now() - last >= 1000) {
              observer.disconnect();
              resolve();
            } else if (performance.now() > deadline) reject(new Error('the main thread never went quiet for a second'));
            else setTimeout(check, 100);
          };
          check();
        }),
    );
    // Scrolled a frame at a time at 400 px per frame (24,000 px/s, beyond a hard fling on a phone),
    // then dragged to the very end at once, as the scrollbar would: no task on the main thread over
    // 50 ms meanwhile (Chromium's long tasks; each entry is one over 50 ms).
    const longTasks = await tom.page.locator('.vlist').evaluate(async (el) => {
      const entries: PerformanceEntry[] = [];
      const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
      observer.observe({type: 'longtask', buffered: false});
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      await frame();
      // One pass first, unmeasured: it pays for one-off work (the JIT compiling the row code, the
      // collector freeing the 10,000-row hydration's garbage) that a loaded 2-core CI machine turns
      // into long tasks; the measured pass is the scrolling a technician does all day.
      observer.disconnect();
      for (let i = 0; i < 150; i++) {
        el.scrollTop += 400;
        await frame();
      }
      el.scrollTop = 0;
      for (let i = 0; i < 10; i++) await frame();
      observer.observe({type: 'longtask', buffered: false});
      for (let i = 0; i < 150; i++) {
        el.scrollTop += 400;
        await frame();
      }
      const jumped = performance.now();
      el.scrollTop = el.scrollHeight;
      for (let i = 0; i < 10; i++) await frame();
      // Entries are delivered asynchronously: take what is queued before disconnecting.
      entries.push(...observer.takeRecords());
      observer.disconnect();
      return entries.map((e) => `${Math.round(e.duration)} ms ${e.startTime < jumped ? 'scrolling' : 'after the jump'}`);
    });
    expect(longTasks, 'long tasks (ms) while scrolling').toEqual([]);
    // Then to its end: still a window of rows, now the oldest ones.
    await tom.page.locator('.vlist').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => tom.page.locator('.vlist').evaluate((el) => Math.abs(el.scrollTop + el.clientHeight - el.scrollHeight) < 2 || (el.scrollTo(0, el.scrollHeight), false)), {timeout: 10_000}).toBe(true);
    // At the end the window holds the oldest entries (a day heading need not be among them: a day is ~1,440 rows here).
    expect(await tom.page.locator('.vlist').evaluate((el) => el.scrollTop)).toBeGreaterThan(10_000);
    await expect.poll(() => tom.page.getByTestId('log').count(), {timeout: 10_000}).toBeGreaterThan(0);
    expect(await rows()).toBeLessThan(200);
    await screenshot(tom.page, 'timeline-10000');
  } finally {
    await tom.close();
  }
});
