import type {ColumnConfig, JSONValue} from './model-config.ts';

/**
 * The value a new row gets for a column the write left out, as Rails' model
 * defaults see it: the literal schema default (objects and arrays copied, so
 * two records never share a mutable default), else null. SQL defaults
 * (`now()`, `gen_random_uuid()`) are the database's and stay null here.
 */
export function literalDefault(column: ColumnConfig): JSONValue {
  const d = column.default;
  if (d?.kind !== 'literal') return null;
  return typeof d.value === 'object' && d.value !== null ? (structuredClone(d.value) as JSONValue) : d.value;
}
