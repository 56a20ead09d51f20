import type {Batch} from '../contract/batch.ts';
import {toSendOutcome, type ZeroMutationResult} from './zero-mutation-result.ts';
import type {HandOffTransport, HandResult} from '../sync/engine/hand-off-transport.ts';
import type {ConnectionMonitor} from '../sync/replay/connection-monitor.ts';
import type {GroupSendOutcome, SendOutcome} from '../sync/replay/send-outcome.ts';

/** `z.mutate(zam.batch(batch))`, typed as far as the transport needs it. */
export type MutateBatchFn = (batch: Batch) => {
  readonly client: Promise<ZeroMutationResult>;
  readonly server: Promise<ZeroMutationResult>;
};

/** `z.mutate(zam.batches({v: 1, batches}))`: several batches in one mutation (see src/contract/batch-group.ts). */
export type MutateGroupFn = (batches: readonly Batch[]) => {
  readonly client: Promise<ZeroMutationResult>;
  readonly server: Promise<ZeroMutationResult>;
};

export interface ZeroTransportOptions {
  /** One batch as one `zam.batch` mutation. */
  readonly mutate: MutateBatchFn;
  /** Several batches as one `zam.batches` mutation; without it, groups are sent batch by batch. */
  readonly mutateGroup?: MutateGroupFn | undefined;
  readonly connection: ConnectionMonitor;
}

export interface ZeroTransportStats {
  /** `z.mutate` calls (write path + replayer). */
  mutations: number;
  /** Replayer sends answered by a mutation the write path had already handed to Zero (no second push). */
  reused: number;
  /** Group mutations (several batches in one). */
  groups: number;
}

/**
 * Sends batches as `zam.batch` custom mutations through ONE Zero instance.
 *
 * Zero is handed every batch once (`hand`): by the write path right after the
 * outbox append, at start for batches left over from an earlier session, or
 * by the replayer for a batch Zero could not take then. The replayer's `send`
 * reuses the `.server` promise of a batch already handed, so a batch goes over
 * the wire once in steady state; only when Zero lost it (`zero`-type error:
 * disconnect, error state, reload) does `send` hand it again. A duplicate push
 * is harmless: the server applies each batch id once (I3).
 *
 * Order (I2): Zero pushes mutations in the order they were handed, and the
 * callers hand in outbox order (see `SyncEngine`).
 */
export class ZeroTransport implements HandOffTransport {
  readonly #mutate: MutateBatchFn;
  readonly #connection: ConnectionMonitor;
  /** `.server` results of handed mutations whose outcome the replayer has not consumed. */
  readonly #inFlight = new Map<string, Promise<ZeroMutationResult>>();
  /** Batches this Zero instance holds optimistically (until they leave the outbox). */
  readonly #held = new Set<string>();
  /** A write in progress: `send` waits until the write path decided whether it hands the batch itself. */
  readonly #decisions = new Map<string, Promise<void>>();
  /** Called when the set of batches Zero holds changed (the overlay re-filters). */
  onHeldChange: () => void = () => {};
  /** Called synchronously when a batch is handed to Zero (before any later batch can be). */
  onHand: (batchId: string) => void = () => {};
  readonly stats: ZeroTransportStats = {mutations: 0, reused: 0, groups: 0};
  readonly #mutateGroup: MutateGroupFn | undefined;

  constructor(options: ZeroTransportOptions) {
    this.#mutate = options.mutate;
    this.#mutateGroup = options.mutateGroup;
    this.#connection = options.connection;
  }

  /** Whether `z.mutate` would be accepted now (Zero rejects writes in disconnected/error/closed). */
  get accepting(): boolean {
    const state = this.#connection.state;
    return state === 'connecting' || state === 'connected' || state === 'needs-auth';
  }

  /** Handed batches whose outcome the replayer has not consumed yet. */
  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  holds(batchId: string): boolean {
    return this.#held.has(batchId);
  }

