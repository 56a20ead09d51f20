import {BatchRejectedError, type BatchRejection as FullRejection} from '../errors/batch-rejected-error.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {Batch} from '../contract/batch.ts';
import {MAX_GROUP_BATCHES} from '../contract/batch-group.ts';
import {DeadLetters} from '../sync/dead-letters/dead-letters.ts';
import {isDuplicateBatchError} from '../errors/duplicate-batch-error.ts';
import {createLeaderElector} from '../sync/leader/create-leader-elector.ts';
import type {LeaderElector} from '../sync/leader/leader-elector.ts';
import type {ServerOutcome} from '../sync/mutate-batch-result.ts';
import {IdbOutboxStore} from '../sync/outbox/idb-outbox-store.ts';
import {MemoryOutboxStore} from '../sync/outbox/memory-outbox-store.ts';
import type {DeadLetterRecord, OutboxRecord} from '../sync/outbox/outbox-record.ts';
import type {OutboxStore} from '../sync/outbox/outbox-store.ts';
import {OutboxOverlay, type OverlaySource} from '../sync/overlay/overlay-source.ts';
import {systemClock, type Clock} from '../sync/replay/clock.ts';
import {Replayer, type ReplayerOptions, type ReplayerStats} from '../sync/replay/replayer.ts';
import {flush, type FlushOptions} from '../sync/status/flush.ts';
import {SyncStatus, type SyncStatusSnapshot} from '../sync/status/sync-status.ts';
import type {ZeroConnectionMonitor} from './zero-connection-monitor.ts';
import type {ZeroTransport} from './zero-transport.ts';

export interface SyncEngineOptions {
  /**
   * The outbox: an IndexedDB database name (default `zam-outbox:<userID>`), a
   * ready store, or `memory` (pending writes die with the process: Node
   * scripts). Without IndexedDB in the environment the memory store is used.
   */
  readonly outbox?: {readonly name?: string | undefined} | {readonly store: OutboxStore} | 'memory' | undefined;
  /** Called when Zero is in `needs-auth`: return a fresh token (or undefined to keep waiting). */
  readonly getAuth?: (() => Promise<string | undefined> | string | undefined) | undefined;
  readonly replay?: ReplayerOptions | undefined;
  readonly clock?: Clock | undefined;
  /** Leader election; default: Web Locks / IndexedDB lease / single process (`createLeaderElector`). */
  readonly leader?: LeaderElector | undefined;
  /** Most unconfirmed batches in Zero's own queue (default 32); later writes wait in the outbox, shown by the overlay. */
  readonly handAheadLimit?: number | undefined;
}

export interface SyncEngineDeps {
  readonly userID: string;
  readonly transport: ZeroTransport;
  readonly connection: ZeroConnectionMonitor;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
}

const BEFORE_START: SyncStatusSnapshot = {
  state: 'offline',
  pending: 0,
  oldestPendingAgeMs: null,
  deadLetters: 0,
  lastError: null,
  isLeader: false,
  replayer: 'stopped',
};

/** Most batches handed to Zero and not yet confirmed before new writes wait in the outbox (see `#mayHand`). */
const HAND_AHEAD_LIMIT = 32;

interface Waiter {
  resolve(outcome: ServerOutcome): void;
  reject(error: unknown): void;
}

/**
 * The offline layer wired to one Zero client: write-ahead outbox, replayer
 * (leader tab only), overlay, status, dead letters, flush.
 *
 * Write path (`write`), for every batch, online or not:
 *   1. append to the outbox (one IndexedDB transaction, awaited) — I1;
 *   2. hand it to Zero (optimistic apply, push when connected) unless Zero
 *      rejects writes now or an earlier batch of this tab is still waiting to
 *      be handed (`#unhanded`): handing it then would let it overtake that
 *      batch (I2). Such batches are shown by the overlay and handed, in seq
 *      order, by the replayer's sends;
 *   3. `client` resolves; `server` resolves with the replayer's final outcome
 *      (confirmed or rejected — never "unknown": unknown is retried).
 *
 * At start every pending batch (left by an earlier session, a reload, a crash)
 * is handed to Zero again in seq order, so Zero itself shows it and pushes it
 * first thing when it connects; a copy Zero had persisted too is harmless
 * (an insert of an existing row is a no-op on the client, the server applies
 * each id once).
 */
