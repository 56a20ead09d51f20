import type {ActivityLogConfig, ModelConfig} from '../../contract/model-config.ts';
import type {Batch} from '../../contract/batch.ts';
import {MAX_GROUP_BATCHES} from '../../contract/batch-group.ts';
import {BatchRejectedError} from '../../errors/batch-rejected-error.ts';
import {isDuplicateBatchError} from '../../errors/duplicate-batch-error.ts';
import {SyncNotReadyError} from '../../errors/sync-not-ready-error.ts';
import type {BatchOutcome} from '../batch-write.ts';
import {DeadLetters} from '../dead-letters/dead-letters.ts';
import {createLeaderElector} from '../leader/create-leader-elector.ts';
import type {LeaderElector} from '../leader/leader-elector.ts';
import type {DeadLetterRecord, OutboxRecord} from '../outbox/outbox-record.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import {OutboxOverlay, type OverlaySource} from '../overlay/overlay-source.ts';
import {systemClock, type Clock} from '../replay/clock.ts';
import type {ConnectionMonitor} from '../replay/connection-monitor.ts';
import {Replayer, type ReplayerOptions, type ReplayerStats} from '../replay/replayer.ts';
import {flush, type FlushOptions} from '../status/flush.ts';
import {SyncStatus, type StorageProblem, type SyncStatusSnapshot} from '../status/sync-status.ts';
import {storageProblemOf} from './storage-problem.ts';
import type {HandOffTransport} from './hand-off-transport.ts';
import {openOutboxStore, outboxName, type OutboxLocation} from './open-outbox-store.ts';
import {PendingWrites} from './pending-writes.ts';
import {UnhandedBatches} from './unhanded-batches.ts';

/** Where the outbox lives, replay tuning, auth refresh, leader election and the clock. */
export interface SyncEngineOptions {
  /** Where the outbox lives (see `OutboxLocation`). */
  readonly outbox?: OutboxLocation;
  /** Called when the connection is in `needs-auth`: return a fresh token (or undefined to keep waiting). */
  readonly getAuth?: (() => Promise<string | undefined> | string | undefined) | undefined;
  readonly replay?: ReplayerOptions | undefined;
  readonly clock?: Clock | undefined;
  /** Leader election; default: Web Locks / IndexedDB lease / single process (`createLeaderElector`). */
  readonly leader?: LeaderElector | undefined;
  /** Most unconfirmed batches in the sync client's own queue (default 32); later writes wait in the outbox, shown by the overlay. */
  readonly handAheadLimit?: number | undefined;
}

export interface SyncEngineDeps {
  readonly userID: string;
  readonly transport: HandOffTransport;
  readonly connection: ConnectionMonitor;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
}

/** The overlay readers see: stable from construction, empty until the outbox is open. */
export type EngineOverlay = OverlaySource & {caughtUp(): Promise<void>};

const BEFORE_START: SyncStatusSnapshot = {
  state: 'offline',
  pending: 0,
  oldestPendingAgeMs: null,
  deadLetters: 0,
  lastError: null,
  isLeader: false,
  replayer: 'stopped',
  storage: null,
};

/** Most batches handed to the sync client and not yet confirmed before new writes wait in the outbox (see `#mayHand`). */
const HAND_AHEAD_LIMIT = 32;

/** How long after another tab's replay removed a batch this tab settles its own write (the leader's hook goes first). */
const OTHER_TAB_SETTLE_DELAY_MS = 50;

/**
 * The offline layer wired to one sync client: write-ahead outbox, replayer
 * (leader tab only), overlay, status, dead letters, flush.
 *
 * Write path (`write`), for every batch, online or not:
 *   1. append to the outbox (one IndexedDB transaction, awaited) — I1;
 *   2. hand it to the sync client (optimistic apply, push when connected)
 *      unless the client refuses writes now or an earlier batch of this tab
 *      is still waiting to be handed (`UnhandedBatches`): handing it then
 *      would let it overtake that batch (I2). Such batches are shown by the
 *      overlay and handed, in seq order, by the replayer's sends;
 *   3. `client` resolves; `server` resolves with the replayer's final outcome
 *      (confirmed or rejected — never "unknown": unknown is retried).
 *
 * At start every pending batch (left by an earlier session, a reload, a crash)
 * is handed again in seq order, so the client itself shows it and pushes it
 * first thing when it connects; a copy Zero had persisted too is harmless
 * (an insert of an existing row is a no-op on the client, the server applies
 * each id once, I3).
 */
export class SyncEngine {
  readonly ready: Promise<void>;
  readonly #deps: SyncEngineDeps;
  readonly #options: SyncEngineOptions;
  readonly #clock: Clock;
  readonly #pending = new PendingWrites();
  readonly #unhanded = new UnhandedBatches(() => this.#overlay?.invalidate());
  readonly #statusListeners = new Set<(status: SyncStatusSnapshot) => void>();
  #store: OutboxStore | undefined;
  #leader: LeaderElector | undefined;
  #replayer: Replayer | undefined;
  #status: SyncStatus | undefined;
  #deadLetters: DeadLetters | undefined;
  #overlay: OutboxOverlay | undefined;
  readonly #overlayListeners = new Set<() => void>();
  readonly #overlayFacade: EngineOverlay;
  #storage: StorageProblem | null = null;
  #closed = false;
  #cleanups: (() => void)[] = [];

