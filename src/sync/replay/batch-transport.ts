import type {Batch} from '../../contract/batch.ts';
import type {GroupSendOutcome, SendOutcome} from './send-outcome.ts';

/**
 * Sends batches to the server; for Zero, one `zam.batch` custom mutation per
 * send, resolving with the classified `.server` result.
 *
 * Ordering contract the replayer relies on to pipeline (I2): sends are
 * delivered and processed in the order they were issued, and the server never
 * applies a later send unless every earlier one was processed (applied or
 * rejected). Zero gives this through its per-client lastMutationID, which the
 * server advances strictly in order.
 *
 * Methods should not reject; if they do, the replayer treats it as `unknown`.
 */
export interface BatchTransport {
  send(batch: Batch): Promise<SendOutcome>;
  /**
   * Optional: several consecutive batches in one round trip (one Zero
   * mutation), for throughput. Each batch must stay atomic and idempotent on
   * its own: applied in order, each recorded by its own id. The replayer sends
   * a group only when nothing else is in flight and waits for it before
   * sending more, so a failed group can be resent one by one without any later
   * batch overtaking it.
   */
  sendGroup?(batches: readonly Batch[]): Promise<GroupSendOutcome>;
}
