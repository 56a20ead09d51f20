// zero-cache accepts what the generator writes: the DDL of type- and key-heavy
// samples (every column type, enum types, arrays, hstore, generated columns,
// composite and string keys, keyless tables) is applied to PostgreSQL, zero-cache
// replicates it, and every table and column of the generated Zero schema exists
// in zero-cache's replica. A column Zero cannot replicate would make clients
// using the schema fail, so this is the contract between schema.ts and the sync
// engine.
import {mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import {pathToFileURL} from 'node:url';
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {freePort} from '../../scripts/lib/ports.ts';
import {startPostgres, type PostgresHandle} from '../../scripts/lib/postgres.ts';
import {startZeroCache, type ZeroCacheHandle} from '../../scripts/lib/zero-cache.ts';
import {generate} from '../../src/generator/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = ['column-types', 'primary-keys', 'associations', 'loggable', 'realworld-quirks'];

let pg: PostgresHandle | undefined;
let zero: ZeroCacheHandle | undefined;
const workDir = mkdtempSync(path.join(os.tmpdir(), 'zam-zero-generator-'));

interface ZeroTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, {readonly type: string}>>;
  readonly primaryKey: readonly string[];
}

beforeAll(async () => {
  pg = await startPostgres({database: 'zam_generator_zero'});
  const sql = postgres(pg.url, {max: 1, onnotice: () => {}});
  try {
    for (const sample of SAMPLES) {
      const root = path.join(ROOT, 'tests/generator/samples', sample);
      const result = await generate({root, label: sample});
      await sql.unsafe(result.files.find((f) => f.path === 'schema.sql')!.content);
    }
  } finally {
    await sql.end();
  }
  const port = await freePort();
  // No client connects, so the push/query endpoints are never called.
  zero = await startZeroCache({
    upstreamDb: pg.url,
    workDir,
    mutateURL: 'http://127.0.0.1:9/push',
    queryURL: 'http://127.0.0.1:9/query',
    port,
  });
});

afterAll(async () => {
  await zero?.stop();
  await pg?.stop();
  rmSync(workDir, {recursive: true, force: true});
});

test('every table and column of the generated Zero schemas is in zero-cache’s replica, with the same value type', async () => {
  const require = createRequire(import.meta.url);
  const Database = require('@rocicorp/zero-sqlite3') as new (file: string, options: {readonly: boolean}) => {
    prepare(sql: string): {all(...args: unknown[]): unknown[]};
    close(): void;
  };
  // zero-cache's own mapping from a replica column's declared type to a ZQL value type.
  const lite = (await import(pathToFileURL(path.join(ROOT, 'node_modules/@rocicorp/zero/out/zero-cache/src/types/lite.js')).href)) as {
    liteTypeToZqlValueType(liteType: string): string | undefined;
  };
  const replicaTables = async (): Promise<Map<string, Map<string, string>>> => {
    const db = new Database(path.join(workDir, 'replica.db'), {readonly: true});
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as {name: string}[];
      const out = new Map<string, Map<string, string>>();
      for (const {name} of tables) {
        const cols = db.prepare(`pragma table_info("${name.replace(/"/g, '""')}")`).all() as {name: string; type: string}[];
        out.set(name, new Map(cols.map((c) => [c.name, c.type])));
      }
      return out;
    } finally {
      db.close();
    }
  };
  // The replica is written by the initial sync, which may finish after the HTTP port opens.
  let replica = new Map<string, Map<string, string>>();
  for (let i = 0; i < 60 && !replica.has('specimens'); i++) {
    try {
      replica = await replicaTables();
    } catch {
      // not created yet
    }
    if (!replica.has('specimens')) await new Promise((r) => setTimeout(r, 500));
  }

  const missing: string[] = [];
  for (const sample of SAMPLES) {
    const mod = (await import(`../generator/samples/${sample}/_expected/schema.ts`)) as {schema: {tables: Record<string, ZeroTable>}};
    for (const table of Object.values(mod.schema.tables)) {
      const columns = replica.get(table.name);
      if (columns === undefined) {
        missing.push(`table ${table.name}`);
        continue;
      }
      for (const [column, {type}] of Object.entries(table.columns)) {
        const liteType = columns.get(column);
        if (liteType === undefined) missing.push(`${table.name}.${column}`);
        else if (lite.liteTypeToZqlValueType(liteType) !== type) {
          missing.push(`${table.name}.${column}: schema.ts says ${type}, zero-cache syncs ${lite.liteTypeToZqlValueType(liteType) ?? 'nothing'} (${liteType})`);
        }
      }
    }
  }
  expect(missing).toEqual([]);
});
