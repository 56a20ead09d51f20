import type {Browser, Page} from 'playwright-core';
import postgres from 'postgres';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {startDemo, type Demo} from '../../scripts/lib/demo-server.ts';
import {createJob as createJobInForm, openApp, waitReadyOffline} from '../support/app-pages.ts';
import {launchChromium} from '../support/browser.ts';
import {startTcpProxy, type TcpProxy} from '../support/tcp-proxy.ts';

let demo: Demo;
let proxy: TcpProxy | undefined;
let browser: Browser;
let sql: postgres.Sql;

beforeAll(async () => {
  demo = await startDemo({
    browserCacheURL: async (stack) => {
      proxy = await startTcpProxy(stack.cacheURL);
      return proxy.url;
    },
  });
  browser = await launchChromium();
  sql = postgres(demo.stack.databaseUrl, {max: 2, onnotice: () => {}});
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await proxy?.close();
  await demo?.stop();
});

const connection = (page: Page) => page.getByTestId('connection').textContent();

/** Opens the app; logs in unless the context already has a session (a second tab). */
async function loggedIn(page: Page, login = true): Promise<void> {
  await openApp(page, demo.appURL, login ? 'tom@example.com' : undefined);
  await expect.poll(() => connection(page), {timeout: 30_000}).toBe('connected');
  // The preload has put the jobs and clients (the form's choices) on the device.
  await waitReadyOffline(page, 1);
}

async function createJob(page: Page, title: string): Promise<void> {
  await createJobInForm(page, title);
}

async function goOffline(...pages: Page[]): Promise<void> {
  proxy!.setOnline(false);
  for (const page of pages) await expect.poll(() => connection(page), {timeout: 15_000}).not.toBe('connected');
}

test('a job created offline survives an immediate reload and reaches PostgreSQL with its log', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await loggedIn(page);
    await goOffline(page);
    const title = `Basement job ${Date.now()}`;
    await createJob(page, title);
    await page.reload(); // well within Zero's ~1 s persistence delay
    // Shown again after the reload, still offline (the outbox hands it back to Zero).
    await expect.poll(() => page.getByTestId('job-heading').textContent(), {timeout: 15_000}).toBe(title);
    expect(await sql`select 1 from jobs where title = ${title}`).toHaveLength(0);

    proxy!.setOnline(true);
    await expect
      .poll(async () => sql`select l.action from jobs j join activity_logs l on l.loggable_id = j.id where j.title = ${title}`, {timeout: 30_000})
      .toEqual([{action: 'created'}]);
  } finally {
    proxy!.setOnline(true);
    await context.close();
  }
});

test('two tabs writing offline: one replayer, every write applied once, each tab in order', async () => {
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const [name, page] of [['A', a], ['B', b]] as const) {
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log(`[tab ${name}] ${m.text().slice(0, 300)}`));
    page.on('pageerror', (e) => console.log(`[tab ${name}] pageerror ${e.message}`));
  }
  try {
    await loggedIn(a);
    await loggedIn(b, false);
    // Exactly one tab holds the replayer's Web Lock.
    const locks = await a.evaluate(async () => {
      const state = await navigator.locks.query();
      return {held: (state.held ?? []).filter((l) => l.name?.startsWith('zam-replayer:')).length, pending: (state.pending ?? []).filter((l) => l.name?.startsWith('zam-replayer:')).length};
    });
    expect(locks).toEqual({held: 1, pending: 1});

    await goOffline(a, b);
    const stamp = Date.now();
    const titles = {a: [1, 2, 3].map((n) => `Tab A ${stamp} #${n}`), b: [1, 2, 3].map((n) => `Tab B ${stamp} #${n}`)};
    try {
      for (let i = 0; i < 3; i++) {
        await createJob(a, titles.a[i]!);
        await createJob(b, titles.b[i]!);
      }
    } catch (e) {
      for (const [name, page] of [['A', a], ['B', b]] as const) {
        const info = await page.evaluate(async () => {
          const dbs = await indexedDB.databases();
          const name = dbs.map((d) => d.name).find((n) => n?.startsWith('zam-outbox:'));
          const db = await new Promise<IDBDatabase>((res, rej) => {
            const r = indexedDB.open(name!);
            r.onsuccess = () => res(r.result);
            r.onerror = () => rej(r.error);
          });
          const all = await new Promise<unknown[]>((res) => {
            const r = db.transaction('outbox').objectStore('outbox').getAll();
            r.onsuccess = () => res(r.result);
          });
          db.close();
          return {
            outbox: all.map((x) => JSON.stringify((x as {batch: {ops: {value: {title?: string}}[]}}).batch.ops[0]!.value.title)),
            heading: document.querySelector('[data-testid=job-heading]')?.textContent,
            problem: document.querySelector('[data-testid=problem]')?.textContent,
            conn: document.querySelector('[data-testid=connection]')?.textContent,
            visibility: document.visibilityState,
          };
        });
        console.log(`[debug ${name}]`, JSON.stringify(info));
      }
      throw e;
    }
    expect(await sql`select 1 from jobs where title like ${'Tab _ ' + stamp + '%'}`).toHaveLength(0);

    proxy!.setOnline(true);
    await expect.poll(async () => (await sql`select 1 from jobs where title like ${'Tab _ ' + stamp + '%'}`).length, {timeout: 40_000}).toBe(6);
    // Once each, with exactly one log each (a left join, so a job without its log counts 0).
    const logs = await sql`select j.title, count(l.id)::int as n from jobs j left join activity_logs l on l.loggable_id = j.id
      where j.title like ${'Tab _ ' + stamp + '%'} group by j.title`;
    expect(logs.map((r) => `${r.title as string}: ${r.n as number}`).sort()).toEqual([...titles.a, ...titles.b].map((t) => `${t}: 1`).sort());
    // Commit order per tab = creation order: the jobs' transaction ids (xmin) rise within each tab.
    const order = await sql`select title from jobs where title like ${'Tab _ ' + stamp + '%'} order by xmin::text::bigint`;
    const sequence = order.map((r) => r.title as string);
    for (const tab of ['a', 'b'] as const) expect(sequence.filter((t) => titles[tab].includes(t))).toEqual(titles[tab]);
  } finally {
    proxy!.setOnline(true);
    await context.close();
  }
});
