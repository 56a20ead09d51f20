import postgres from 'postgres';
import type {TestProject} from 'vitest/node';
import {startStack} from '../../scripts/lib/stack.ts';

export interface ProvidedStack {
  readonly cacheURL: string;
  readonly databaseUrl: string;
  readonly users: readonly {readonly id: string; readonly token: string}[];
  readonly clientId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    zamStack: ProvidedStack;
  }
}

/**
 * Starts one real stack in the main Node process for test files that run in a
 * DOM environment (jsdom), where the stack's own code (jose, postgres.js)
 * would meet the wrong realm's globals. The tests get URLs and tokens only.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack();
  const sql = postgres(stack.databaseUrl, {max: 1, onnotice: () => {}});
  const users = [];
  for (const name of ['dom-a', 'dom-b']) {
    const id = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, created_at, updated_at) values (${id}, ${name + '@example.com'}, ${name}, 'dispatcher', now(), now())`;
    users.push({id, token: await stack.auth.issue(id, {tokenVersion: 0})});
  }
  const clientId = crypto.randomUUID();
  await sql`insert into clients (id, name, created_at, updated_at) values (${clientId}, 'DOM client', now(), now())`;
  await sql.end();
  project.provide('zamStack', {cacheURL: stack.cacheURL, databaseUrl: stack.databaseUrl, users, clientId});
  return async () => {
    await stack.stop();
  };
}
