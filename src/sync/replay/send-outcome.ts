import type {BatchRejection} from '../../errors/batch-rejection.ts';

/**
 * The server's answer for one batch, as the transport classifies it.
 * - `applied` / `already-applied`: confirmed; the batch leaves the outbox.
 * - `rejected`: an `app` error, final; the server rolled the whole batch back.
 * - `unknown`: a transport or `zero`-type error; the batch MAY have been
 *   applied. It stays and is resent; idempotency makes that safe.
 */
export type SendOutcome =
  | {readonly kind: 'applied'}
  | {readonly kind: 'already-applied'}
  | {readonly kind: 'rejected'; readonly error: BatchRejection}
  | {readonly kind: 'unknown'; readonly reason: string};

/**
 * The answer for a group of consecutive batches sent at once.
 * - `results`: one outcome per batch, in the order sent (a missing entry
 *   counts as `unknown`).
 * - `failed`: the group as a whole failed (e.g. one batch was rejected and the
 *   group's transaction rolled back, or the payload was too large). The
 *   replayer then sends the same batches one by one, which tells which of
 *   them is at fault; batches the group did apply come back `already-applied`.
 */
export type GroupSendOutcome =
  | {readonly kind: 'results'; readonly results: readonly SendOutcome[]}
  | {readonly kind: 'failed'; readonly reason: string};
