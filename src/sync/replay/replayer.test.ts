import {afterEach, describe, expect, it} from 'vitest';
import {replayerHarness, flushIO} from '../testing/replayer-harness.ts';

// Transitions covered in this file:
//   stopped→idle, stopped→follower, follower→idle, idle→replaying, replaying→idle,
//   idle→follower, replaying→follower (in-flight outcomes still handled),
//   idle→waiting(connecting), waiting→replaying, waiting(closed), any→closed.
// Failure transitions (backoff, needs-auth, halted) are in replayer-failures.test.ts,
// groups in replayer-groups.test.ts.

const open: {replayer: {close(): Promise<void>}}[] = [];
function harness(...args: Parameters<typeof replayerHarness>) {
  const h = replayerHarness(...args);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.replayer.close();
});

describe('Replayer: happy path', () => {
  it('starts idle as leader, and an append wakes it to replay', async () => {
    const h = harness();
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state).toEqual({kind: 'idle'});
    await h.append('a', 'b');
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b']);
    expect(await h.pendingIds()).toEqual([]);
    expect(h.kinds()).toEqual(['idle', 'replaying', 'idle']);
    expect(h.replayer.stats).toMatchObject({sends: 2, applied: 2});
  });

  it('replays what was pending before start (after a reload)', async () => {
    const h = harness();
    await h.append('a', 'b', 'c');
    h.replayer.start();
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b', 'c']);
    expect(h.removed).toEqual(['a', 'b', 'c']);
  });

  it('does nothing as a follower, and replays once it becomes leader', async () => {
    const h = harness({leader: false});
    h.replayer.start();
    await h.append('a');
    await flushIO();
    expect(h.replayer.state).toEqual({kind: 'follower'});
    expect(h.server.log).toEqual([]);
    h.leader.set(true);
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.kinds()).toEqual(['follower', 'replaying', 'idle']);
  });

  it('goes back to follower when leadership is lost while idle', async () => {
    const h = harness();
    h.replayer.start();
    await flushIO();
    h.leader.set(false);
    await flushIO();
    await h.append('a');
    await flushIO();
    expect(h.server.log).toEqual([]);
    expect(h.kinds()).toEqual(['idle', 'follower']);
  });

  it('waits while Zero is connecting, then replays when connected', async () => {
    const h = harness({connection: 'connecting'});
    h.replayer.start();
    await h.append('a');
    await flushIO();
    expect(h.replayer.state).toEqual({kind: 'waiting', connection: 'connecting'});
    expect(h.connection.connectCalls).toBe(0); // Zero's own connect is under way: hands off
    h.connection.set('connected');
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.kinds()).toEqual(['idle', 'waiting', 'replaying', 'idle']);
  });

  it('waits (without calling connect) while the Zero client is closed', async () => {
    const h = harness({connection: 'closed'});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state).toEqual({kind: 'waiting', connection: 'closed'});
    expect(h.connection.connectCalls).toBe(0);
    expect(h.clock.pending).toEqual([]);
  });

  it('close() ends the loop from any state and keeps pending batches', async () => {
    const h = harness({connection: 'disconnected'});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state.kind).toBe('backoff');
    await h.replayer.close();
    expect(h.replayer.state).toEqual({kind: 'closed'});
    expect(h.clock.pending).toEqual([]); // the backoff timer was cleared
    expect(await h.pendingIds()).toEqual(['a']);
    h.connection.set('connected');
    await flushIO();
    expect(h.server.log).toEqual([]);
  });

  it('close() before start() is closed too', async () => {
    const h = harness();
    await h.replayer.close();
    expect(h.kinds()).toEqual(['closed']);
  });
});