  /** The batch left the outbox: forget it. */
  release(batchId: string): void {
    this.#inFlight.delete(batchId);
    if (this.#held.delete(batchId)) this.onHeldChange();
  }

  /** Marks a write in progress; `send` for that batch waits for `done`. */
  deciding(batchId: string, done: Promise<void>): void {
    const settled = done.then(
      () => {},
      () => {},
    );
    this.#decisions.set(batchId, settled);
    void settled.then(() => {
      if (this.#decisions.get(batchId) === settled) this.#decisions.delete(batchId);
    });
  }

  /** Hands the batch to Zero (optimistic apply + push when connected). */
  hand(batch: Batch): {readonly client: Promise<HandResult>} {
    this.stats.mutations++;
    const result = this.#mutate(batch);
    this.onHand(batch.id);
    this.#inFlight.set(batch.id, result.server);
    const client = result.client.then((r) => {
      if (r.type === 'success' || r.error.type === 'app') {
        // An app error here is the client-side guard: the server will reject it too.
        if (!this.#held.has(batch.id)) {
          this.#held.add(batch.id);
          this.onHeldChange();
        }
      }
      return handResult(batch.id, r);
    });
    return {client};
  }

  async send(batch: Batch): Promise<SendOutcome> {
    const decision = this.#decisions.get(batch.id);
    if (decision !== undefined) await decision;
    let server = this.#inFlight.get(batch.id);
    if (server === undefined) {
      if (!this.accepting) return {kind: 'unknown', reason: `Zero is ${this.#connection.state}`};
      this.hand(batch);
      server = this.#inFlight.get(batch.id)!;
    } else {
      this.stats.reused++;
    }
    const result = await server;
    if (this.#inFlight.get(batch.id) === server) this.#inFlight.delete(batch.id);
    const outcome = toSendOutcome(batch.id, result);
    // Zero dropped its copy (rollback on rejection): it no longer shows it.
    if (outcome.kind === 'rejected') this.release(batch.id);
    return outcome;
  }

  /**
   * Several consecutive batches. The leading ones Zero already holds in
   * flight (handed by the write path) are answered by their own mutations;
   * the rest go as ONE `zam.batches` mutation: all applied, or the group
   * `failed` (the replayer resends them one by one), or `unknown`.
   */
  async sendGroup(batches: readonly Batch[]): Promise<GroupSendOutcome> {
    const results: SendOutcome[] = [];
    let index = 0;
    while (index < batches.length && this.#inFlight.has(batches[index]!.id)) results.push(await this.send(batches[index++]!));
    const rest = batches.slice(index);
    if (rest.length === 0) return {kind: 'results', results};
    if (rest.length === 1 || this.#mutateGroup === undefined) {
      for (const batch of rest) results.push(await this.send(batch));
      return {kind: 'results', results};
    }
    for (const batch of rest) {
      const decision = this.#decisions.get(batch.id);
      if (decision !== undefined) await decision;
    }
    if (!this.accepting) return {kind: 'results', results: [...results, ...rest.map(() => ({kind: 'unknown', reason: `Zero is ${this.#connection.state}`}) as const)]};
    this.stats.mutations++;
    this.stats.groups++;
    const result = this.#mutateGroup(rest);
    for (const batch of rest) this.onHand(batch.id);
    void result.client.then((r) => {
      if (r.type === 'error' && r.error.type === 'zero') return;
      for (const batch of rest) this.#held.add(batch.id);
      this.onHeldChange();
    });
    const server = await result.server;
    if (server.type === 'success') return {kind: 'results', results: [...results, ...rest.map(() => ({kind: 'applied'}) as const)]};
    if (server.error.type === 'zero') {
      return {kind: 'results', results: [...results, ...rest.map(() => ({kind: 'unknown', reason: server.error.message}) as const)]};
    }
    // Rolled back as a whole (Zero dropped its optimistic copy too).
    for (const batch of rest) this.release(batch.id);
    return {kind: 'failed', reason: server.error.message};
  }
}

/** Zero's optimistic (`.client`) result as the write path needs it: a `zero`-type error means Zero did not take the write. */
function handResult(batchId: string, result: ZeroMutationResult): HandResult {
  const outcome = toSendOutcome(batchId, result);
  switch (outcome.kind) {
    case 'applied':
    case 'already-applied':
      return {kind: 'taken'};
    case 'unknown':
      return {kind: 'refused', reason: outcome.reason};
    case 'rejected':
      return {kind: 'rejected', rejection: outcome.error};
  }
}
