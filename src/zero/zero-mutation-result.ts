import {BatchOutcomeUnknownError} from '../errors/batch-outcome-unknown-error.ts';
import {BatchRejectedError} from '../errors/batch-rejected-error.ts';
import type {BatchRejection, BatchRejectionCode} from '../errors/batch-rejection.ts';
import {ALREADY_APPLIED} from '../contract/already-applied.ts';
import type {BatchOutcome} from '../sync/batch-write.ts';
import type {SendOutcome} from '../sync/replay/send-outcome.ts';

/** Zero's `.server` result, as far as we need it. */
export type ZeroMutationResult =
  | {readonly type: 'success'}
  | {
      readonly type: 'error';
      readonly error:
        | {readonly type: 'app'; readonly message: string; readonly details: unknown}
        | {readonly type: 'zero'; readonly message: string};
    };

/**
 * Maps Zero's result for a `zam.batch` mutation to ours, classifying by
 * structure, never by message text: `zero`-type errors mean "unknown, may be
 * applied" (BatchOutcomeUnknownError), `app` errors are final rejections
 * (BatchRejectedError) except `already_applied`, which confirms.
 */
export function toBatchOutcome(batchId: string, result: ZeroMutationResult): BatchOutcome {
  if (result.type === 'success') return {status: 'applied'};
  const error = result.error;
  if (error.type === 'zero') throw new BatchOutcomeUnknownError(batchId, error.message);
  const details = (error.details ?? {}) as Omit<Partial<BatchRejection>, 'code'> & {code?: string};
  if (details.code === ALREADY_APPLIED) return {status: 'already-applied'};
  throw new BatchRejectedError({
    ...details,
    code: (details.code as BatchRejectionCode | undefined) ?? 'server_error',
    message: error.message,
    batchId,
  });
}

/**
 * The same classification as `toBatchOutcome`, as the replayer's
 * `SendOutcome` (never throws): `zero`-type errors are `unknown` (may be
 * applied, resend), `app` errors are final rejections, except
 * `already_applied`, which is a confirmation.
 */
export function toSendOutcome(batchId: string, result: ZeroMutationResult): SendOutcome {
  try {
    const outcome = toBatchOutcome(batchId, result);
    return {kind: outcome.status};
  } catch (error) {
    if (error instanceof BatchRejectedError) return {kind: 'rejected', error: error.rejection};
    return {kind: 'unknown', reason: error instanceof Error ? error.message : String(error)};
  }
}
