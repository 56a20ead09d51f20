import type {JSONValue} from '../contract/model-config.ts';

/**
 * Structural equality for JSON column values. jsonb compares by content, not
 * key order: `{a: 1, b: 2}` read back from PostgreSQL may come as `{b: 2, a: 1}`
 * and must not count as a change (it would send and log a no-op update).
 */
export function sameValue(a: JSONValue | undefined, b: JSONValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const bo = b as Readonly<Record<string, JSONValue>>;
  return ka.every((k) => Object.hasOwn(bo, k) && sameValue((a as Readonly<Record<string, JSONValue>>)[k], bo[k]));
}
