import type {BatchRejection} from '../../errors/batch-rejection.ts';

/** Why the replayer is waiting on a timer. */
export type RetryAction = 'connect' | 'send' | 'auth';

/** See the diagram in `replayer.ts`. */
export type ReplayerState =
  /** Constructed, `start()` not called yet. */
  | {readonly kind: 'stopped'}
  /** Another tab replays; this one waits for leadership. */
  | {readonly kind: 'follower'}
  /** Leader, outbox empty: waits for an append. */
  | {readonly kind: 'idle'}
  /** Leader with pending batches, Zero is `connecting` (or `closed`): Zero's own connect is under way, do not interfere. */
  | {readonly kind: 'waiting'; readonly connection: 'connecting' | 'closed'}
  /** Sending; `inFlight` batches (or groups) await their outcome. */
  | {readonly kind: 'replaying'; readonly inFlight: number}
  /** Waiting `delayMs` (until `retryAt`) before calling connect() or resending. */
  | {
      readonly kind: 'backoff';
      readonly action: RetryAction;
      readonly reason: string;
      /** Consecutive failures so far (the exponent of the delay cap). */
      readonly failures: number;
      readonly delayMs: number;
      readonly retryAt: number;
    }
  /** Zero needs a fresh token; `onNeedsAuth` was called. `retryAt` when it will be asked again. */
  | {readonly kind: 'needs-auth'; readonly retryAt: number | null}
  /** `onRejection: 'halt'` and this batch was rejected: later batches wait until its dead letter is retried or discarded. */
  | {readonly kind: 'halted'; readonly batchId: string; readonly rejection: BatchRejection}
  | {readonly kind: 'closed'};

/** The last problem the replayer met, for the sync status. */
export type ReplayProblem =
  | {readonly kind: 'rejected'; readonly batchId: string; readonly rejection: BatchRejection; readonly at: number}
  | {readonly kind: 'unknown'; readonly batchId: string | undefined; readonly reason: string; readonly at: number}
  | {readonly kind: 'connection'; readonly reason: string; readonly at: number}
  | {readonly kind: 'internal'; readonly reason: string; readonly at: number};
