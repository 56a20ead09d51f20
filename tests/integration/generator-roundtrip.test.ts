// Round trip: generated/schema.sql applied to a real PostgreSQL 17, then read
// back through the catalog, must match what the generator parsed from
// schema.rb — every column's type, nullability and default presence, primary
// keys and foreign keys (with ON DELETE). One database per sample app.
import path from 'node:path';
import postgres from 'postgres';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startPostgres, type PostgresHandle} from '../../scripts/lib/postgres.ts';
import {generate} from '../../src/generator/generate.ts';
import {pgTypeOf} from '../../src/generator/model/column-types.ts';
import {parseSchema} from '../../src/generator/parse/parse-schema.ts';
import {parseRuby} from '../../src/generator/ruby/ruby-source.ts';
import {readFile} from 'node:fs/promises';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APPS = [
  'examples/rails-app',
  'tests/generator/samples/column-types',
  'tests/generator/samples/primary-keys',
  'tests/generator/samples/indexes-checks-fks',
  'tests/generator/samples/legacy-schema',
  'tests/generator/samples/associations',
  'tests/generator/samples/loggable',
  'tests/generator/samples/mysql-sqlite',
  'tests/generator/samples/realworld-quirks',
  'tests/generator/samples/multi-schema',
];

let pg: PostgresHandle;
let admin: postgres.Sql;

beforeAll(async () => {
  pg = await startPostgres({database: 'zam_generator_roundtrip'});
  admin = postgres(pg.url, {max: 1, onnotice: () => {}});
});

afterAll(async () => {
  await admin?.end();
  await pg?.stop();
});

/** What PostgreSQL prints for a type we wrote (serial is sugar for integer + sequence). */
function expectedType(written: string): string {
  return written
    .replace(/^bigserial$/, 'bigint')
    .replace(/^serial$/, 'integer')
    .replace(/"/g, '')
    .replace(/^numeric\((\d+)\)$/, 'numeric($1,0)');
}

describe('schema.sql round trip through PostgreSQL 17', () => {
  test.each(APPS)('%s', async (app) => {
    const result = await generate({root: path.join(ROOT, app), label: app});
    const ddl = result.files.find((f) => f.path === 'schema.sql')!.content;
    const schema = parseSchema(await parseRuby('schema.rb', await readFile(path.join(ROOT, app, 'db/schema.rb'), 'utf8')));

    const dbName = `rt_${app.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`.slice(0, 60);
    await admin.unsafe(`drop database if exists "${dbName}"`);
    await admin.unsafe(`create database "${dbName}"`);
    const url = new URL(pg.url);
    url.pathname = `/${dbName}`;
    const sql = postgres(url.toString(), {max: 1, onnotice: () => {}});
    try {
      // One script, as the stack applies it.
      await sql.unsafe(ddl);

      const columns = await sql<{table: string; column: string; type: string; notnull: boolean; hasdefault: boolean; generated: string}[]>`
        select case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
               a.attnotnull as notnull, a.atthasdef as hasdefault, a.attgenerated as generated
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by 1, a.attnum`;
      const actual = columns.map((c) => ({table: c.table, column: c.column, type: c.type, nullable: !c.notnull, hasDefault: c.hasdefault && c.generated === ''}));
      const expected = [...schema.tables]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .flatMap((t) =>
          t.columns.map((c) => ({
            table: t.name,
            column: c.name,
            type: expectedType(pgTypeOf(c)),
            nullable: c.nullable,
            hasDefault: (c.default !== undefined || c.autoIncrement === true) && c.virtual === undefined,
          })),
        );
      expect(actual).toEqual(expected);

      const keys = await sql<{table: string; kind: string; columns: string[]; target: string | null; targetColumns: string[] | null; onDelete: string}[]>`
        select case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end as table, k.contype as kind,
               array(select attname from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i)::text[] as columns,
               case when tn.nspname = 'public' then t.relname else tn.nspname || '.' || t.relname end as target,
               case when k.confrelid = 0 then null else array(select attname from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i)::text[] end as "targetColumns",
               k.confdeltype as "onDelete"
        from pg_constraint k join pg_class c on c.oid = k.conrelid left join pg_class t on t.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace left join pg_namespace tn on tn.oid = t.relnamespace
        where k.contype in ('p', 'f') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        order by 1, k.contype, 3`;
      const primaryKeys = keys.filter((k) => k.kind === 'p').map((k) => ({table: k.table, columns: k.columns}));
      expect(primaryKeys).toEqual(
        [...schema.tables].filter((t) => t.primaryKey.length > 0).sort((a, b) => (a.name < b.name ? -1 : 1)).map((t) => ({table: t.name, columns: [...t.primaryKey]})),
      );
      const deleteCode = {cascade: 'c', nullify: 'n', restrict: 'r'} as const;
      const fks = keys
        .filter((k) => k.kind === 'f')
        .map((k) => `${k.table}.${k.columns.join()} -> ${k.target}.${k.targetColumns?.join()} on delete ${k.onDelete}`)
        .sort();
      expect(fks).toEqual(
        schema.foreignKeys
          .map((f) => `${f.fromTable}.${f.column} -> ${f.toTable}.${f.primaryKey} on delete ${f.onDelete === undefined ? 'a' : deleteCode[f.onDelete]}`)
          .sort(),
      );

      const indexes = await sql<{name: string; unique: boolean}[]>`
        select i.relname as name, x.indisunique as unique from pg_index x join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = i.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and not x.indisprimary order by 1`;
      expect(indexes).toEqual(
        schema.tables
          .flatMap((t) => t.indexes.map((i) => ({name: i.name, unique: i.unique})))
          .sort((a, b) => (a.name < b.name ? -1 : 1)),
      );
    } finally {
      await sql.end();
    }
  });
});