describe('Replayer: ordering under pipelining', () => {
  it('sends up to maxInFlight at once and handles outcomes in seq order whatever order they arrive in', async () => {
    const h = harness({maxInFlight: 3});
    h.server.autoDeliver = false;
    await h.append('a', 'b', 'c', 'd', 'e');
    h.replayer.start();
    await flushIO();
    expect(h.server.log).toEqual(['a', 'b', 'c']);
    expect(h.replayer.state).toEqual({kind: 'replaying', inFlight: 3});

    h.server.deliver(2); // c's answer first
    await flushIO();
    h.server.deliver(1); // then b's
    await flushIO();
    expect(h.removed).toEqual([]); // a is still unanswered: nothing may overtake it
    expect(h.server.log).toEqual(['a', 'b', 'c']);

    h.server.deliver(0); // a's
    await flushIO();
    expect(h.removed).toEqual(['a', 'b', 'c']);
    expect(h.server.log).toEqual(['a', 'b', 'c', 'd', 'e']);
    while (h.server.held.length > 0) h.server.deliver(h.server.held.length - 1);
    await flushIO();
    expect(h.removed).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.server.applied).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('picks up batches appended while replaying, after the ones in flight', async () => {
    const h = harness({maxInFlight: 2});
    h.server.autoDeliver = false;
    await h.append('a', 'b');
    h.replayer.start();
    await flushIO();
    await h.append('c');
    h.server.deliver(0);
    await flushIO();
    expect(h.server.log).toEqual(['a', 'b', 'c']);
    h.server.deliver(0);
    h.server.deliver(0);
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b', 'c']);
    expect(h.replayer.state).toEqual({kind: 'idle'});
  });

  it('marks batches as sending with an attempt count before sending', async () => {
    const h = harness();
    h.server.autoDeliver = false;
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(await h.store.get('a')).toMatchObject({status: 'sending', attempts: 1});
  });
});

describe('Replayer: crash after send, before the ack', () => {
  it('replays on restart; the server says already-applied; removed without a duplicate', async () => {
    const first = harness();
    first.server.autoDeliver = false;
    await first.append('a', 'b');
    first.replayer.start();
    await flushIO();
    expect(first.server.applied).toEqual(['a', 'b']); // the server applied them...
    await first.replayer.close(); // ...and the tab died before the answers came back
    expect(await first.pendingIds()).toEqual(['a', 'b']);

    const second = harness({store: first.store, server: first.server, clock: first.clock});
    first.server.autoDeliver = true;
    second.replayer.start();
    await flushIO();
    expect(await second.pendingIds()).toEqual([]);
    expect(first.server.applied).toEqual(['a', 'b']); // once each
    expect(second.replayer.stats).toMatchObject({alreadyApplied: 2, applied: 0});
  });
});

describe('Replayer: leader handover between tabs', () => {
  it('stops sending when leadership moves; the new leader resends; nothing is applied twice', async () => {
    const tabA = harness({maxInFlight: 2});
    const tabB = harness({leader: false, store: tabA.store, server: tabA.server, clock: tabA.clock});
    tabA.server.autoDeliver = false;
    tabA.replayer.start();
    tabB.replayer.start();
    await tabA.append('a', 'b', 'c');
    await flushIO();
    expect(tabA.server.log).toEqual(['a', 'b']);

    // Tab A is frozen/closing: it loses the lock, tab B gets it.
    tabA.leader.set(false);
    tabB.leader.set(true);
    await flushIO();
    expect(tabA.server.log).toEqual(['a', 'b', 'a', 'b', 'c']); // B resends what A had in flight
    // A's outcomes still arrive and are handled (removing is idempotent).
    while (tabA.server.held.length > 0) tabA.server.deliver(0);
    await flushIO();
    while (tabA.server.held.length > 0) tabA.server.deliver(0);
    await flushIO();
    expect(tabA.server.applied).toEqual(['a', 'b', 'c']);
    expect(await tabA.pendingIds()).toEqual([]);
    expect(tabA.replayer.state).toEqual({kind: 'follower'});
    expect(tabB.replayer.state).toEqual({kind: 'idle'});
    expect(tabA.kinds()).toEqual(['idle', 'replaying', 'follower']);

    tabA.server.autoDeliver = true;
    await tabA.append('d'); // written in tab A, replayed by tab B
    await flushIO();
    expect(tabA.server.applied).toEqual(['a', 'b', 'c', 'd']);
    expect(tabB.replayer.stats.applied).toBeGreaterThanOrEqual(2);
  });
});
