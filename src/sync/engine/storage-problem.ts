import {OutboxClosedError} from '../../errors/outbox-closed-error.ts';
import {OutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';
import {OutboxVersionError} from '../../errors/outbox-version-error.ts';
import type {StorageProblem} from '../status/sync-status.ts';

/** The status's view of an outbox error; null for errors that are not about the device's storage. */
export function storageProblemOf(error: unknown): StorageProblem | null {
  if (error instanceof OutboxUnavailableError || error instanceof OutboxClosedError) {
    return {code: error.code, reason: error.reason, message: error.message};
  }
  if (error instanceof OutboxVersionError) return {code: error.code, reason: null, message: error.message};
  return null;
}
