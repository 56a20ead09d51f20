import type {Clock, TimerHandle} from '../replay/clock.ts';
import type {LeaderElector} from './leader-elector.ts';
import type {LeaseStore} from './lease-store.ts';

export interface LeaseLeaderElectorOptions {
  readonly store: LeaseStore;
  readonly clock: Clock;
  /** This tab's id (e.g. crypto.randomUUID()). */
  readonly id: string;
  /** How long a lease lasts without renewal. Default 5 s. */
  readonly ttlMs?: number | undefined;
  /** How often to renew (leader) or try to take over (follower). Default ttl / 3. */
  readonly heartbeatMs?: number | undefined;
  /** Called when the lease store fails (the tick is retried on the next heartbeat). */
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Called once by `close()`, after the release was started (e.g. to close the lease database). */
  readonly onClosed?: (() => void) | undefined;
}

/**
 * Fallback leader election by a renewed lease. The leader renews every
 * `heartbeatMs`; when it dies, the lease expires after `ttlMs` and the next
 * follower tick takes it. A leader that misses its own renewals (frozen
 * background tab) stops counting itself leader when its lease runs out, by its
 * own clock, before anyone else can take it. A short overlap is still possible
 * and harmless: sends are idempotent by batch id and made in seq order.
 */
export class LeaseLeaderElector implements LeaderElector {
  readonly #store: LeaseStore;
  readonly #clock: Clock;
  readonly #id: string;
  readonly #ttlMs: number;
  readonly #heartbeatMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #onClosed: () => void;
  readonly #listeners = new Set<(isLeader: boolean) => void>();
  #leaseUntil = 0;
  #isLeader = false;
  #timer: TimerHandle | undefined;
  #closed = false;

  constructor(options: LeaseLeaderElectorOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#id = options.id;
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#heartbeatMs = options.heartbeatMs ?? Math.floor(this.#ttlMs / 3);
    this.#onError = options.onError ?? (() => {});
    this.#onClosed = options.onClosed ?? (() => {});
    this.#tick();
  }

  get isLeader(): boolean {
    // Checked against the clock, not just the last tick: a frozen tab's lease may have lapsed.
    return this.#isLeader && this.#clock.now() < this.#leaseUntil;
  }

  subscribe(listener: (isLeader: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    const wasLeader = this.#isLeader;
    this.#set(false);
    if (wasLeader) this.#store.release(this.#id).catch(this.#onError);
    this.#onClosed();
  }

  #tick(): void {
    const now = this.#clock.now();
    this.#store
      .tryAcquire(this.#id, now, this.#ttlMs)
      .then(
        (acquired) => {
          if (this.#closed) {
            if (acquired) return this.#store.release(this.#id);
            return;
          }
          if (acquired) this.#leaseUntil = now + this.#ttlMs;
          this.#set(acquired);
          return;
        },
        (error: unknown) => {
          this.#onError(error);
          this.#set(this.isLeader);
        },
      )
      .catch(this.#onError)
      .finally(() => {
        if (!this.#closed) this.#timer = this.#clock.setTimeout(() => this.#tick(), this.#heartbeatMs);
      });
  }

  #set(isLeader: boolean): void {
    if (isLeader === this.#isLeader) return;
    this.#isLeader = isLeader;
    for (const listener of [...this.#listeners]) listener(isLeader);
  }
}
