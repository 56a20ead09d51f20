import type {LeaderElector} from './leader-elector.ts';

/** The part of the Web Locks API (`navigator.locks`) this needs; injectable for tests. */
export interface LockManagerLike {
  request(
    name: string,
    options: {mode: 'exclusive'; signal?: AbortSignal},
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/**
 * Leader = the tab holding an exclusive Web Lock, held for the tab's life.
 * The browser queues the other tabs' requests and grants the lock to the next
 * one the moment the holder closes, crashes or calls `close()`: no heartbeat,
 * no clock, no stale leader. Needs a secure context (https or localhost).
 */
export class WebLocksLeaderElector implements LeaderElector {
  #isLeader = false;
  readonly #listeners = new Set<(isLeader: boolean) => void>();
  readonly #abort = new AbortController();
  #release: (() => void) | undefined;
  #closed = false;

  constructor(locks: LockManagerLike, name: string) {
    // The request settles when we release (close) or when the abort lands
    // before the lock was granted; both are expected, so the rejection is handled here.
    locks
      .request(name, {mode: 'exclusive', signal: this.#abort.signal}, () => {
        if (this.#closed) return Promise.resolve();
        this.#set(true);
        return new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      .catch(() => {})
      .finally(() => this.#set(false));
  }

  get isLeader(): boolean {
    return this.#isLeader;
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
    this.#set(false);
    if (this.#release !== undefined) this.#release();
    else this.#abort.abort();
  }

  #set(isLeader: boolean): void {
    if (isLeader === this.#isLeader) return;
    this.#isLeader = isLeader;
    for (const listener of [...this.#listeners]) listener(isLeader);
  }
}
