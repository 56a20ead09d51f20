import {literalDefault} from '../contract/column-default.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import {UnknownAttributeError} from '../errors/unknown-attribute-error.ts';

/**
 * The attributes of `Model.new(attrs)`: every column present (null unless
 * set), literal schema defaults applied, the STI type column set, then the
 * caller's attributes. Object and array defaults are deep-copied per record
 * (`structuredClone`), so two new records never share a mutable default.
 * SQL defaults (`now()`, `gen_random_uuid()`) stay null here and are left to
 * the write pipeline / database.
 */
export function newRecordAttributes(config: ModelConfig, attrs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(config.columns)) out[name] = literalDefault(column);
  if (config.sti) out[config.sti.column] = config.sti.typeName;
  assignKnown(config, out, attrs);
  return out;
}

/** Copies attributes that are columns; throws UnknownAttributeError for anything else. Skips `undefined`. */
export function assignKnown(config: ModelConfig, target: Record<string, unknown>, attrs: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (!Object.hasOwn(config.columns, name)) throw new UnknownAttributeError(config.name, name);
    if (value !== undefined) target[name] = value;
  }
}
