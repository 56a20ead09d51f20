// Issue 14 §1, "durable means on disk", measured where it matters: Chromium
// commits IndexedDB transactions with relaxed durability by default (resolved
// before the OS has flushed), the outbox commits with `durability: 'strict'`.
// One page runs, interleaved: the outbox append (strict, coalesced per tick),
// a bare put with the default durability, and a bare put with strict — so
// "append vs strict put" is the library's own cost and "strict vs default" is
// the price of being on disk, with 0 and 10,000 batches pending.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type {AddressInfo} from 'node:net';
import {build, type Rolldown} from 'vite';
import {launchPersistentChromium} from '../../tests/support/browser.ts';
import type {OutboxBenchRow} from './outbox-bench.ts';
import type {BenchRow} from './stats.ts';

async function bundle(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    resolve: {conditions: ['zam-source']},
    build: {
      write: false,
      minify: false,
      lib: {entry: path.join(import.meta.dirname, 'outbox-chromium-page.ts'), formats: ['iife'], name: 'zamOutboxBenchPage', fileName: 'bench'},
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = (Array.isArray(output) ? output[0]! : output).output.find((o) => o.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk') throw new Error('the outbox bench page did not bundle');
  return chunk.code;
}

export async function benchOutboxChromium(): Promise<readonly BenchRow[]> {
  const script = await bundle();
  // IndexedDB needs an origin: a page of our own on loopback.
  // Cross-origin isolated, so performance.now() has microseconds, not Chromium's coarsened 100 µs.
  const isolated = {'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp'};
  const server = http.createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, {...isolated, 'content-type': 'text/javascript'}).end(script);
    } else {
      res.writeHead(200, {...isolated, 'content-type': 'text/html'}).end('<!doctype html><title>outbox bench</title><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A profile on disk: an ordinary (off-the-record) context keeps IndexedDB in memory, where strict means nothing.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-durability-'));
  const browser = await launchPersistentChromium(profile);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated: timings would be coarsened to 100 µs');
    const rows = (await page.evaluate(async () => {
      const run = (globalThis as unknown as {zamOutboxBench: (o: object) => Promise<unknown>}).zamOutboxBench;
      return await run({iterations: 500, warmup: 50, pendingLevels: [0, 10_000]});
    })) as OutboxBenchRow[];
    return rows.map((r) => ({
      name: `Chromium outbox append (strict), ${r.pending.toLocaleString('en')} pending (profile on ${os.tmpdir()})`,
      value:
        `p50 ${r.append.p50Ms} ms p95 ${r.append.p95Ms} ms · bare put strict p50 ${r.barePutStrict.p50Ms} p95 ${r.barePutStrict.p95Ms} · ` +
        `bare put default (relaxed) p50 ${r.barePut.p50Ms} p95 ${r.barePut.p95Ms} → append/strict put ${r.strictRatioP50.toFixed(2)}×, ` +
        `append/relaxed put ${r.ratioP50.toFixed(2)}×, strict/relaxed ${r.durabilityCostP50.toFixed(2)}× (p50)`,
    }));
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(profile, {recursive: true, force: true});
  }
}
