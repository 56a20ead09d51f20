// Feedback on every write: toasts, delete with Undo, a rejection's way to the
// drawer and its edit & retry (issue "The field-service app…").
import type {Page} from 'playwright-core';
import {expect, test} from 'vitest';
import {PHONE, createJob, go, openApp, screenshot, waitConnected} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({});

/** Every toast title the page has shown, in order (a toast's title is replaced in place as the write progresses). */
async function recordToasts(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as {__toasts: string[]}).__toasts = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-sonner-toast] [data-title]')) {
        const text = el.textContent ?? '';
        if (seen.at(-1) !== text && !seen.includes(text)) seen.push(text);
      }
    }).observe(document, {subtree: true, childList: true, characterData: true});
  });
  return async () => page.evaluate(() => [...(window as unknown as {__toasts: string[]}).__toasts]);
}

async function loggedIn(email: string): Promise<{page: Page; toasts: () => Promise<string[]>; close: () => Promise<void>}> {
  const context = await app.browser.newContext(PHONE);
  const page = await context.newPage();
  const toasts = await recordToasts(page);
  await openApp(page, app.demo.appURL, email);
  await waitConnected(page);
  return {page, toasts, close: () => context.close()};
}

test('a write shows "Saved on this device", then "Synced"', async () => {
  const tom = await loggedIn('tom@example.com');
  try {
    const title = `Toast job ${Date.now()}`;
    await createJob(tom.page, title);
    await expect.poll(async () => (await tom.toasts()).filter((t) => t === 'Saved on this device' || t === 'Synced'), {timeout: 30_000}).toEqual(['Saved on this device', 'Synced']);
    expect(await app.sql`select 1 from jobs where title = ${title}`).toHaveLength(1);
  } finally {
    await tom.close();
  }
});

test('delete with Undo: undone within 5 s the job is back and PostgreSQL has only a discarded/undiscarded pair; not undone it is discarded and logged', async () => {
  const tom = await loggedIn('tom@example.com');
  try {
    const kept = await createJob(tom.page, `Undo me ${Date.now()}`);
    await expect.poll(async () => (await app.sql`select 1 from jobs where id = ${kept}`).length, {timeout: 30_000}).toBe(1);
    await tom.page.getByTestId('delete-job').click();
    await tom.page.getByRole('button', {name: 'Undo'}).click();
    await go(tom.page, `#/jobs/${kept}`);
    await tom.page.getByTestId('job-detail').waitFor({timeout: 20_000});
    await expect.poll(async () => (await app.sql`select action from activity_logs where loggable_id = ${kept} order by created_at`).map((l) => l.action as string), {timeout: 30_000}).toEqual(['created', 'discarded', 'undiscarded']);
    const [row] = await app.sql`select discarded_at from jobs where id = ${kept}`;
    expect(row).toEqual({discarded_at: null});
    await go(tom.page, '#/jobs');
    await tom.page.getByTestId('tab-all').click();
    await tom.page.getByTestId('job-search').fill('Undo me');
    await expect.poll(() => tom.page.getByTestId('job').count(), {timeout: 20_000}).toBe(1);

    const gone = await createJob(tom.page, `Delete me ${Date.now()}`);
    await tom.page.getByTestId('delete-job').click();
    await expect.poll(async () => (await app.sql`select discarded_at is not null as discarded from jobs where id = ${gone}`)[0]?.discarded, {timeout: 30_000}).toBe(true);
    expect((await app.sql`select action from activity_logs where loggable_id = ${gone} order by created_at`).map((l) => l.action as string)).toEqual(['created', 'discarded']);
  } finally {
    await tom.close();
  }
});

test('a write the server rejects: an error toast, its way to the rejected drawer, and edit & retry makes it succeed', async () => {
  const dana = await loggedIn('dana@example.com');
  const ada = await loggedIn('ada@example.com');
  try {
    const name = `Zed Garage ${Date.now()}`;
    // Dana adds the client with no signal; Ada adds the same one online first.
    await dana.page.context().setOffline(true);
    await expect.poll(() => dana.page.getByTestId('sync-label').textContent(), {timeout: 30_000}).toBe('offline');
    for (const [who, page] of [['dana', dana.page], ['ada', ada.page]] as const) {
      await go(page, '#/clients/new');
      await page.getByTestId('client-name').fill(name);
      await page.getByTestId('save-client').click();
      await page.getByTestId('client-heading').waitFor({timeout: 30_000});
      if (who === 'ada') await expect.poll(async () => (await app.sql`select 1 from clients where name = ${name}`).length, {timeout: 30_000}).toBe(1);
    }
    await dana.page.context().setOffline(false);

    await expect.poll(async () => (await dana.toasts()).some((t) => t.startsWith('Rejected: Name has already been taken')), {timeout: 60_000}).toBe(true);
    await dana.page.locator('[data-sonner-toast]', {hasText: 'Rejected'}).getByRole('button', {name: 'Show'}).click();
    const drawer = dana.page.getByTestId('rejected-drawer');
    await drawer.getByTestId('dead-letter').waitFor({timeout: 20_000});
    expect(await drawer.getByTestId('dead-letter-error').textContent()).toContain('has already been taken');
    await screenshot(dana.page, 'rejected-drawer');
    await drawer.getByTestId('dead-letter-edit').click();
    await drawer.getByTestId('edit-field-name').fill(`${name} (north)`);
    await drawer.getByTestId('edit-retry').click();
    await expect
      .poll(async () => (await app.sql`select name from clients where name like ${name + '%'} order by name`).map((c) => c.name as string), {
        timeout: 30_000,
        message: await drawer.innerText().catch(() => ''),
      })
      .toEqual([name, `${name} (north)`]);
    await expect.poll(() => drawer.getByTestId('dead-letter').count(), {timeout: 20_000}).toBe(0);
  } finally {
    await dana.close();
    await ada.close();
  }
});
