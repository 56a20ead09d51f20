import type {TransactionStatements} from './transaction-statements.ts';

/** What claiming a batch id found: this transaction recorded it, or it was recorded before (by whom, with what content). */
export type BatchClaim =
  | {readonly claimed: true}
  | {readonly claimed: false; readonly userId: string; readonly contentHash: string | null};

/**
 * Records batch `batchId` in `zam.applied_batches` (I3), in ONE statement
 * that also says what an earlier record holds when there is one.
 *
 * `ON CONFLICT DO UPDATE` (a no-op assignment) rather than `DO NOTHING`: it
 * locks and returns the existing row even when a concurrent transaction
 * committed it after this statement's snapshot (it waits for that commit),
 * so no second read is needed — and none could run if a statement sent
 * after the claim (pipelined) has meanwhile aborted the transaction.
 * `applied_txid` (default `txid_current()`) tells a row inserted now from
 * one found.
 */
export function claimBatch(
  statements: TransactionStatements,
  batch: {readonly id: string; readonly opCount: number},
  userID: string,
  contentHash: string,
): Promise<BatchClaim> {
  return statements
    .query(
      'INSERT INTO zam.applied_batches (batch_id, user_id, op_count, content_hash) VALUES ($1, $2, $3, $4) ' +
        'ON CONFLICT (batch_id) DO UPDATE SET op_count = zam.applied_batches.op_count ' +
        'RETURNING applied_txid = txid_current() AS claimed, user_id, content_hash',
      [batch.id, userID, batch.opCount, contentHash],
    )
    .then(([row]) => {
      if (row === undefined) throw new Error(`claiming batch ${batch.id} returned no row`);
      if (row['claimed'] === true) return {claimed: true};
      return {claimed: false, userId: String(row['user_id']), contentHash: (row['content_hash'] ?? null) as string | null};
    });
}

/**
 * Whether an earlier record of the batch is a replay of the same write: the
 * same user sent the same content. Rows recorded before content hashes
 * existed (null) are taken as replays.
 */
export function isReplay(claim: Extract<BatchClaim, {claimed: false}>, userID: string, contentHash: string): 'replay' | 'other_user' | 'other_content' {
  if (claim.userId !== userID) return 'other_user';
  return claim.contentHash === null || claim.contentHash === contentHash ? 'replay' : 'other_content';
}
