import {afterEach, describe, expect, it} from 'vitest';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';
import {testBatch} from '../testing/test-batch.ts';
import {replayerHarness, flushIO} from '../testing/replayer-harness.ts';

// Transitions covered in this file:
//   replaying→idle with a dead letter (continue), replaying→halted, halted→replaying
//   (discard / retry), idle→backoff(connect), backoff→waiting (connect()),
//   waiting→backoff (connect attempt failed), backoff→replaying (Zero reconnected),
//   replaying→backoff(send) on unknown, backoff(send)→replaying on the timer,
//   any→needs-auth, needs-auth→needs-auth (asked again after backoff), needs-auth→replaying,
//   internal store failure→backoff→recovered.

const open: {replayer: {close(): Promise<void>}}[] = [];
function harness(...args: Parameters<typeof replayerHarness>) {
  const h = replayerHarness(...args);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.replayer.close();
});

const blank = {code: 'invalid_value', message: 'title is blank', table: 'jobs', opIndex: 0} as const;

describe('Replayer: rejection', () => {
  it('continue (default): dead letter + onRejected, later batches still applied', async () => {
    const h = harness();
    h.server.rejections.set('b', blank);
    await h.append('a', 'b', 'c');
    h.replayer.start();
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'c']);
    expect(h.rejected).toEqual([{batchId: 'b', rejection: blank}]);
    expect((await h.store.listDeadLetters()).map((d) => [d.batchId, d.rejection])).toEqual([['b', blank]]);
    expect(await h.pendingIds()).toEqual([]);
    expect(h.replayer.state).toEqual({kind: 'idle'});
    expect(h.replayer.lastProblem).toMatchObject({kind: 'rejected', batchId: 'b', rejection: blank});
  });

  it('halt: stops at the rejected batch, sends nothing after it, resumes when the dead letter is discarded', async () => {
    const h = harness({onRejection: 'halt', maxInFlight: 8});
    h.server.rejections.set('b', blank);
    await h.append('a', 'b', 'c');
    h.replayer.start();
    await flushIO();
    expect(h.server.log).toEqual(['a', 'b']); // one at a time in halt mode: c never left
    expect(h.replayer.state).toEqual({kind: 'halted', batchId: 'b', rejection: blank});
    expect(await h.pendingIds()).toEqual(['c']);
    await h.append('d'); // a wake-up does not un-halt
    await flushIO();
    expect(h.server.log).toEqual(['a', 'b']);

    await h.store.discard('b');
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'c', 'd']);
    expect(h.kinds()).toEqual(['replaying', 'halted', 'replaying', 'idle']);
  });

  it('halt: an edited retry at the original position goes first, keeping creation order', async () => {
    const h = harness({onRejection: 'halt'});
    h.server.rejections.set('b', blank);
    await h.append('a', 'b', 'c');
    h.replayer.start();
    await flushIO();
    await h.store.retry('b', {batch: testBatch('b-fixed'), position: 'original'});
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b-fixed', 'c']);
  });

  it('a failing onRejected hook is recorded and does not stop the replay', async () => {
    const h = harness({
      onRejected: () => {
        throw new Error('undo failed');
      },
    });
    h.server.rejections.set('a', blank);
    await h.append('a', 'b');
    h.replayer.start();
    await flushIO();
    expect(h.server.applied).toEqual(['b']);
    expect(await h.store.countDeadLetters()).toBe(1);
    expect(h.replayer.lastProblem).toMatchObject({kind: 'internal', reason: 'onRejected failed: Error: undo failed'});
  });
});

