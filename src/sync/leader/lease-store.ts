/**
 * A shared, atomic lease record for `LeaseLeaderElector`: the fallback where
 * the Web Locks API is missing (insecure http origins, old browsers).
 */
export interface LeaseStore {
  /**
   * Atomically: when there is no lease, it expired (`expiresAt <= now`), or
   * `holder` already holds it, set it to `{holder, expiresAt: now + ttlMs}` and
   * resolve true; otherwise leave it and resolve false.
   */
  tryAcquire(holder: string, now: number, ttlMs: number): Promise<boolean>;
  /** Drops the lease if `holder` holds it, so another tab can take over at once. */
  release(holder: string): Promise<void>;
}

export interface Lease {
  readonly holder: string;
  readonly expiresAt: number;
}

/** The compare-and-set rule shared by every LeaseStore. */
export function nextLease(current: Lease | undefined, holder: string, now: number, ttlMs: number): Lease | undefined {
  if (current !== undefined && current.holder !== holder && current.expiresAt > now) return undefined;
  return {holder, expiresAt: now + ttlMs};
}

/** In memory (one JS realm); share an instance between electors to simulate tabs. */
export class MemoryLeaseStore implements LeaseStore {
  lease: Lease | undefined;

  async tryAcquire(holder: string, now: number, ttlMs: number): Promise<boolean> {
    const next = nextLease(this.lease, holder, now, ttlMs);
    if (next === undefined) return false;
    this.lease = next;
    return true;
  }

  async release(holder: string): Promise<void> {
    if (this.lease?.holder === holder) this.lease = undefined;
  }
}
