import type {Batch} from './batch.ts';

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
