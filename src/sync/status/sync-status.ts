import type {LeaderElector} from '../leader/leader-elector.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import type {Clock} from '../replay/clock.ts';
import type {ConnectionMonitor} from '../replay/connection-monitor.ts';
import type {ReplayProblem, ReplayerState} from '../replay/replayer-state.ts';
import {deriveSyncState, type SyncState} from './derive-sync-state.ts';

/** The replayer as the status needs it (a `Replayer` fits). */
export interface ReplayerView {
  readonly state: ReplayerState;
  readonly lastProblem: ReplayProblem | null;
  subscribe(listener: (state: ReplayerState) => void): () => void;
}

/** The device's storage failing the outbox (see `OutboxUnavailableError`, `OutboxClosedError`, `OutboxVersionError`). */
export interface StorageProblem {
  readonly code: string;
  /** The error's reason (`quota-exceeded`, `blocked`, `version-change`, …) when it has one. */
  readonly reason: string | null;
  /** What happened and what to do, for people. */
  readonly message: string;
}

/** What the sync panel shows: the state, pending batches and their age, dead letters, the last problem. */
export interface SyncStatusSnapshot {
  readonly state: SyncState;
  /** Batches in the outbox (this device, all tabs). */
  readonly pending: number;
  /** Age of the oldest pending batch at the time of reading, or null when none is pending. */
  readonly oldestPendingAgeMs: number | null;
  readonly deadLetters: number;
  readonly lastError: ReplayProblem | null;
  /** Whether this tab is the one replaying. */
  readonly isLeader: boolean;
  /** The replayer's own state, for diagnostics. */
  readonly replayer: ReplayerState['kind'];
  /** The last storage failure of the outbox, until a write succeeds again; `state` is then `error`. */
  readonly storage: StorageProblem | null;
}

export interface SyncStatusDeps {
  readonly store: OutboxStore;
  readonly replayer: ReplayerView;
  readonly connection: ConnectionMonitor;
  readonly leader: LeaderElector;
  readonly clock: Clock;
}

/**
 * A subscribable sync status for the UI and scripts. Counts are re-read from
 * the store after every committed change (in any tab), one refresh at a time
 * and coalesced, so a burst of 500 appends costs a few reads, not 500.
 *
 * @example
 * const status = new SyncStatus({store, replayer, connection, leader, clock: systemClock});
 * await status.start();
 * status.subscribe((s) => badge.textContent = `${s.state} · ${s.pending} pending`);
 */
export class SyncStatus {
  readonly #deps: SyncStatusDeps;
  readonly #listeners = new Set<(status: SyncStatusSnapshot) => void>();
  #pending = 0;
  #oldestCreatedAt: number | null = null;
  #deadLetters = 0;
  #refreshing: Promise<void> = Promise.resolve();
  #refreshQueued = false;
  #unsubscribe: (() => void)[] = [];
  #last: string | undefined;

  constructor(deps: SyncStatusDeps) {
    this.#deps = deps;
  }

  /** Subscribes to the sources and reads the counts once. */
  async start(): Promise<void> {
    const {store, replayer, connection, leader} = this.#deps;
    this.#unsubscribe = [
      store.subscribe(() => this.#scheduleRefresh()),
      replayer.subscribe(() => this.#emitIfChanged()),
      connection.subscribe(() => this.#emitIfChanged()),
      leader.subscribe(() => this.#emitIfChanged()),
    ];
    this.#scheduleRefresh();
    await this.#refreshing;
  }

  /** The status now (the age of the oldest pending batch is computed at this call). */
  get current(): SyncStatusSnapshot {
    const {replayer, connection, leader, clock} = this.#deps;
    return {
      state: deriveSyncState(replayer.state, connection.state),
      pending: this.#pending,
      oldestPendingAgeMs: this.#oldestCreatedAt === null ? null : Math.max(0, clock.now() - this.#oldestCreatedAt),
      deadLetters: this.#deadLetters,
      lastError: replayer.lastProblem,
      isLeader: leader.isLeader,
      replayer: replayer.state.kind,
      storage: null,
    };
  }

  /** Called with the current status whenever it changes (not on the mere passing of time). */
  subscribe(listener: (status: SyncStatusSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves once the counts reflect every change committed before the call. */
  async refreshed(): Promise<void> {
    this.#scheduleRefresh();
    await this.#refreshing;
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#listeners.clear();
  }

  #scheduleRefresh(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    this.#refreshing = this.#refreshing.then(async () => {
      this.#refreshQueued = false;
      const {store} = this.#deps;
      try {
        const [pending, oldest, deadLetters] = await Promise.all([store.count(), store.oldest(), store.countDeadLetters()]);
        this.#pending = pending;
        this.#oldestCreatedAt = oldest?.createdAt ?? null;
        this.#deadLetters = deadLetters;
      } catch {
        // The store is closed or failing; the replayer reports that. Keep the last counts.
      }
      this.#emitIfChanged();
    });
  }

  #emitIfChanged(): void {
    const snapshot = this.current;
    const key = JSON.stringify({...snapshot, oldestPendingAgeMs: this.#oldestCreatedAt});
    if (key === this.#last) return;
    this.#last = key;
    for (const listener of [...this.#listeners]) listener(snapshot);
  }
}
