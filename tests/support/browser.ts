import fs from 'node:fs';
import {chromium, type Browser, type BrowserContext} from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Launches the system Chromium headless (Playwright cannot download browsers
 * here). Fails with what to install when there is none.
 */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch(launchOptions());
}

/**
 * Chromium with a profile on disk (`userDataDir`). Playwright's ordinary
 * contexts are off the record — their IndexedDB lives in memory — so
 * whatever is about what reaches the disk (durability) needs this one.
 */
export async function launchPersistentChromium(userDataDir: string): Promise<BrowserContext> {
  return await chromium.launchPersistentContext(userDataDir, launchOptions());
}

function launchOptions() {
  const executablePath = CANDIDATES.find((p): p is string => p !== undefined && fs.existsSync(p));
  if (executablePath === undefined) {
    throw new Error(
      'No Chromium found for the browser tests. Install it with `apt-get install -y chromium` ' +
        '(or set CHROMIUM_PATH to a Chromium/Chrome binary). .ci/run installs it automatically.',
    );
  }
  return {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Several tabs of one context are driven at once; none may be throttled as "in the background".
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  };
}
