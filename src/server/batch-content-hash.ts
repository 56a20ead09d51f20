import {createHash} from 'node:crypto';
import type {Batch} from '../contract/batch.ts';

/**
 * sha256 (hex) of a batch's canonical JSON — object keys sorted at every
 * level, so the same batch always hashes the same however its JSON was
 * written. Stored with the applied batch id: a later arrival of the id with
 * another hash is a different batch reusing the id, not a replay.
 */
export function batchContentHash(batch: Batch): string {
  return createHash('sha256').update(canonicalJson(batch)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
