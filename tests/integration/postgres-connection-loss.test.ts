import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startPostgres, type PostgresHandle} from '../../scripts/lib/postgres.ts';

/**
 * postgres.js 3.4.x writes small chunks from a setImmediate; when the
 * connection closed first (PostgreSQL restarted, a backend terminated), that
 * write hit a null socket and threw from the Immediate — uncatchable, so the
 * API server process exited (the chaos suite's PostgreSQL restarts found it;
 * porsager/postgres#1154, #1208). patches/postgres+3.4.7.patch settles the
 * connection's queries with CONNECTION_CLOSED instead. Without the patch
 * these tests die with "Cannot read properties of null (reading 'write')".
 */
describe('a PostgreSQL connection lost under a query', () => {
  let pg: PostgresHandle;
  let dataDir: string;
  let admin: postgres.Sql;
  let sql: postgres.Sql;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'zam-pg-loss-'));
    pg = await startPostgres({dataDir: path.join(dataDir, 'pg')});
    admin = postgres(pg.url, {max: 1, onnotice: () => {}});
    sql = postgres(pg.url, {max: 2, onnotice: () => {}});
  });
  afterAll(async () => {
    await admin?.end();
    await sql?.end({timeout: 1});
    await pg?.stop();
    rmSync(dataDir, {recursive: true, force: true});
  });

  const terminate = async (pid: number) => {
    await admin`select pg_terminate_backend(${pid})`;
    // Let the socket's close reach postgres.js before the next write.
    await new Promise((resolve) => setTimeout(resolve, 200));
  };

  /** The error code a query settles with (`answered` when it succeeds); postgres.js queries are lazy thenables, so awaited. */
  const settle = async (query: PromiseLike<unknown>): Promise<string | undefined> => {
    try {
      await query;
      return 'answered';
    } catch (error) {
      return (error as {code?: string}).code;
    }
  };

  test('a query on a reserved connection whose backend died rejects with CONNECTION_CLOSED', async () => {
    const reserved = await sql.reserve();
    const [row] = await reserved<{pid: number}[]>`select pg_backend_pid() as pid`;
    await terminate(row!.pid);
    expect(await settle(reserved`select 1`)).toBe('CONNECTION_CLOSED');
    // Not released: postgres.js would put the dead connection back in its pool (release() reopens it);
    // nothing of ours reserves connections, transactions (below) are what the server uses.
  });

  test('a transaction whose backend died mid-way rejects (its rollback too) and nothing crashes', async () => {
    const outcome = await settle(
      sql.begin(async (tx) => {
        const [row] = await tx<{pid: number}[]>`select pg_backend_pid() as pid`;
        await terminate(row!.pid);
        await tx`select 1`;
      }),
    );
    expect(outcome).toBe('CONNECTION_CLOSED');
    expect((await sql`select 3 as three`)[0]).toEqual({three: 3});
  });
});
