// A token that stops being valid while the technician works (expired or
// revoked): the app signs in again on reconnect and no write is lost.
import {expect, test} from 'vitest';
import {PHONE, createJob, openApp, waitConnected, waitReadyOffline} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({});

test('a token revoked while offline is renewed on reconnect; the write made meanwhile reaches PostgreSQL', async () => {
  const context = await app.browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await openApp(page, app.demo.appURL, 'tom@example.com');
    await waitConnected(page);
    await waitReadyOffline(page, 1);
    const tokenBefore = await page.evaluate(() => (JSON.parse(localStorage.getItem('zam-demo-session')!) as {token: string}).token);
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('sync-label').textContent(), {timeout: 30_000}).toBe('offline');
    const title = `Written with a stale token ${Date.now()}`;
    await createJob(page, title);
    // Tom's tokens stop being valid (what an expiry or a revocation does).
    await app.sql`update users set token_version = token_version + 1 where email = 'tom@example.com'`;
    await context.setOffline(false);
    await expect.poll(async () => (await app.sql`select 1 from jobs where title = ${title}`).length, {timeout: 60_000}).toBe(1);
    const tokenAfter = await page.evaluate(() => (JSON.parse(localStorage.getItem('zam-demo-session')!) as {token: string}).token);
    expect(tokenAfter).not.toBe(tokenBefore);
    await waitConnected(page);
  } finally {
    await context.close();
  }
});
