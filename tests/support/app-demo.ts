// One demo stack (built app), one Chromium and one SQL connection per e2e file
// of the field-service app, started before its tests and stopped after.
import type {Browser} from 'playwright-core';
import postgres from 'postgres';
import {afterAll, beforeAll} from 'vitest';
import {startDemo, type Demo, type DemoOptions} from '../../scripts/lib/demo-server.ts';
import {launchChromium} from './browser.ts';

export interface AppDemo {
  readonly demo: Demo;
  readonly browser: Browser;
  readonly sql: postgres.Sql;
}

/** Registers the file's beforeAll/afterAll; read the fields inside tests. */
export function useAppDemo(options: DemoOptions = {}): AppDemo {
  const state: {demo?: Demo; browser?: Browser; sql?: postgres.Sql} = {};
  beforeAll(async () => {
    state.demo = await startDemo({app: 'built', ...options});
    state.browser = await launchChromium();
    state.sql = postgres(state.demo.stack.databaseUrl, {max: 2, onnotice: () => {}});
  });
  afterAll(async () => {
    await state.sql?.end();
    await state.browser?.close();
    await state.demo?.stop();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useAppDemo: ${what} is not started (read it inside a test)`);
    return value;
  };
  return {
    get demo() {
      return need(state.demo, 'the demo');
    },
    get browser() {
      return need(state.browser, 'Chromium');
    },
    get sql() {
      return need(state.sql, 'the SQL connection');
    },
  };
}
