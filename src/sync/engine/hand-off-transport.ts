import type {Batch} from '../../contract/batch.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import type {BatchTransport} from '../replay/batch-transport.ts';

/**
 * What handing a batch to the sync client's own queue gave, for the write
 * path: `taken` — applied optimistically and queued to push; `refused` — the
 * client does not take writes now (Zero offline/error: the replayer hands it
 * later); `rejected` — the optimistic apply itself failed (the client-side
 * guard: the server would refuse it too).
 */
export type HandResult =
  | {readonly kind: 'taken'}
  | {readonly kind: 'refused'; readonly reason: string}
  | {readonly kind: 'rejected'; readonly rejection: BatchRejection};

/**
 * The replayer's transport plus what the write path needs to hand batches to
 * the sync client (Zero) itself, once each, in outbox order. Implemented by
 * `ZeroTransport`.
 */
export interface HandOffTransport extends BatchTransport {
  /** Whether the client takes writes now. */
  readonly accepting: boolean;
  /** Handed batches whose outcome the replayer has not consumed yet. */
  readonly inFlightCount: number;
  /** Whether the client holds the batch optimistically (so the overlay must not show it twice). */
  holds(batchId: string): boolean;
  /** The batch left the outbox: forget it. */
  release(batchId: string): void;
  /** A write of this batch is in progress; `send` waits for `done` before deciding to hand it again. */
  deciding(batchId: string, done: Promise<void>): void;
  hand(batch: Batch): {readonly client: Promise<HandResult>};
  /** Called synchronously when a batch is handed (before any later batch can be). */
  onHand: (batchId: string) => void;
  /** Called when the set of batches the client holds changed. */
  onHeldChange: () => void;
}
