import type {BatchOutcome} from '../batch-write.ts';

interface Waiter {
  resolve(outcome: BatchOutcome): void;
  reject(error: unknown): void;
}

/**
 * The `server` promises of writes made in this tab, by batch id, until the
 * replayer (or, for another tab's replay, the outbox) tells their outcome.
 * Each promise settles once: later answers for the same id are ignored.
 */
export class PendingWrites {
  readonly #waiters = new Map<string, Waiter>();

  /** The promise of `batchId`'s final outcome. */
  wait(batchId: string): Promise<BatchOutcome> {
    return new Promise<BatchOutcome>((resolve, reject) => this.#waiters.set(batchId, {resolve, reject}));
  }

  has(batchId: string): boolean {
    return this.#waiters.has(batchId);
  }

  /** Settles `batchId`'s promise: resolved with an outcome, or rejected with an error. */
  settle(batchId: string, outcome: BatchOutcome | Error): void {
    const waiter = this.#waiters.get(batchId);
    if (waiter === undefined) return;
    this.#waiters.delete(batchId);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }
}
