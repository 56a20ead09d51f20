import {expect} from 'vitest';
import {isBatchRejectedError, type BatchRejectedError} from '../../src/errors/batch-rejected-error.ts';

/** The BatchRejectedError a write's `server` promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectionOf(write: {readonly server: Promise<unknown>}): Promise<BatchRejectedError> {
  const error = await write.server.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBatchRejectedError(error), `expected a rejection, got ${String(error)}`).toBe(true);
  return error as BatchRejectedError;
}
