import {SYNC_PUBLICATION} from '../../contract/sync-publication.ts';
import type {IndexIR, TableIR} from '../ir.ts';
import {pgTypeOf, quoteIdent, quoteName, zeroSyncedType} from '../model/column-types.ts';
import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {railsForeignKeyName} from './foreign-key-name.ts';
import {sqlDefault, sqlString} from './sql-literal.ts';
import {zeroPrimaryKey} from './zero-table-key.ts';

const ACTIONS = {cascade: 'CASCADE', nullify: 'SET NULL', restrict: 'RESTRICT'} as const;

/**
 * `generated/schema.sql`: PostgreSQL DDL equivalent to schema.rb, in one
 * script that applies to an empty database: extensions, enum types, tables
 * (with PK and CHECK constraints), indexes, then foreign keys — after every
 * table exists, so table order never matters.
 */
export function emitSchemaSql(context: EmitContext): GeneratedFile[] {
  const {schema} = context;
  const out: string[] = [banner(context.banner, '--'), '', 'SET client_min_messages = warning;', ''];
  for (const name of [...schema.schemas].sort()) out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)};`);
  for (const ext of [...schema.extensions].sort()) out.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(ext)};`);
  if (schema.extensions.length > 0 || schema.schemas.length > 0) out.push('');
  for (const e of [...schema.enums].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(`CREATE TYPE ${quoteName(e.name)} AS ENUM (${e.values.map(sqlString).join(', ')});`);
  }
  if (schema.enums.length > 0) out.push('');
  for (const todo of schema.todos) out.push(`-- TODO(generator): ${todo.file}:${todo.line}: ${todo.message.replace(/\n/g, ' ')}`);
  if (schema.todos.length > 0) out.push('');

  const tables = [...schema.tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const table of tables) out.push(...createTable(table), '');

  const usedIndexNames = new Set<string>();
  for (const table of tables) {
    for (const index of [...table.indexes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // PostgreSQL index names are per schema; MySQL/SQLite ones are per table.
      let name = index.name;
      if (usedIndexNames.has(name)) name = `${table.name}_${name}`;
      usedIndexNames.add(name);
      out.push(createIndex(table, index, name));
    }
  }
  out.push('');
  const fks = [...schema.foreignKeys].sort((a, b) =>
    a.fromTable === b.fromTable ? (a.column < b.column ? -1 : a.column > b.column ? 1 : 0) : a.fromTable < b.fromTable ? -1 : 1,
  );
  for (const fk of fks) {
    const name = fk.name ?? railsForeignKeyName(fk.fromTable, fk.column);
    let sql = `ALTER TABLE ${quoteName(fk.fromTable)} ADD CONSTRAINT ${quoteIdent(name)} FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${quoteName(fk.toTable)} (${quoteIdent(fk.primaryKey)})`;
    if (fk.onDelete !== undefined) sql += ` ON DELETE ${ACTIONS[fk.onDelete]}`;
    if (fk.onUpdate !== undefined) sql += ` ON UPDATE ${ACTIONS[fk.onUpdate]}`;
    if (fk.deferrable !== undefined) sql += ` DEFERRABLE INITIALLY ${fk.deferrable.toUpperCase()}`;
    if (fk.validate === false) sql += ' NOT VALID';
    out.push(`${sql};`);
  }
  out.push('');
  return [
    {path: 'schema.sql', content: out.join('\n')},
    {path: 'publication.sql', content: publicationSql(context)},
  ];
}

/**
 * `generated/publication.sql`: the publication zero-cache replicates
 * (SYNC_PUBLICATION, set as ZERO_APP_PUBLICATIONS): each table of the Zero
 * schema with a column list of exactly its synced columns — withheld
 * secrets, generated columns and types Zero cannot sync are not published,
 * so they never reach zero-cache's replica. Idempotent: recreates the
 * publication (run it after every migration that changes synced columns).
 */
function publicationSql(context: EmitContext): string {
  const tables = [...context.schema.tables]
    .filter((t) => !t.name.includes('.') && zeroPrimaryKey(t) !== null)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const entries = tables.map((t) => {
    const columns = t.columns.filter((c) => zeroSyncedType(c) !== null).map((c) => quoteIdent(c.name));
    return `  ${quoteName(t.name)} (${columns.join(', ')})`;
  });
  const name = quoteIdent(SYNC_PUBLICATION);
  return [
    banner(context.banner, '--'),
    '-- What zero-cache replicates (ZERO_APP_PUBLICATIONS=' + SYNC_PUBLICATION + '): synced columns only.',
    '',
    'SET client_min_messages = warning;',
    '',
    'BEGIN;',
    `DROP PUBLICATION IF EXISTS ${name};`,
    entries.length === 0 ? `CREATE PUBLICATION ${name};` : `CREATE PUBLICATION ${name} FOR TABLE\n${entries.join(',\n')};`,
    'COMMIT;',
    '',
  ].join('\n');
}

function createTable(table: TableIR): string[] {
  const lines: string[] = [];
  for (const c of table.columns) {
    let type = pgTypeOf(c);
    if (c.autoIncrement === true) type = type === 'integer' ? 'serial' : type === 'smallint' ? 'smallserial' : 'bigserial';
    let line = `  ${quoteIdent(c.name)} ${type}`;
    if (c.virtual !== undefined) {
      // PostgreSQL 17 only has STORED generated columns; a virtual one is stored here.
      line += ` GENERATED ALWAYS AS (${c.virtual.as}) STORED`;
    } else if (c.default !== undefined && c.autoIncrement !== true) {
      line += ` DEFAULT ${sqlDefault(c, c.default, type)}`;
    }
    if (!c.nullable) line += ' NOT NULL';
    lines.push(line);
  }
  if (table.primaryKey.length > 0) {
    lines.push(`  CONSTRAINT ${quoteIdent(`${table.name.split('.').pop()!}_pkey`)} PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`);
  }
  for (const check of table.checks) {
    lines.push(`  ${check.name === null ? '' : `CONSTRAINT ${quoteIdent(check.name)} `}CHECK (${check.expression})`);
  }
  return [`CREATE TABLE ${quoteName(table.name)} (`, lines.join(',\n'), ');'];
}

function createIndex(table: TableIR, index: IndexIR, name: string): string {
  let target: string;
  if (Array.isArray(index.columns)) {
    target = (index.columns as readonly string[])
      .map((col) => {
        let part = quoteIdent(col);
        const opclass = index.opclass?.[col] ?? index.opclass?.['*'];
        if (opclass !== undefined) part += ` ${opclass}`;
        const order = index.order?.[col] ?? index.order?.['*'];
        if (order !== undefined) part += ` ${order.toUpperCase()}`;
        return part;
      })
      .join(', ');
  } else {
    target = (index.columns as {expression: string}).expression;
  }
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteName(table.name)}`;
  if (index.using !== undefined) sql += ` USING ${index.using}`;
  sql += ` (${target})`;
  if (index.include !== undefined && index.include.length > 0) sql += ` INCLUDE (${index.include.map(quoteIdent).join(', ')})`;
  if (index.nullsNotDistinct === true) sql += ' NULLS NOT DISTINCT';
  if (index.where !== undefined) sql += ` WHERE ${index.where}`;
  return `${sql};`;
}