describe('Replayer: unknown outcomes and backoff', () => {
  it('keeps a batch on unknown, backs off, and resends on the timer', async () => {
    const h = harness({random: [0.5]});
    h.server.down = 'push failed: 503';
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(await h.pendingIds()).toEqual(['a']);
    expect(await h.store.get('a')).toMatchObject({status: 'pending', attempts: 1, lastError: 'push failed: 503'});
    expect(h.replayer.state).toMatchObject({kind: 'backoff', action: 'send', delayMs: 250, failures: 1});
    expect(h.replayer.lastProblem).toMatchObject({kind: 'unknown', batchId: 'a', reason: 'push failed: 503'});

    h.clock.advance(249);
    await flushIO();
    expect(h.server.log).toEqual(['a']); // not before the delay
    h.clock.advance(1);
    await flushIO();
    expect(h.server.log).toEqual(['a', 'a']); // still down: a longer delay
    expect(h.replayer.state).toMatchObject({kind: 'backoff', action: 'send', delayMs: 500, failures: 2});

    h.server.down = null;
    h.clock.advance(500);
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.replayer.state).toEqual({kind: 'idle'});
    expect(h.kinds()).toEqual(['replaying', 'backoff', 'replaying', 'backoff', 'replaying', 'idle']);
  });

  it('while disconnected: calls connect() with exponential backoff, full jitter, bounded by maxMs', async () => {
    const h = harness({connection: 'disconnected', random: [0.999], backoff: {baseMs: 500, maxMs: 30_000}});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const state = h.replayer.state;
      if (state.kind !== 'backoff') throw new Error(`expected backoff, got ${state.kind}`);
      expect(state.action).toBe('connect');
      delays.push(state.delayMs);
      expect(h.connection.connectCalls).toBe(i);
      h.clock.advance(state.delayMs - 1);
      await flushIO();
      expect(h.connection.connectCalls).toBe(i); // no tight loop
      h.clock.advance(1);
      await flushIO();
    }
    expect(h.connection.connectCalls).toBe(10);
    expect(delays).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970, 29970, 29970]);

    h.connection.set('connected');
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.clock.pending).toEqual([]);
  });

  it('jitter spreads the delay below the cap (full jitter)', async () => {
    const h = harness({connection: 'error', random: [0, 0.25, 0.5]});
    await h.append('a');
    h.replayer.start();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await flushIO();
      const state = h.replayer.state;
      if (state.kind !== 'backoff') throw new Error(state.kind);
      seen.push(state.delayMs);
      h.clock.advance(state.delayMs);
    }
    expect(seen).toEqual([0, 250, 1000]); // 0·500, 0.25·1000, 0.5·2000
  });

  it('connect() → connecting waits; a failed attempt backs off longer; success replays', async () => {
    const h = harness({connection: 'disconnected', random: [0.5]});
    h.connection.onConnect = () => h.connection.set('connecting');
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state).toMatchObject({kind: 'backoff', delayMs: 250});
    h.clock.advance(250);
    await flushIO();
    expect(h.connection.connectCalls).toBe(1);
    expect(h.replayer.state).toEqual({kind: 'waiting', connection: 'connecting'});
    h.connection.set('disconnected'); // the attempt failed
    await flushIO();
    expect(h.replayer.state).toMatchObject({kind: 'backoff', delayMs: 500});
    h.clock.advance(500);
    await flushIO();
    h.connection.set('connected');
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.kinds()).toEqual(['backoff', 'waiting', 'backoff', 'waiting', 'replaying', 'idle']);
  });

  it('does not wait for its timer when Zero reconnects by itself', async () => {
    const h = harness({connection: 'disconnected'});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.clock.pending).toHaveLength(1);
    h.connection.set('connected');
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
    expect(h.clock.pending).toEqual([]);
    expect(h.connection.connectCalls).toBe(0);
  });

  it('does not reconnect when there is nothing to send', async () => {
    const h = harness({connection: 'disconnected'});
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state).toEqual({kind: 'idle'});
    expect(h.clock.pending).toEqual([]);
  });

  it('resets the failure count after progress', async () => {
    const h = harness({random: [0.5]});
    h.server.down = 'x';
    await h.append('a');
    h.replayer.start();
    await flushIO();
    h.clock.advance(250);
    await flushIO();
    expect(h.replayer.state).toMatchObject({failures: 2});
    h.server.down = null;
    h.clock.advance(500);
    await flushIO();
    h.server.down = 'x';
    await h.append('b');
    await flushIO();
    expect(h.replayer.state).toMatchObject({kind: 'backoff', failures: 1, delayMs: 250});
  });

  it('an outbox failure is recorded and retried with backoff, not in a loop', async () => {
    const store = new MemoryOutboxStore();
    const realPeek = store.peek.bind(store);
    let failures = 1;
    store.peek = async (limit, after) => {
      if (failures-- > 0) throw new Error('disk full');
      return realPeek(limit, after);
    };
    const h = harness({store, random: [0.5]});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.replayer.state).toMatchObject({kind: 'backoff', action: 'send'});
    expect(h.replayer.lastProblem).toMatchObject({kind: 'internal', reason: 'Error: disk full'});
    h.clock.advance(250);
    await flushIO();
    expect(h.server.applied).toEqual(['a']);
  });
});

