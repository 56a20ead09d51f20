/** The server's final word on a batch it did not reject. */
export type BatchOutcome = {readonly status: 'applied'} | {readonly status: 'already-applied'};

/**
 * A batch in flight. `client` resolves once the batch is applied locally (its
 * rows show in every query) and durable in the outbox; `server` resolves with
 * the server's outcome, or rejects with BatchRejectedError (final: nothing was
 * applied). Through the outbox `server` never rejects with "unknown": an
 * unknown outcome is retried until the server answers.
 */
export interface BatchWrite {
  readonly batchId: string;
  readonly client: Promise<void>;
  readonly server: Promise<BatchOutcome>;
}
