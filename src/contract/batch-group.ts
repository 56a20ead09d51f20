import type {Batch} from './batch.ts';
import {MAX_BATCH_BYTES, MAX_OPS_PER_BATCH} from './batch-schema.ts';

/**
 * The group mutator (`zam.batches`): several consecutive batches in ONE Zero
 * mutation, for the replayer's throughput (one push round and one server
 * transaction instead of one per batch). Each batch stays atomic (the group is
 * one transaction: all of it commits or none) and idempotent on its own (each
 * batch claims its own id; one already applied is skipped). When the group
 * fails, the replayer resends its batches one by one, which tells which one is
 * at fault. A wire contract: versioned.
 */
export const BATCH_GROUP_MUTATOR_NAME = ['zam', 'batches'] as const;
export const BATCH_GROUP_FORMAT_VERSION = 1 as const;
/** Most batches in one group (each batch is also bounded by MAX_BATCH_BYTES). */
export const MAX_GROUP_BATCHES = 50;
/**
 * Most ops in one group, over all its batches: a group is ONE transaction, so
 * it gets the bound of one batch (a group of 50 × 1,000 ops would hold a
 * transaction and its locks for half a minute).
 */
export const MAX_GROUP_OPS = MAX_OPS_PER_BATCH;
/** Most JSON characters in one group, over all its batches (as MAX_BATCH_BYTES measures a batch). */
export const MAX_GROUP_BYTES = 4 * MAX_BATCH_BYTES;

export interface BatchGroup {
  readonly v: typeof BATCH_GROUP_FORMAT_VERSION;
  readonly batches: readonly Batch[];
}

/** Reads a group's arguments; throws a plain Error (the mutators turn it into a rejection) when malformed. */
export function batchesOfGroup(args: unknown): readonly unknown[] {
  const group = args as Partial<BatchGroup> | null;
  if (group === null || typeof group !== 'object' || group.v !== BATCH_GROUP_FORMAT_VERSION || !Array.isArray(group.batches)) {
    throw new Error('zam.batches expects {v: 1, batches: Batch[]}');
  }
  if (group.batches.length === 0 || group.batches.length > MAX_GROUP_BATCHES) {
    throw new Error(`a group holds 1 to ${MAX_GROUP_BATCHES} batches, got ${group.batches.length}`);
  }
  return group.batches;
}

/**
 * How many batches from the front of `batches` one group may carry: at most
 * MAX_GROUP_BATCHES, MAX_GROUP_OPS and MAX_GROUP_BYTES in total, and always
 * at least one (a single batch has its own, equal bounds).
 */
export function groupPrefixLength(batches: readonly Batch[]): number {
  let ops = 0;
  let bytes = 0;
  const limit = Math.min(batches.length, MAX_GROUP_BATCHES);
  for (let i = 0; i < limit; i++) {
    ops += batches[i]!.ops.length;
    bytes += JSON.stringify(batches[i]).length;
    if (i > 0 && (ops > MAX_GROUP_OPS || bytes > MAX_GROUP_BYTES)) return i;
  }
  return Math.max(1, limit);
}

/** Why a group's batches are too much for one transaction, or null. Counts ops of well-formed batches only (the rest fail their own parse). */
export function groupBoundsProblem(batches: readonly unknown[]): string | null {
  let ops = 0;
  for (const batch of batches) {
    const batchOps = (batch as {ops?: unknown} | null)?.ops;
    if (Array.isArray(batchOps)) ops += batchOps.length;
  }
  if (ops > MAX_GROUP_OPS) return `the group holds ${ops} ops; the limit is ${MAX_GROUP_OPS} per group (one transaction). Send fewer batches per group.`;
  const bytes = JSON.stringify(batches).length;
  if (bytes > MAX_GROUP_BYTES) return `the group is ${bytes} bytes; the limit is ${MAX_GROUP_BYTES} per group. Send fewer batches per group.`;
  return null;
}
