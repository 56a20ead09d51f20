import {systemClock, type Clock} from '../replay/clock.ts';
import {IdbLeaseStore} from './idb-lease-store.ts';
import type {LeaderElector} from './leader-elector.ts';
import {LeaseLeaderElector} from './lease-leader-elector.ts';
import {SingleProcessLeaderElector} from './single-process-leader-elector.ts';
import {WebLocksLeaderElector, type LockManagerLike} from './web-locks-leader-elector.ts';

export interface CreateLeaderElectorOptions {
  /** Lock / lease name; use the outbox database name so each outbox has one replayer. */
  readonly name: string;
  readonly clock?: Clock | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * The best leader election the environment offers: Web Locks in browsers
 * (secure contexts), else an IndexedDB lease (insecure http, old browsers),
 * else a single-process leader (Node).
 */
export async function createLeaderElector(options: CreateLeaderElectorOptions): Promise<LeaderElector> {
  const locks = (globalThis as {navigator?: {locks?: LockManagerLike}}).navigator?.locks;
  if (locks !== undefined) return new WebLocksLeaderElector(locks, `zam-replayer:${options.name}`);
  if (typeof indexedDB !== 'undefined' && typeof window !== 'undefined') {
    const store = await IdbLeaseStore.open(`zam-leader:${options.name}`);
    return new LeaseLeaderElector({
      store,
      clock: options.clock ?? systemClock,
      id: crypto.randomUUID(),
      onError: options.onError,
      // The release transaction is already started: closing waits for it.
      onClosed: () => store.close(),
    });
  }
  return new SingleProcessLeaderElector();
}
