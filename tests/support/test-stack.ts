import postgres from 'postgres';
import {afterAll, beforeAll} from 'vitest';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {startStack, type Stack, type StackOptions} from '../../scripts/lib/stack.ts';
import {createZamClient, type ZamClient} from '../../src/zero/zam-client.ts';

export interface TestStack {
  readonly stack: Stack;
  /** postgres.js client on the stack's database, for assertions. */
  readonly sql: postgres.Sql;
  /**
   * Inserts a user (as Rails would) and returns its id. Role `dispatcher` by
   * default — allowed to write clients, jobs and tasks under the demo's
   * policies, so suites about sync mechanics are not about permissions.
   */
  createUser(email?: string, options?: {role?: 'technician' | 'dispatcher' | 'admin'; active?: boolean; name?: string}): Promise<string>;
  /** Inserts a client row (as Rails would) and returns its id. */
  createClientRow(name?: string): Promise<string>;
  /** A valid token for `userID` (with the user's current token version), as the dev login issues it. */
  token(userID: string): Promise<string>;
  /** The user's current `token_version` (0 for a new user). */
  tokenVersion(userID: string): Promise<number>;
  /** A Zero client (in-memory store) logged in as `userID`, closed after the file. */
  connect(
    userID: string,
    options?: {auth?: string; kvStore?: 'mem' | 'idb'; storageKey?: string; cacheURL?: string},
  ): Promise<ZamClient>;
}

/**
 * Starts one real stack (embedded PostgreSQL, API server, zero-cache) for a
 * test file and stops it — every process by PID — after the file.
 */
export function useTestStack(options: StackOptions = {}): TestStack {
  let stack: Stack | undefined;
  let sql: postgres.Sql | undefined;
  const clients: ZamClient[] = [];

  beforeAll(async () => {
    stack = await startStack(options);
    sql = postgres(stack.databaseUrl, {max: 4, onnotice: () => {}});
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await sql?.end();
    await stack?.stop();
  });

  const mustStack = () => {
    if (!stack) throw new Error('stack not started (use inside tests)');
    return stack;
  };

  return {
    get stack() {
      return mustStack();
    },
    get sql() {
      if (!sql) throw new Error('stack not started (use inside tests)');
      return sql;
    },
    async createUser(email = `user-${crypto.randomUUID().slice(0, 8)}@example.com`, options = {}) {
      const id = crypto.randomUUID();
      await this.sql`insert into users (id, email, name, role, active, created_at, updated_at)
        values (${id}, ${email}, ${options.name ?? 'Test ' + email}, ${options.role ?? 'dispatcher'}, ${options.active ?? true}, now(), now())`;
      return id;
    },
    async tokenVersion(userID) {
      const [row] = await this.sql`select token_version from users where id = ${userID}`;
      return Number(row?.token_version ?? 0);
    },
    async token(userID) {
      return await mustStack().auth.issue(userID, {tokenVersion: await this.tokenVersion(userID)});
    },
    // A unique default name: clients validate the uniqueness of their name, and an update re-checks it.
    async createClientRow(name = `Acme ${crypto.randomUUID().slice(0, 8)}`) {
      const id = crypto.randomUUID();
      await this.sql`insert into clients (id, name, created_at, updated_at) values (${id}, ${name}, now(), now())`;
      return id;
    },
    async connect(userID, opts = {}) {
      const s = mustStack();
      const client = createZamClient({
        cacheURL: opts.cacheURL ?? s.cacheURL,
        userID,
        auth: opts.auth ?? (await s.auth.issue(userID, {tokenVersion: await this.tokenVersion(userID)})),
        schema,
        models: MODELS,
        activityLog: ACTIVITY_LOG,
        kvStore: opts.kvStore ?? 'mem',
        storageKey: opts.storageKey,
      });
      clients.push(client);
      return client;
    },
  };
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
