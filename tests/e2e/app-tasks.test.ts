// Reordering a job's tasks (issue "The field-service app…": "drag to reorder —
// one batch"): a real drag with the mouse, and the same from the keyboard; each
// move one batch in PostgreSQL (the tasks' new positions and the job's
// `reordered` log in one transaction), the order kept after a reload.
import type {Page} from 'playwright-core';
import {expect, test} from 'vitest';
import {PHONE, createJob, openApp, screenshot, taskTitles, waitConnected} from '../support/app-pages.ts';
import {useAppDemo} from '../support/app-demo.ts';

const app = useAppDemo({});

/** Task titles in PostgreSQL, by position. */
async function positions(jobId: string): Promise<string[]> {
  return (await app.sql`select title from tasks where job_id = ${jobId} order by position`).map((t) => t.title as string);
}

/** The job's `reordered` logs, each with the transaction it was written in and the tasks that transaction changed. */
async function reorders(jobId: string): Promise<{tx: string; tasks: string[]}[]> {
  const logs = await app.sql`select xmin::text as tx from activity_logs where job_id = ${jobId} and action = 'reordered' order by created_at`;
  const out: {tx: string; tasks: string[]}[] = [];
  for (const log of logs) {
    const tasks = await app.sql`select title from tasks where job_id = ${jobId} and xmin::text = ${log.tx as string} order by title`;
    out.push({tx: log.tx as string, tasks: tasks.map((t) => t.title as string)});
  }
  return out;
}

const task = (page: Page, title: string) => page.getByTestId('task').filter({has: page.getByTestId('task-title').getByText(title, {exact: true})});

test('tasks reorder by dragging and by keyboard: each move one batch, the order in PostgreSQL and after a reload', async () => {
  const context = await app.browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await openApp(page, app.demo.appURL, 'tom@example.com');
    await waitConnected(page);
    const id = await createJob(page, `Reorder ${Date.now()}`, ['Isolate', 'Drain', 'Refill']);
    await expect.poll(() => positions(id), {timeout: 30_000}).toEqual(['Isolate', 'Drain', 'Refill']);

    // A real drag: the mouse takes "Refill" by its row and lets go over "Isolate" (HTML drag and drop in Chromium).
    await task(page, 'Refill').dragTo(task(page, 'Isolate'));
    await expect.poll(() => taskTitles(page), {timeout: 20_000}).toEqual(['Refill', 'Isolate', 'Drain']);
    await expect.poll(() => positions(id), {timeout: 30_000}).toEqual(['Refill', 'Isolate', 'Drain']);
    // One batch: all three moved rows and the one `reordered` log share a transaction.
    expect(await reorders(id)).toEqual([{tx: expect.any(String), tasks: ['Drain', 'Isolate', 'Refill']}]);
    await screenshot(page, 'tasks-dragged');

    // The keyboard: focus "Move … down" and press Enter; focus follows the moved task, so Enter again moves it on
    // (at the bottom, where "down" is disabled, focus is on its "up").
    await page.getByRole('button', {name: 'Move “Refill” down'}).focus();
    for (const [order, swapped, focused] of [
      [['Isolate', 'Refill', 'Drain'], ['Isolate', 'Refill'], 'Move “Refill” down'],
      [['Isolate', 'Drain', 'Refill'], ['Drain', 'Refill'], 'Move “Refill” up'],
    ] as const) {
      const before = (await reorders(id)).length;
      await page.keyboard.press('Enter');
      await expect.poll(() => taskTitles(page), {timeout: 20_000}).toEqual(order);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), {timeout: 5_000}).toBe(focused);
      await expect.poll(() => positions(id), {timeout: 30_000}).toEqual(order);
      // One batch per move: the two swapped neighbours and one more `reordered` log, in one transaction.
      const moves = await reorders(id);
      expect(moves).toHaveLength(before + 1);
      expect(moves.at(-1)?.tasks).toEqual(swapped);
    }

    await page.reload();
    await page.getByTestId('job-detail').waitFor({timeout: 30_000});
    await expect.poll(() => taskTitles(page), {timeout: 20_000}).toEqual(['Isolate', 'Drain', 'Refill']);
  } finally {
    await context.close();
  }
});
