// The built app with no network at all (issue "The field-service app…", I8):
// the service worker serves the app shell, IndexedDB the data, the outbox the writes.
import {expect, test} from 'vitest';
import {PHONE, collectErrors, createJob, go, openApp, screenshot, taskTitles, waitConnected, waitPersisted, waitReadyOffline, waitServiceWorker} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({seedSize: 40});

test('opened with no network: the service worker serves the app, local data shows, writes survive a reload and reach PostgreSQL with their logs in order', async () => {
  const context = await app.browser.newContext(PHONE);
  try {
    const first = await context.newPage();
    await openApp(first, app.demo.appURL, 'tom@example.com');
    await waitConnected(first);
    await waitServiceWorker(first);
    const ready = await waitReadyOffline(first, 5);
    const [newest] = await app.sql`select title from jobs order by created_at desc limit 1`;
    await waitPersisted(first, String(newest!.title));
    await first.close();

    await context.setOffline(true);
    const page = await context.newPage();
    const errors = collectErrors(page);
    // A NEW page with no network: only the service worker can answer.
    await openApp(page, app.demo.appURL);
    await expect.poll(() => page.getByTestId('sync-label').textContent(), {timeout: 30_000}).toBe('offline');
    await go(page, '#/jobs');
    await page.getByTestId('tab-all').click();
    await page.getByTestId('filter-status').selectOption('');
    await expect.poll(() => page.getByTestId('job').count(), {timeout: 30_000, message: errors.join(' | ')}).toBeGreaterThanOrEqual(Math.min(ready, 60));
    await screenshot(page, 'offline-jobs');

    const title = `Basement boiler ${Date.now()}`;
    const id = await createJob(page, title, ['Read the meter', 'Replace the valve']);
    await expect.poll(() => taskTitles(page), {timeout: 20_000}).toEqual(['Read the meter', 'Replace the valve']);
    await page.getByTestId('task-done').first().check();
    await expect.poll(() => page.getByTestId('task-done').first().isChecked(), {timeout: 20_000}).toBe(true);
    await page.getByTestId('task-down').first().click();
    await expect.poll(() => taskTitles(page), {timeout: 20_000}).toEqual(['Replace the valve', 'Read the meter']);
    await expect.poll(() => page.locator('[data-testid=task] [data-testid=task-done]:checked').count(), {timeout: 20_000}).toBe(1);

    await page.reload();
    await page.getByTestId('job-detail').waitFor({timeout: 30_000});
    expect(await page.getByTestId('job-heading').textContent()).toBe(title);
    await expect.poll(() => taskTitles(page), {timeout: 15_000}).toEqual(['Replace the valve', 'Read the meter']);
    // The ticked one is "Read the meter", now second.
    expect(await page.getByTestId('task-done').nth(1).isChecked()).toBe(true);
    expect(await page.getByTestId('task-done').nth(0).isChecked()).toBe(false);
    await screenshot(page, 'offline-job-after-reload');
    expect(await app.sql`select 1 from jobs where id = ${id}`).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(async () => (await app.sql`select 1 from activity_logs where job_id = ${id} and action = 'reordered'`).length, {timeout: 60_000}).toBe(1);
    const tasks = await app.sql`select title, position, completed from tasks where job_id = ${id} order by position`;
    expect(tasks.map((t) => [t.title, t.completed])).toEqual([
      ['Replace the valve', false],
      ['Read the meter', true],
    ]);
    // Every write a batch, applied in the order made (transaction ids rise), each with its server-written log.
    const batches = await app.sql`select tx, string_agg(loggable_type || ' ' || action, ', ' order by loggable_type, action) as logs
      from (select xmin::text::bigint as tx, loggable_type, action from activity_logs where job_id = ${id}) l group by tx order by tx`;
    expect(batches.map((b) => b.logs)).toEqual(['Job created, Task created, Task created', 'Task updated', 'Job reordered']);
  } finally {
    await context.close();
  }
});

test('ready for the road: "ready offline: N jobs" counts what is in IndexedDB; offline, a job whose page was never opened shows its details and tasks', async () => {
  const context = await app.browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await openApp(page, app.demo.appURL, 'tom@example.com');
    await waitConnected(page);
    await waitServiceWorker(page);
    // Every kept job is preloaded. The indicator reaches them all only once Zero has written them to
    // IndexedDB (not when they are in its memory): no other wait for the device is needed before
    // closing the page and cutting the network.
    const [{n: kept}] = (await app.sql`select count(*)::int as n from jobs where discarded_at is null`) as unknown as [{n: number}];
    expect(await waitReadyOffline(page, kept)).toBe(kept);
    // One of Tom's jobs with tasks, never opened in this browser.
    const [job] = await app.sql`select j.id, j.title from jobs j join users u on u.id = j.assigned_to_id
      where u.email = 'tom@example.com' and j.discarded_at is null and exists (select 1 from tasks t where t.job_id = j.id) order by j.created_at desc limit 1`;
    const tasks = (await app.sql`select title from tasks where job_id = ${job!.id as string} order by position`).map((t) => t.title as string);
    expect(tasks.length).toBeGreaterThan(0);
    await page.close();

    await context.setOffline(true);
    const road = await context.newPage();
    await road.goto(`${app.demo.appURL}#/jobs/${String(job!.id)}`);
    await road.getByTestId('job-detail').waitFor({timeout: 30_000});
    expect(await road.getByTestId('job-heading').textContent()).toBe(job!.title);
    await expect.poll(() => taskTitles(road), {timeout: 20_000}).toEqual(tasks);
    expect(await road.getByTestId('sync-label').textContent()).toBe('offline');
    // Started with no network, the indicator counts what the device read from its store: the same jobs.
    expect(await waitReadyOffline(road, kept)).toBe(kept);
    await screenshot(road, 'offline-never-opened-job');
  } finally {
    await context.close();
  }
});
