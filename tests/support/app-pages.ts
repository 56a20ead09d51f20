// Shared steps for the field-service app's browser tests (tests/e2e/app-*.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import type {BrowserContext, Page} from 'playwright-core';
import {expect} from 'vitest';

/** A phone: the app is phone first. */
export const PHONE = {viewport: {width: 390, height: 844}, deviceScaleFactor: 1, isMobile: false} as const;

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '.tmp', 'screenshots');

/** A screenshot for the reviewer (`.tmp/screenshots/`, not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, {recursive: true});
  await page.screenshot({path: path.join(SHOTS, `${name}.png`), fullPage: true});
}

/** Page errors and console errors, for failure messages. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text().slice(0, 300)));
  return errors;
}

/** Opens the app and logs in (first time in this context) or waits for the saved session. */
export async function openApp(page: Page, appURL: string, email?: string): Promise<void> {
  await page.goto(appURL);
  if (email !== undefined) await page.getByTestId(`login-${email}`).click();
  await page.getByTestId('status-bar').waitFor({timeout: 30_000});
}

export async function waitConnected(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection').textContent(), {timeout: 30_000}).toBe('connected');
}

/** The service worker controls the page and has the app shell precached. */
export async function waitServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(async () => page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).length))).reduce((a, b) => a + b, 0)), {timeout: 30_000})
    .toBeGreaterThan(3);
}

/** Waits until the preload put `n` or more jobs on the device ("ready offline: N jobs"). */
export async function waitReadyOffline(page: Page, atLeast = 1): Promise<number> {
  let count = 0;
  await expect
    .poll(
      async () => {
        const text = (await page.getByTestId('ready-offline').textContent()) ?? '';
        count = Number(/ready offline: (\d+)/.exec(text)?.[1] ?? 0);
        return count;
      },
      {timeout: 60_000},
    )
    .toBeGreaterThanOrEqual(atLeast);
  return count;
}

/** Goes to a screen by its hash, as the navigation does. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Creates a job through the form; returns its id (from the job page's URL). */
export async function createJob(page: Page, title: string, tasks: readonly string[] = []): Promise<string> {
  await go(page, '#/jobs/new');
  await page.getByTestId('job-form').waitFor();
  await expect.poll(() => page.locator('[data-testid=job-client] option').count(), {timeout: 30_000}).toBeGreaterThan(0);
  await page.getByTestId('job-title').fill(title);
  for (const [i, task] of tasks.entries()) {
    if (i > 0) await page.getByTestId('form-add-task').click();
    await page.getByTestId('form-task').nth(i).fill(task);
  }
  await page.getByTestId('create-job').click();
  await page.getByTestId('job-detail').waitFor({timeout: 30_000});
  const id = await page.getByTestId('job-detail').getAttribute('data-id');
  if (id === null) throw new Error('job page without an id');
  return id;
}

export async function taskTitles(page: Page): Promise<string[]> {
  return await page.getByTestId('task-title').allTextContents();
}

export async function offline(context: BrowserContext, value: boolean): Promise<void> {
  await context.setOffline(value);
}

/**
 * Waits until Zero has written `text` (e.g. a synced job's title) to
 * IndexedDB: Zero persists what it synced after it has been idle a moment,
 * and a page closed before that would leave the next one without the rows.
 */
export async function waitPersisted(page: Page, text: string): Promise<void> {
  await expect
    .poll(
      async () =>
        page.evaluate(async (needle) => {
          for (const {name} of await indexedDB.databases()) {
            if (name === undefined || !name.startsWith('rep')) continue;
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const open = indexedDB.open(name);
              open.onsuccess = () => resolve(open.result);
              open.onerror = () => reject(open.error ?? new Error('open failed'));
            });
            try {
              for (const store of Array.from(db.objectStoreNames)) {
                const all = await new Promise<unknown[]>((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).getAll();
                  request.onsuccess = () => resolve(request.result as unknown[]);
                  request.onerror = () => reject(request.error ?? new Error('read failed'));
                });
                if (JSON.stringify(all, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes(needle)) return true;
              }
            } finally {
              db.close();
            }
          }
          return false;
        }, text),
      {timeout: 30_000},
    )
    .toBe(true);
}
