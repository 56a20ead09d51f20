// Every screen on a phone (390×844): no horizontal scroll, no serious or
// critical axe violations (every control named), and a screenshot for review
// in .tmp/screenshots/ (issue "The field-service app…").
import AxeBuilder from '@axe-core/playwright';
import type {Page} from 'playwright-core';
import {expect, test} from 'vitest';
import {PHONE, go, screenshot, waitConnected} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({seedSize: 40});

async function audit(page: Page, name: string): Promise<void> {
  await screenshot(page, `screen-${name}`);
  const width = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth}));
  expect(width.scroll, `${name}: horizontal scroll`).toBeLessThanOrEqual(width.client);
  // A toast that is still fading in (e.g. "Ready to work offline", shown when the service worker
  // finishes precaching, at a moment of its own) has its text at partial opacity: axe measures that
  // as low contrast. Audit what the user reads once transitions have finished (spinners that never
  // end do not count).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity), undefined, {timeout: 5_000});
  const results = await new AxeBuilder({page}).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious, `${name}: axe violations`).toEqual([]);
}

test('every screen at 390×844: no horizontal scroll, no serious axe violations, a screenshot each', async () => {
  const context = await app.browser.newContext(PHONE);
  const page = await context.newPage();
  try {
    await page.goto(app.demo.appURL);
    await page.getByTestId('login-tom@example.com').waitFor({timeout: 30_000});
    await audit(page, 'login');
    await page.getByTestId('login-tom@example.com').click();
    await waitConnected(page);

    const [job] = await app.sql`select j.id from jobs j where exists (select 1 from tasks t where t.job_id = j.id) and exists (select 1 from notes n where n.job_id = j.id) limit 1`;
    const [client] = await app.sql`select id from clients order by name limit 1`;
    const screens: [string, string, string][] = [
      ['jobs', '#/jobs', 'job'],
      ['job', `#/jobs/${String(job!.id)}`, 'task'],
      ['job-edit', `#/jobs/${String(job!.id)}/edit`, 'job-form'],
      ['job-new', '#/jobs/new', 'job-form'],
      ['clients', '#/clients', 'client'],
      ['client', `#/clients/${String(client!.id)}`, 'client-heading'],
      ['client-new', '#/clients/new', 'client-form'],
      ['timeline', '#/timeline', 'log'],
      ['dashboard', '#/dashboard', 'chart-days'],
      ['team', '#/team', 'member'],
    ];
    for (const [name, hash, testId] of screens) {
      await go(page, hash);
      await page.getByTestId(testId).first().waitFor({timeout: 30_000});
      await page.waitForTimeout(300);
      await audit(page, name);
    }
    // The form's inline validation and the sync drawer.
    await go(page, '#/jobs/new');
    await page.getByTestId('job-form').waitFor();
    await page.getByTestId('create-job').click();
    await page.getByTestId('error-title').waitFor();
    await audit(page, 'job-new-invalid');
    await page.getByTestId('open-rejected').click();
    await page.getByTestId('rejected-drawer').waitFor();
    await audit(page, 'sync-drawer');
  } finally {
    await context.close();
  }
});
