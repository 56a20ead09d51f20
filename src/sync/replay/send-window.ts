import type {Batch} from '../../contract/batch.ts';
import {groupPrefixLength} from '../../contract/batch-group.ts';
import type {OutboxRecord} from '../outbox/outbox-record.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import type {BatchTransport} from './batch-transport.ts';
import {callAsync} from './call-async.ts';
import {describeError} from './describe-error.ts';
import type {SendOutcome} from './send-outcome.ts';

/** What one in-flight send (single or group) resolves to; never rejects. */
export type UnitResult =
  | {readonly kind: 'outcomes'; readonly outcomes: readonly SendOutcome[]}
  | {readonly kind: 'group-failed'; readonly reason: string};

/** One send in flight: a single batch, or a group of consecutive batches. */
export interface InFlightUnit {
  readonly records: readonly OutboxRecord[];
  readonly group: boolean;
  readonly result: Promise<UnitResult>;
}

export interface SendWindowCounters {
  sends: number;
  groupSends: number;
  groupFallbacks: number;
}

/**
 * The replayer's send window: which outbox batches go out next and how.
 *
 * - Batches are issued in seq order: one `send` each, pipelined up to
 *   `maxInFlight`, or — when nothing is in flight — one `sendGroup` of up to
 *   `maxGroupSize` consecutive batches. A group goes alone and is awaited
 *   before anything else is issued, so a failed group can be resent without
 *   any later batch overtaking it (I2).
 * - A failed group (`fallBack`) is resent one by one, up to its last seq,
 *   before any new group: that tells which batch is at fault, and the ones
 *   the group did apply come back `already-applied` (I3).
 * - Units leave the window oldest first (`shift`), so the replayer handles
 *   outcomes strictly in seq order, whatever order they arrive in.
 */
export class SendWindow {
  readonly #store: OutboxStore;
  readonly #transport: BatchTransport;
  readonly #counters: SendWindowCounters;
  readonly #maxInFlight: number;
  readonly #maxGroupSize: number;
  readonly #inFlight: InFlightUnit[] = [];
  /** The seq of the last batch issued this round; the next peek starts after it. */
  #lastIssuedSeq: number | undefined;
  /** Batches with seq ≤ this are sent one by one: their group failed. Kept across rounds. */
  #fallbackUntilSeq = 0;

  constructor(
    deps: {readonly store: OutboxStore; readonly transport: BatchTransport; readonly counters: SendWindowCounters},
    options: {readonly maxInFlight: number; readonly maxGroupSize: number},
  ) {
    this.#store = deps.store;
    this.#transport = deps.transport;
    this.#counters = deps.counters;
    this.#maxInFlight = Math.max(1, options.maxInFlight);
    this.#maxGroupSize = deps.transport.sendGroup === undefined ? 1 : Math.max(1, options.maxGroupSize);
  }

  /** Units issued and not yet shifted out. */
  get size(): number {
    return this.#inFlight.length;
  }

  /** A new round: nothing in flight, the next peek starts at the outbox head. */
  reset(): void {
    this.#inFlight.length = 0;
    this.#lastIssuedSeq = undefined;
  }

  /**
   * Issues sends, in seq order, while there is room and `mayIssue()` holds.
   * Each issued batch is marked `sending` in the outbox first, so a crash
   * after the send leaves a trace (it is resent; the server applies it once).
   */
  async fill(mayIssue: () => boolean, onIssued: (inFlight: number) => void): Promise<void> {
    while (this.#inFlight.length < this.#maxInFlight && mayIssue()) {
      if (this.#inFlight.some((unit) => unit.group)) return;
      const room = this.#maxInFlight - this.#inFlight.length;
      const groupsOn = this.#maxGroupSize > 1;
      const limit = groupsOn && this.#inFlight.length === 0 ? Math.max(room, this.#maxGroupSize) : room;
      const records = await this.#store.peek(limit, this.#lastIssuedSeq);
      const first = records[0];
      if (first === undefined) return;
      let units: (readonly OutboxRecord[])[];
      if (!groupsOn) {
        units = records.map((r) => [r]);
      } else if (first.seq <= this.#fallbackUntilSeq) {
        // Resending a failed group one by one (pipelined), up to its last batch.
        units = records
          .slice(0, room)
          .filter((r) => r.seq <= this.#fallbackUntilSeq)
          .map((r) => [r]);
      } else if (this.#inFlight.length === 0) {
        // One group (a plain send when only one batch is pending), within the server's group bounds.
        const candidates = records.slice(0, this.#maxGroupSize);
        units = [candidates.slice(0, groupPrefixLength(candidates.map((r) => r.batch)))];
      } else {
        return; // let the window drain, then send the rest as a group
      }
      const toSend = units.flat();
      await this.#store.markAttempt(
        toSend.map((r) => r.batchId),
        {status: 'sending'},
      );
      if (!mayIssue()) return;
      for (const unitRecords of units) this.#inFlight.push(this.#issue(unitRecords));
      this.#lastIssuedSeq = toSend.at(-1)?.seq ?? this.#lastIssuedSeq;
      onIssued(this.#inFlight.length);
    }
  }

  /** The oldest unit in flight (its outcomes come first), or undefined when the window is empty. */
  shift(): InFlightUnit | undefined {
    return this.#inFlight.shift();
  }

  /**
   * A group failed as a whole: its batches go again one by one. Nothing else
   * is in flight (groups go alone), so restarting the peek from the head
   * cannot reorder anything.
   */
  async fallBack(unit: InFlightUnit, reason: string): Promise<void> {
    this.#counters.groupFallbacks++;
    this.#fallbackUntilSeq = Math.max(this.#fallbackUntilSeq, unit.records.at(-1)?.seq ?? 0);
    this.#lastIssuedSeq = undefined;
    await this.#store.markAttempt(
      unit.records.map((r) => r.batchId),
      {status: 'pending', lastError: `group failed: ${reason}`},
    );
  }

  /** Starts a send; the returned unit's promise never rejects. */
  #issue(records: readonly OutboxRecord[]): InFlightUnit {
    const batches = records.map((r) => r.batch);
    const sendGroup = this.#transport.sendGroup?.bind(this.#transport);
    if (records.length > 1 && sendGroup !== undefined) {
      this.#counters.groupSends++;
      const result = callAsync(() => sendGroup(batches)).then(
        (outcome): UnitResult =>
          outcome.kind === 'failed' ? {kind: 'group-failed', reason: outcome.reason} : {kind: 'outcomes', outcomes: outcome.results},
        (error: unknown): UnitResult => ({kind: 'group-failed', reason: describeError(error)}),
      );
      return {records, group: true, result};
    }
    this.#counters.sends++;
    const [batch] = batches;
    const result = callAsync(() => this.#transport.send(batch as Batch)).then(
      (outcome): UnitResult => ({kind: 'outcomes', outcomes: [outcome]}),
      (error: unknown): UnitResult => ({kind: 'outcomes', outcomes: [{kind: 'unknown', reason: describeError(error)}]}),
    );
    return {records, group: false, result};
  }
}