  constructor(deps: SyncEngineDeps, options: SyncEngineOptions = {}) {
    this.#deps = deps;
    const overlay = () => this.#overlay;
    this.#overlayFacade = {
      get batches() {
        return overlay()?.batches ?? [];
      },
      apply: (spec, rows) => overlay()?.apply(spec, rows) ?? rows,
      subscribe: (listener) => {
        this.#overlayListeners.add(listener);
        return () => {
          this.#overlayListeners.delete(listener);
        };
      },
      caughtUp: async () => {
        await this.ready;
        await overlay()?.caughtUp();
      },
    };
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.ready = this.#start().catch((error: unknown) => {
      // The outbox could not open (private mode, a blocked upgrade, …): every write rejects with this error, and the status shows it.
      this.#setStorage(storageProblemOf(error));
      throw error;
    });
    this.ready.catch(() => {});
  }

  /** The outbox store (after `ready`). */
  get store(): OutboxStore {
    return must(this.#store);
  }

  /**
   * The overlay for readers (a data source wraps the client's rows with it).
   * Stable from construction: before the outbox is open it shows nothing, then
   * it notifies its subscribers once and follows the outbox.
   */
  get overlay(): EngineOverlay {
    return this.#overlayFacade;
  }

  get replayerStats(): ReplayerStats | undefined {
    return this.#replayer?.stats;
  }

  /** The status now; a placeholder (`offline`, 0 pending) until the outbox is open; `error` with `storage` while the device's storage fails. */
  get status(): SyncStatusSnapshot {
    const status = this.#status?.current ?? BEFORE_START;
    return this.#storage === null ? status : {...status, state: 'error', storage: this.#storage};
  }

  /** Calls `listener` with every new sync status; returns the function that stops it. */
  subscribeStatus(listener: (status: SyncStatusSnapshot) => void): () => void {
    this.#statusListeners.add(listener);
    return () => {
      this.#statusListeners.delete(listener);
    };
  }

  /** Resolves when the outbox is empty; rejects with why it cannot get there (see `flush`). */
  async flush(options?: FlushOptions): Promise<void> {
    await this.ready;
    return flush({store: this.store, replayer: must(this.#replayer), leader: must(this.#leader), clock: this.#clock}, options);
  }

  /** The batches the server rejected for good, oldest first, with their errors. */
  async listDeadLetters(): Promise<readonly DeadLetterRecord[]> {
    await this.ready;
    return must(this.#deadLetters).list();
  }

  /** Queues a dead letter again; an edited batch needs a new id. */
  async retryDeadLetter(batchId: string, editedBatch?: Batch): Promise<OutboxRecord> {
    await this.ready;
    return must(this.#deadLetters).retry(batchId, editedBatch);
  }

  /** Forgets a dead letter: its optimistic effects stay undone. Throws `DeadLetterNotFoundError` for an unknown id. */
  async discardDeadLetter(batchId: string): Promise<void> {
    await this.ready;
    return must(this.#deadLetters).discard(batchId);
  }

  /** The write path (see the class comment). */
  write(batch: Batch): {client: Promise<void>; server: Promise<BatchOutcome>} {
    const server = this.#pending.wait(batch.id);
    const client = this.#writeAhead(batch);
    this.#deps.transport.deciding(batch.id, client);
    return {client, server};
  }

  async #writeAhead(batch: Batch): Promise<void> {
    await this.ready;
    try {
      await this.store.append(batch);
      this.#setStorage(null);
    } catch (error) {
      // Already pending (the same batch written twice): it will be sent once.
      if (!isDuplicateBatchError(error)) {
        // Nothing was stored: the write rejects (never a success), and the status says why.
        this.#setStorage(storageProblemOf(error) ?? this.#storage);
        throw error;
      }
      return;
    }
    if (!this.#mayHand()) {
      this.#unhanded.add(batch.id);
      return;
    }
    const result = await this.#deps.transport.hand(batch).client;
    switch (result.kind) {
      case 'taken':
        return;
      case 'refused':
        // Went offline between the check and the call: the replayer hands it later.
        this.#unhanded.add(batch.id);
        return;
      case 'rejected':
        // The client-side guard refused it, as the server will: same structured rejection.
        throw new BatchRejectedError({...result.rejection, batchId: batch.id});
    }
  }

  /** Stops replaying and releases the outbox and the leader lock; pending batches stay in the outbox for the next start. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.ready.catch(() => {});
    for (const cleanup of this.#cleanups) cleanup();
    await this.#replayer?.close();
    this.#status?.close();
    this.#overlay?.close();
    this.#leader?.close();
    this.#store?.close();
  }

  async #start(): Promise<void> {
    const {userID, transport, connection, models, activityLog} = this.#deps;
    const store = await openOutboxStore(this.#options.outbox, userID);
    this.#store = store;
    const leader = this.#options.leader ?? (await createLeaderElector({name: outboxName(this.#options.outbox, userID), clock: this.#clock}));
    this.#leader = leader;
    // The replayer hands batches in seq order: once handed, a batch no longer blocks the write path.
    transport.onHand = (batchId) => this.#unhanded.delete(batchId);
    transport.onHeldChange = () => this.#overlay?.invalidate();
    this.#overlay = new OutboxOverlay(store, (id) => transport.holds(id) && !this.#unhanded.has(id), {models, activityLog});

    // Re-hand what an earlier session left, in seq order, before any new write.
    const leftOver = await store.peek(1_000_000);
    for (const record of leftOver) {
      if (this.#mayHand()) {
        void transport.hand(record.batch).client.then((r) => {
          if (r.kind === 'refused') this.#unhanded.add(record.batchId);
        });
      } else {
        this.#unhanded.add(record.batchId);
      }
    }

    const replayer = new Replayer(
      {
        store,
        transport,
        connection,
        leader,
        clock: this.#clock,
        hooks: {
          onNeedsAuth: async () => {
            const auth = await this.#options.getAuth?.();
            if (auth !== undefined) await connection.connect({auth});
          },
          onConfirmed: (batch, outcome) => this.#pending.settle(batch.id, {status: outcome}),
          onRejected: (batch, rejection) => this.#pending.settle(batch.id, new BatchRejectedError({...rejection, batchId: batch.id})),
        },
      },
      {maxGroupSize: MAX_GROUP_BATCHES, maxInFlight: 16, ...this.#options.replay},
    );
    this.#replayer = replayer;
    this.#deadLetters = new DeadLetters(store, {onRejection: this.#options.replay?.onRejection});
    const status = new SyncStatus({store, replayer, connection, leader, clock: this.#clock});
    this.#status = status;

    this.#cleanups.push(
      store.subscribe((change) => {
        switch (change.kind) {
          case 'remove':
          case 'dead-letter':
            this.#unhanded.delete(change.batchId);
            transport.release(change.batchId);
            // Another tab replayed it: settle this tab's write (after the leader's own hook had its turn).
            if (this.#pending.has(change.batchId)) this.#settleFromStore(change.batchId, change.kind);
            break;
          case 'retry':
            // Back in the outbox; the sync client holds it only once the replayer sends it.
            this.#unhanded.add(change.newBatchId);
            break;
          default:
            break;
        }
      }),
      status.subscribe(() => {
        const snapshot = this.status;
        for (const listener of [...this.#statusListeners]) listener(snapshot);
      }),
    );
    this.#cleanups.push(this.#overlay.subscribe(() => this.#notifyOverlay()));
    await this.#overlay.start();
    this.#notifyOverlay();
    await status.start();
    replayer.start();
  }

  /**
   * Whether the write path may hand a batch to the sync client now: it takes
   * writes, no earlier batch of this tab waits to be handed (order), and its
   * queue of unconfirmed batches is short. The last rule is about cost: Zero
   * re-runs every pending mutation on each server update (rebase), so a queue
   * of 500 offline writes drains at a few batches per second; beyond the
   * limit the overlay shows the writes and the replayer feeds them to Zero a
   * window at a time.
   */
  #mayHand(): boolean {
    const transport = this.#deps.transport;
    return (
      this.#unhanded.size === 0 &&
      !this.#resendPending() &&
      transport.accepting &&
      transport.inFlightCount < (this.#options.handAheadLimit ?? HAND_AHEAD_LIMIT)
    );
  }

  /**
   * An earlier batch's outcome was unknown and the replayer waits to send it
   * again: a write handed to the sync client now would reach the server
   * before that resend (I2; found by the chaos suite under API server kills).
   */
  #resendPending(): boolean {
    const state = this.#replayer?.state;
    return state?.kind === 'backoff' && state.action === 'send';
  }

  #setStorage(problem: StorageProblem | null): void {
    if (problem === this.#storage || (problem !== null && this.#storage !== null && problem.message === this.#storage.message)) return;
    this.#storage = problem;
    const snapshot = this.status;
    for (const listener of [...this.#statusListeners]) listener(snapshot);
  }

  #notifyOverlay(): void {
    for (const listener of [...this.#overlayListeners]) listener();
  }

  /** Another tab's replayer removed or dead-lettered a batch written here: tell this tab's caller. */
  #settleFromStore(batchId: string, kind: 'remove' | 'dead-letter'): void {
    this.#clock.setTimeout(() => {
      if (!this.#pending.has(batchId)) return;
      if (kind === 'remove') return this.#pending.settle(batchId, {status: 'applied'});
      void this.#store
        ?.getDeadLetter(batchId)
        .then((dead) => {
          const rejection = dead?.rejection ?? {code: 'server_error', message: 'rejected'};
          this.#pending.settle(batchId, new BatchRejectedError({...rejection, batchId}));
        })
        .catch(() => {});
    }, OTHER_TAB_SETTLE_DELAY_MS);
  }
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new SyncNotReadyError();
  return value;
}