describe('Replayer: needs-auth', () => {
  it('asks the app for a token once, again after a backoff, and replays once connected', async () => {
    let asked = 0;
    const h = harness({
      connection: 'needs-auth',
      random: [0.5],
      onNeedsAuth: () => {
        asked++;
      },
    });
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(asked).toBe(1);
    expect(h.replayer.state).toMatchObject({kind: 'needs-auth', retryAt: h.clock.now() + 250});
    await h.append('b'); // wake-ups do not re-ask
    await flushIO();
    expect(asked).toBe(1);
    h.clock.advance(250);
    await flushIO();
    expect(asked).toBe(2);
    expect(h.replayer.stats.authRequests).toBe(2);

    h.connection.set('connected');
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b']);
    expect(h.clock.pending).toEqual([]);
    expect(h.kinds()).toEqual(['needs-auth', 'replaying', 'idle']);
  });

  it('a hook that reconnects leads straight to replay; a failing hook is recorded', async () => {
    const h = harness({connection: 'needs-auth'});
    let calls = 0;
    const h2 = harness({
      connection: 'needs-auth',
      onNeedsAuth: async () => {
        calls++;
        if (calls === 1) throw new Error('token endpoint down');
        h2.connection.set('connected');
      },
    });
    await h2.append('a');
    h2.replayer.start();
    await flushIO();
    expect(h2.replayer.lastProblem).toMatchObject({kind: 'connection', reason: 'onNeedsAuth failed: Error: token endpoint down'});
    h2.clock.advance(30_000);
    await flushIO();
    expect(h2.server.applied).toEqual(['a']);
    await h.replayer.close();
  });

  // Found on the real stack (tests/integration/sign-in-expiry.test.ts): the sign-in expired while sends
  // were in flight; Zero holds them until it has a new token, so waiting for their outcome alone hung forever.
  it('the sign-in expires while sends are in flight: asks for a token (again after a backoff), then the held sends complete', async () => {
    let asked = 0;
    const h = harness({random: [0.5], onNeedsAuth: () => void asked++});
    h.server.autoDeliver = false;
    await h.append('a', 'b');
    h.replayer.start();
    await flushIO();
    expect(h.server.held).toHaveLength(2);
    h.connection.set('needs-auth');
    await flushIO();
    expect(asked).toBe(1);
    expect(h.replayer.state).toMatchObject({kind: 'needs-auth', retryAt: h.clock.now() + 250});
    h.clock.advance(250);
    await flushIO();
    expect(asked).toBe(2);
    // The new token: Zero reconnects and pushes the held sends again; their outcomes arrive.
    h.connection.set('connected');
    await flushIO();
    h.server.deliver();
    h.server.deliver();
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b']);
    expect(await h.pendingIds()).toEqual([]);
    expect(h.kinds()).toEqual(['replaying', 'needs-auth', 'replaying', 'idle']);
    expect(h.clock.pending).toEqual([]);
  });

  it('asks again when Zero goes back to needs-auth later', async () => {
    let asked = 0;
    const h = harness({connection: 'needs-auth', onNeedsAuth: () => void asked++});
    await h.append('a');
    h.replayer.start();
    await flushIO();
    h.connection.set('connecting');
    await flushIO();
    h.connection.set('needs-auth');
    await flushIO();
    expect(asked).toBe(2);
  });
});
