import {BatchOutcomeUnknownError} from '../errors/batch-outcome-unknown-error.ts';
import {BatchRejectedError, type BatchRejection, type BatchRejectionCode} from '../errors/batch-rejected-error.ts';
import type {SendOutcome} from './replay/send-outcome.ts';

/** The server's final word on a batch that was not rejected. */
export type ServerOutcome = {readonly status: 'applied'} | {readonly status: 'already-applied'};

/**
 * A batch in flight. `client` resolves once the batch is applied locally (its
 * rows show in every query); `server` resolves with the server's outcome, or
 * rejects with BatchRejectedError (final: nothing was applied) or
 * BatchOutcomeUnknownError (may or may not be applied; safe to resend).
 */
export interface BatchWrite {
  readonly batchId: string;
  readonly client: Promise<void>;
  readonly server: Promise<ServerOutcome>;
}

/** Zero's `.server` result, as far as we need it. */
export type ZeroMutationResult =
  | {readonly type: 'success'}
  | {
      readonly type: 'error';
      readonly error:
        | {readonly type: 'app'; readonly message: string; readonly details: unknown}
        | {readonly type: 'zero'; readonly message: string};
    };

const ALREADY_APPLIED = 'already_applied';

/** Maps Zero's result for a `zam.batch` mutation to ours (classifying by structure, not message text). */
export function toServerOutcome(batchId: string, result: ZeroMutationResult): ServerOutcome {
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
 * The same classification as `toServerOutcome`, as the replayer's
 * `SendOutcome` (never throws): `zero`-type errors are `unknown` (may be
 * applied, resend), `app` errors are final rejections, except
 * `already_applied`, which is a confirmation.
 */
export function toSendOutcome(batchId: string, result: ZeroMutationResult): SendOutcome {
  try {
    const outcome = toServerOutcome(batchId, result);
    return {kind: outcome.status};
  } catch (error) {
    if (error instanceof BatchRejectedError) return {kind: 'rejected', error: error.rejection};
    return {kind: 'unknown', reason: error instanceof Error ? error.message : String(error)};
  }
}
