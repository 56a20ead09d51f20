import type {Batch} from '../../contract/batch.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import type {BatchTransport} from '../replay/batch-transport.ts';
import type {GroupSendOutcome, SendOutcome} from '../replay/send-outcome.ts';

interface Deferred {
  readonly batchIds: readonly string[];
  readonly deliver: () => void;
}

/**
 * An idempotent server plus the transport to it, for replayer tests.
 *
 * The server side processes a send the moment it is issued, in issue order
 * (as Zero's push does, by lastMutationID), and records applied ids like the
 * real server's idempotency table. The RESPONSE is delivered at once
 * (`autoDeliver`) or held until the test calls `deliver(i)`, so tests can
 * reorder responses, lose them (crash after send, before ack) or fail them.
 */
export class FakeServer implements BatchTransport {
  /** Batch ids in the order the server applied them: each at most once (I3). */
  readonly applied: string[] = [];
  /** Every send as issued: a batch id, or `group:a,b,c`. */
  readonly log: string[] = [];
  /** Batches the server rejects (validation etc.). */
  readonly rejections = new Map<string, BatchRejection>();
  /** When set, sends fail in transport without reaching the server. */
  down: string | null = null;
  autoDeliver = true;
  /** Responses held back (when `autoDeliver` is false), in issue order. */
  readonly held: Deferred[] = [];
  sendGroup: ((batches: readonly Batch[]) => Promise<GroupSendOutcome>) | undefined;

  constructor(options: {groups?: boolean} = {}) {
    if (options.groups === true) this.sendGroup = (batches) => this.#sendGroup(batches);
  }

  send(batch: Batch): Promise<SendOutcome> {
    this.log.push(batch.id);
    const outcome = this.#process(batch);
    return this.#respond([batch.id], outcome);
  }

  /** Delivers the held response at `index` (0 = oldest held). */
  deliver(index = 0): void {
    const [held] = this.held.splice(index, 1);
    if (held === undefined) throw new Error(`no held response at ${index}`);
    held.deliver();
  }

  #sendGroup(batches: readonly Batch[]): Promise<GroupSendOutcome> {
    this.log.push(`group:${batches.map((b) => b.id).join(',')}`);
    if (this.down !== null) return this.#respond(batches.map((b) => b.id), {kind: 'failed', reason: this.down});
    // One transaction for the group: any rejection rolls the whole group back.
    if (batches.some((b) => this.rejections.has(b.id) && !this.applied.includes(b.id))) {
      return this.#respond(batches.map((b) => b.id), {kind: 'failed', reason: 'a batch in the group was rejected'});
    }
    const results = batches.map((b) => this.#process(b));
    return this.#respond(batches.map((b) => b.id), {kind: 'results', results});
  }

  #process(batch: Batch): SendOutcome {
    if (this.down !== null) return {kind: 'unknown', reason: this.down};
    if (this.applied.includes(batch.id)) return {kind: 'already-applied'};
    const rejection = this.rejections.get(batch.id);
    if (rejection !== undefined) return {kind: 'rejected', error: rejection};
    this.applied.push(batch.id);
    return {kind: 'applied'};
  }

  #respond<T>(batchIds: readonly string[], value: T): Promise<T> {
    if (this.autoDeliver) return Promise.resolve(value);
    return new Promise((resolve) => this.held.push({batchIds, deliver: () => resolve(value)}));
  }
}