export class SyncEngine {
  readonly ready: Promise<void>;
  readonly #deps: SyncEngineDeps;
  readonly #options: SyncEngineOptions;
  readonly #clock: Clock;
  readonly #waiters = new Map<string, Waiter>();
  readonly #unhanded = new Set<string>();
  readonly #statusListeners = new Set<(status: SyncStatusSnapshot) => void>();
  #store: OutboxStore | undefined;
  #leader: LeaderElector | undefined;
  #replayer: Replayer | undefined;
  #status: SyncStatus | undefined;
  #deadLetters: DeadLetters | undefined;
  #overlay: OutboxOverlay | undefined;
  readonly #overlayListeners = new Set<() => void>();
  readonly #overlayFacade: OverlaySource & {settled(): Promise<void>};
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
      settled: async () => {
        await this.ready;
        await overlay()?.settled();
      },
    };
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.ready = this.#start();
    this.ready.catch(() => {});
  }

  /** The outbox store (after `ready`). */
  get store(): OutboxStore {
    return must(this.#store);
  }

  /**
   * The overlay for readers (a data source wraps Zero's rows with it). Stable
   * from construction: before the outbox is open it shows nothing, then it
   * notifies its subscribers once and follows the outbox.
   */
  get overlay(): OverlaySource & {settled(): Promise<void>} {
    return this.#overlayFacade;
  }

  get replayerStats(): ReplayerStats | undefined {
    return this.#replayer?.stats;
  }

  /** The status now; a placeholder (`offline`, 0 pending) until the outbox is open. */
  get status(): SyncStatusSnapshot {
    return this.#status?.current ?? BEFORE_START;
  }

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

  async listDeadLetters(): Promise<readonly DeadLetterRecord[]> {
    await this.ready;
    return must(this.#deadLetters).list();
  }

  /** Queues a dead letter again; an edited batch needs a new id. */
  async retryDeadLetter(batchId: string, editedBatch?: Batch): Promise<OutboxRecord> {
    await this.ready;
    return must(this.#deadLetters).retry(batchId, editedBatch);
  }

  async discardDeadLetter(batchId: string): Promise<void> {
    await this.ready;
    return must(this.#deadLetters).discard(batchId);
  }

  /** The write path (see the class comment). */
  write(batch: Batch): {client: Promise<void>; server: Promise<ServerOutcome>} {
    const server = new Promise<ServerOutcome>((resolve, reject) => this.#waiters.set(batch.id, {resolve, reject}));
    const client = this.#writeAhead(batch);
    this.#deps.transport.deciding(batch.id, client);
    return {client, server};
  }

  async #writeAhead(batch: Batch): Promise<void> {
    await this.ready;
    const store = this.store;
    try {
      await store.append(batch);
    } catch (error) {
      // Already pending (the same batch written twice): it will be sent once.
      if (!isDuplicateBatchError(error)) throw error;
      return;
    }
    const transport = this.#deps.transport;
    if (!this.#mayHand()) {
      this.#unhanded.add(batch.id);
      this.#overlay?.invalidate();
      return;
    }
    const result = await transport.hand(batch).client;
    if (result.type === 'success') return;
    if (result.error.type === 'zero') {
      // Zero refused it (went offline between the check and the call): the replayer hands it later.
      this.#unhanded.add(batch.id);
      this.#overlay?.invalidate();
      return;
    }
    throw new Error(`optimistic apply of batch ${batch.id} failed: ${result.error.message}`);
  }

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
    const store = await openStore(this.#options.outbox, userID);
    this.#store = store;
    const storeName = typeof this.#options.outbox === 'object' && 'name' in this.#options.outbox ? this.#options.outbox.name : undefined;
    const leader = this.#options.leader ?? (await createLeaderElector({name: storeName ?? `zam-outbox:${userID}`, clock: this.#clock}));
    this.#leader = leader;
    // The replayer hands batches in seq order: once handed, a batch no longer blocks the write path.
    transport.onHand = (batchId) => {
      if (this.#unhanded.delete(batchId)) this.#overlay?.invalidate();
    };
    transport.onHeldChange = () => this.#overlay?.invalidate();
    this.#overlay = new OutboxOverlay(store, (id) => transport.holds(id) && !this.#unhanded.has(id), {models, activityLog});

    // Re-hand what an earlier session left, in seq order, before any new write.
    const leftOver = await store.peek(1_000_000);
    for (const record of leftOver) {
      if (this.#mayHand()) {
        void transport.hand(record.batch).client.then((r) => {
          if (r.type === 'error' && r.error.type === 'zero') this.#unhanded.add(record.batchId);
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
          onConfirmed: (batch, outcome) => this.#settle(batch.id, {status: outcome}),
          onRejected: (batch, rejection) => this.#settle(batch.id, new BatchRejectedError({...(rejection as FullRejection), batchId: batch.id})),
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
            // Another tab replayed it: settle this tab's waiter (after the leader's own hook had its turn).
            if (this.#waiters.has(change.batchId)) this.#settleFromStore(change.batchId, change.kind);
            break;
          case 'retry':
            // Back in the outbox; no Zero holds it until the replayer sends it.
            this.#unhanded.add(change.newBatchId);
            break;
          default:
            break;
        }
      }),
      status.subscribe((snapshot) => {
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
   * Whether the write path may hand a batch to Zero now: Zero takes writes, no
   * earlier batch of this tab waits to be handed (order), and Zero's queue of
   * unconfirmed batches is short. The last rule is about cost: Zero re-runs
   * every pending mutation on each server update (rebase), so a queue of 500
   * offline writes drains at a few batches per second; beyond the limit the
   * overlay shows the writes and the replayer feeds them to Zero a window at
   * a time.
   */
  #mayHand(): boolean {
    const transport = this.#deps.transport;
    return this.#unhanded.size === 0 && transport.accepting && transport.inFlightCount < (this.#options.handAheadLimit ?? HAND_AHEAD_LIMIT);
  }

  #notifyOverlay(): void {
    for (const listener of [...this.#overlayListeners]) listener();
  }

  #settle(batchId: string, outcome: ServerOutcome | Error): void {
    const waiter = this.#waiters.get(batchId);
    if (waiter === undefined) return;
    this.#waiters.delete(batchId);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  #settleFromStore(batchId: string, kind: 'remove' | 'dead-letter'): void {
    this.#clock.setTimeout(() => {
      if (!this.#waiters.has(batchId)) return;
      if (kind === 'remove') return this.#settle(batchId, {status: 'applied'});
      void this.#store
        ?.getDeadLetter(batchId)
        .then((dead) => {
          const rejection = dead?.rejection ?? {code: 'server_error', message: 'rejected'};
          this.#settle(batchId, new BatchRejectedError({...(rejection as FullRejection), batchId}));
        })
        .catch(() => {});
    }, 50);
  }
}

async function openStore(outbox: SyncEngineOptions['outbox'], userID: string): Promise<OutboxStore> {
  if (typeof outbox === 'object' && 'store' in outbox) return outbox.store;
  if (outbox === 'memory' || typeof indexedDB === 'undefined') return new MemoryOutboxStore();
  return IdbOutboxStore.open({name: outbox?.name ?? `zam-outbox:${userID}`});
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the sync engine is not ready yet: await zam.sync.ready');
  return value;
}
