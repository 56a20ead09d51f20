import 'fake-indexeddb/auto';
import {describe, expect, it} from 'vitest';
import {FakeClock} from '../testing/fake-clock.ts';
import {flushIO} from '../testing/replayer-harness.ts';
import {IdbLeaseStore} from './idb-lease-store.ts';
import {LeaseLeaderElector} from './lease-leader-elector.ts';
import {MemoryLeaseStore} from './lease-store.ts';
import {SingleProcessLeaderElector} from './single-process-leader-elector.ts';

describe('LeaseLeaderElector', () => {
  it('one leader at a time; renewals keep the lease', async () => {
    const clock = new FakeClock();
    const store = new MemoryLeaseStore();
    const a = new LeaseLeaderElector({store, clock, id: 'a', ttlMs: 3_000, heartbeatMs: 1_000});
    await flushIO();
    const b = new LeaseLeaderElector({store, clock, id: 'b', ttlMs: 3_000, heartbeatMs: 1_000});
    await flushIO();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);

    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      await flushIO();
    }
    expect([a.isLeader, b.isLeader]).toEqual([true, false]); // renewals keep it

    a.close();
    b.close();
  });

  it('a follower takes over after the leader stops renewing', async () => {
    const clock = new FakeClock();
    const store = new MemoryLeaseStore();
    store.lease = {holder: 'dead-tab', expiresAt: clock.now() + 3_000};
    const b = new LeaseLeaderElector({store, clock, id: 'b', ttlMs: 3_000, heartbeatMs: 1_000});
    const seen: boolean[] = [];
    b.subscribe((l) => seen.push(l));
    await flushIO();
    expect(b.isLeader).toBe(false);
    for (let i = 0; i < 2; i++) {
      clock.advance(1_000);
      await flushIO();
    }
    expect(b.isLeader).toBe(false);
    clock.advance(1_000);
    await flushIO();
    expect(b.isLeader).toBe(true);
    expect(seen).toEqual([true]);
    b.close();
    expect(store.lease).toBeUndefined();
  });

  it('a leader whose renewals stopped (frozen tab) stops counting itself leader when its lease lapses', async () => {
    const clock = new FakeClock();
    const store = new MemoryLeaseStore();
    const a = new LeaseLeaderElector({store, clock, id: 'a', ttlMs: 3_000, heartbeatMs: 1_000});
    await flushIO();
    expect(a.isLeader).toBe(true);
    let acquireCalls = 0;
    store.tryAcquire = async () => {
      acquireCalls++;
      return new Promise<boolean>(() => {}); // IO never answers: frozen
    };
    clock.advance(1_000);
    await flushIO();
    expect(acquireCalls).toBe(1);
    expect(a.isLeader).toBe(true);
    clock.advance(2_000);
    expect(a.isLeader).toBe(false);
  });

  it('close() releases so another tab leads on its next tick', async () => {
    const clock = new FakeClock();
    const store = new MemoryLeaseStore();
    const a = new LeaseLeaderElector({store, clock, id: 'a', ttlMs: 3_000, heartbeatMs: 1_000});
    await flushIO();
    const b = new LeaseLeaderElector({store, clock, id: 'b', ttlMs: 3_000, heartbeatMs: 1_000});
    await flushIO();
    a.close();
    await flushIO();
    clock.advance(1_000);
    await flushIO();
    expect([a.isLeader, b.isLeader]).toEqual([false, true]);
    b.close();
  });
});

describe('IdbLeaseStore', () => {
  it('is a compare-and-set lease', async () => {
    const store = await IdbLeaseStore.open(`lease-${process.pid}-${Math.random()}`);
    expect(await store.tryAcquire('a', 0, 100)).toBe(true);
    expect(await store.tryAcquire('b', 50, 100)).toBe(false);
    expect(await store.tryAcquire('a', 90, 100)).toBe(true); // renew to 190
    expect(await store.tryAcquire('b', 150, 100)).toBe(false);
    expect(await store.tryAcquire('b', 190, 100)).toBe(true); // expired
    await store.release('a'); // not the holder: no effect
    expect(await store.tryAcquire('a', 200, 100)).toBe(false);
    await store.release('b');
    expect(await store.tryAcquire('a', 200, 100)).toBe(true);
    store.close();
  });
});

describe('SingleProcessLeaderElector', () => {
  it('leads until closed', () => {
    const elector = new SingleProcessLeaderElector();
    const seen: boolean[] = [];
    elector.subscribe((l) => seen.push(l));
    expect(elector.isLeader).toBe(true);
    elector.close();
    expect(elector.isLeader).toBe(false);
    expect(seen).toEqual([false]);
  });
});
