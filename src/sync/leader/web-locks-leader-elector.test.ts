import {describe, expect, it} from 'vitest';
import {flushIO} from '../testing/replayer-harness.ts';
import {WebLocksLeaderElector, type LockManagerLike} from './web-locks-leader-elector.ts';

/** Exclusive locks with a FIFO queue and AbortSignal support, like navigator.locks. */
class FakeLockManager implements LockManagerLike {
  readonly #held = new Set<string>();
  readonly #queues = new Map<string, (() => void)[]>();

  request(name: string, options: {mode: 'exclusive'; signal?: AbortSignal}, callback: (lock: unknown) => Promise<void>) {
    return new Promise<unknown>((resolve, reject) => {
      const run = () => {
        this.#held.add(name);
        callback({name})
          .then(resolve, reject)
          .finally(() => {
            this.#held.delete(name);
            this.#queues.get(name)?.shift()?.();
          });
      };
      if (!this.#held.has(name)) return run();
      const queue = this.#queues.get(name) ?? [];
      this.#queues.set(name, queue);
      queue.push(run);
      options.signal?.addEventListener('abort', () => {
        const i = queue.indexOf(run);
        if (i >= 0) queue.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}

describe('WebLocksLeaderElector', () => {
  it('one tab leads; the next queued tab takes over when it closes', async () => {
    const locks = new FakeLockManager();
    const tabA = new WebLocksLeaderElector(locks, 'outbox');
    const tabB = new WebLocksLeaderElector(locks, 'outbox');
    const tabC = new WebLocksLeaderElector(locks, 'outbox');
    const seenB: boolean[] = [];
    tabB.subscribe((l) => seenB.push(l));
    await flushIO();
    expect([tabA.isLeader, tabB.isLeader, tabC.isLeader]).toEqual([true, false, false]);

    tabC.close(); // a queued tab leaving never leads
    tabA.close();
    await flushIO();
    expect([tabA.isLeader, tabB.isLeader, tabC.isLeader]).toEqual([false, true, false]);
    expect(seenB).toEqual([true]);
    tabB.close();
    await flushIO();
    expect(tabB.isLeader).toBe(false);
  });

  it('different names lead independently', async () => {
    const locks = new FakeLockManager();
    const a = new WebLocksLeaderElector(locks, 'one');
    const b = new WebLocksLeaderElector(locks, 'two');
    await flushIO();
    expect([a.isLeader, b.isLeader]).toEqual([true, true]);
    a.close();
    b.close();
  });
});
