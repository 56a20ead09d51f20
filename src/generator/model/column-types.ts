import type {ColumnIR} from '../ir.ts';
import type {ZeroColumnType} from '../../contract/model-config.ts';

/**
 * Rails type → PostgreSQL type, as `rails db:schema:load` would create it on
 * PostgreSQL. MySQL/SQLite-only types map to their closest PostgreSQL type
 * (`blob` → bytea, `tinyint` via `limit: 1` → smallint) so any app's schema can
 * become a PostgreSQL database for Zero.
 */
export function pgTypeOf(column: ColumnIR): string {
  const base = basePgType(column);
  return column.array === true ? `${base}[]` : base;
}

function basePgType(c: ColumnIR): string {
  switch (c.type) {
    case 'string':
    case 'varchar':
      return c.limit === undefined ? 'character varying' : `character varying(${c.limit})`;
    case 'char':
    case 'character':
      return c.limit === undefined ? 'character(1)' : `character(${c.limit})`;
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinytext':
      return 'text';
    case 'integer':
    case 'unsigned_integer':
      if (c.limit !== undefined && c.limit <= 2) return 'smallint';
      if (c.limit !== undefined && c.limit >= 5) return 'bigint';
      return 'integer';
    case 'smallint':
      return 'smallint';
    case 'bigint':
    case 'unsigned_bigint':
      return 'bigint';
    case 'float':
    case 'float8':
    case 'double':
    case 'unsigned_float':
      return 'double precision';
    case 'float4':
    case 'real':
      return 'real';
    case 'decimal':
    case 'numeric':
    case 'unsigned_decimal':
      if (c.precision !== undefined && c.precision !== null) {
        return c.scale === undefined ? `numeric(${c.precision})` : `numeric(${c.precision},${c.scale})`;
      }
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
    case 'timestamp':
      return c.precision === null ? 'timestamp without time zone' : `timestamp(${c.precision ?? 6}) without time zone`;
    case 'timestamptz':
      return c.precision === null ? 'timestamp with time zone' : `timestamp(${c.precision ?? 6}) with time zone`;
    case 'time':
      return c.precision === null || c.precision === undefined ? 'time without time zone' : `time(${c.precision}) without time zone`;
    case 'binary':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'tinyblob':
      return 'bytea';
    case 'enum':
      return quoteName(c.enumType ?? c.name);
    case 'year':
      return 'integer';
    case 'bit':
      return c.limit === undefined ? 'bit(1)' : `bit(${c.limit})`;
    case 'bit_varying':
      return c.limit === undefined ? 'bit varying' : `bit varying(${c.limit})`;
    case 'json':
    case 'jsonb':
    case 'uuid':
    case 'inet':
    case 'cidr':
    case 'macaddr':
    case 'hstore':
    case 'interval':
    case 'tsvector':
    case 'tsquery':
    case 'citext':
    case 'ltree':
    case 'xml':
    case 'money':
    case 'point':
    case 'line':
    case 'lseg':
    case 'box':
    case 'path':
    case 'polygon':
    case 'circle':
    case 'oid':
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'tsrange':
    case 'tstzrange':
    case 'daterange':
      return c.type;
    case 'geometry':
    case 'geography':
    case 'st_point':
      // PostGIS types need the extension; bytea keeps the DDL loadable without it.
      return 'bytea';
    default:
      return 'text';
  }
}

/**
 * The ZQL value type zero-cache gives a column, or null when zero-cache does not
 * sync it. Mirrors zero-cache's own table (zero-cache/src/types/pg-data-type.ts):
 * numbers, date/time/timestamps (as numbers), char/varchar/text, uuid/inet/
 * cidr/macaddr (strings), boolean, json/jsonb, enum types (strings), and any
 * array (json). Everything else — bytea, interval, hstore, tsvector, ranges,
 * citext, money, geometric types — is not synced. Generated columns are not
 * published by PostgreSQL 17 logical replication, so they are not synced either;
 * nor are withheld columns (secrets, `ZERO_PRIVATE`: model/withheld-columns.ts).
 */
export function zeroSyncedType(column: ColumnIR): ZeroColumnType | null {
  if (column.virtual !== undefined || column.withheld !== undefined) return null;
  if (column.array === true) return 'json';
  if (column.type === 'enum') return 'string';
  switch (pgTypeOf(column).replace(/\(.*$/, '').replace(/^"/, '')) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'real':
    case 'double precision':
    case 'date':
    case 'time':
    case 'timestamp':
      return 'number';
    case 'character varying':
    case 'character':
    case 'text':
    case 'uuid':
    case 'inet':
    case 'cidr':
    case 'macaddr':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'json':
    case 'jsonb':
      return 'json';
    default:
      return pgTypeOf(column).startsWith('time') ? 'number' : null;
  }
}

/** Zero stores timestamps and dates as epoch milliseconds; numerics as JS numbers. */
export function zeroTypeOf(column: ColumnIR): ZeroColumnType {
  const synced = zeroSyncedType(column);
  if (synced !== null) return synced;
  if (column.array === true) return 'json';
  switch (column.type) {
    case 'integer':
    case 'unsigned_integer':
    case 'smallint':
    case 'bigint':
    case 'unsigned_bigint':
    case 'float':
    case 'float4':
    case 'float8':
    case 'real':
    case 'double':
    case 'unsigned_float':
    case 'decimal':
    case 'numeric':
    case 'unsigned_decimal':
    case 'date':
    case 'datetime':
    case 'timestamp':
    case 'timestamptz':
    case 'year':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'json':
    case 'jsonb':
    case 'hstore':
      return 'json';
    default:
      return 'string';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A possibly schema-qualified name (`analytics.events`, Rails ≥ 7.1 multi-schema dumps). */
export function quoteName(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}
