import {afterEach, describe, expect, it} from 'vitest';
import {isFlushTimeoutError} from '../../errors/flush-timeout-error.ts';
import {isNotLeaderError} from '../../errors/not-leader-error.ts';
import {isReplayHaltedError} from '../../errors/replay-halted-error.ts';
import {isSyncClosedError} from '../../errors/sync-closed-error.ts';
import {replayerHarness, flushIO} from '../testing/replayer-harness.ts';
import {deriveSyncState} from './derive-sync-state.ts';
import {flush} from './flush.ts';
import {SyncStatus, type SyncStatusSnapshot} from './sync-status.ts';

const open: {close(): unknown}[] = [];
function setup(...args: Parameters<typeof replayerHarness>) {
  const h = replayerHarness(...args);
  const status = new SyncStatus(h);
  const seen: SyncStatusSnapshot[] = [];
  status.subscribe((s) => seen.push(s));
  open.push(h.replayer, status);
  return {...h, status, seen, flush: (options?: Parameters<typeof flush>[1]) => flush(h, options)};
}
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

describe('deriveSyncState', () => {
  it('maps replayer and connection states', () => {
    expect(deriveSyncState({kind: 'idle'}, 'connected')).toBe('online');
    expect(deriveSyncState({kind: 'replaying', inFlight: 1}, 'connected')).toBe('replaying');
    expect(deriveSyncState({kind: 'follower'}, 'disconnected')).toBe('offline');
    expect(deriveSyncState({kind: 'waiting', connection: 'connecting'}, 'connecting')).toBe('offline');
    expect(deriveSyncState({kind: 'needs-auth', retryAt: null}, 'needs-auth')).toBe('needs-auth');
    expect(deriveSyncState({kind: 'follower'}, 'needs-auth')).toBe('needs-auth');
    expect(deriveSyncState({kind: 'follower'}, 'error')).toBe('error');
    expect(deriveSyncState({kind: 'halted', batchId: 'a', rejection: {code: 'invalid_value', message: 'm'}}, 'connected')).toBe('error');
    const backoff = {kind: 'backoff', reason: 'x', failures: 1, delayMs: 1, retryAt: 1} as const;
    expect(deriveSyncState({...backoff, action: 'send'}, 'connected')).toBe('error');
    expect(deriveSyncState({...backoff, action: 'connect'}, 'disconnected')).toBe('offline');
  });
});

describe('SyncStatus', () => {
  it('tracks pending count, oldest age, dead letters and the last error', async () => {
    const h = setup({connection: 'disconnected'});
    h.server.rejections.set('b', {code: 'invalid_value', message: 'blank'});
    await h.status.start();
    expect(h.status.current).toMatchObject({state: 'offline', pending: 0, oldestPendingAgeMs: null, deadLetters: 0, isLeader: true});

    await h.append('a', 'b', 'c');
    await h.status.refreshed();
    h.clock.advance(0);
    expect(h.status.current).toMatchObject({pending: 3, oldestPendingAgeMs: 0});
    h.replayer.start();
    await flushIO();
    h.clock.advance(7_000);
    await flushIO();
    expect(h.status.current.oldestPendingAgeMs).toBeGreaterThanOrEqual(7_000);

    h.connection.set('connected');
    await flushIO();
    await h.status.refreshed();
    expect(h.status.current).toMatchObject({
      state: 'online',
      pending: 0,
      oldestPendingAgeMs: null,
      deadLetters: 1,
      lastError: {kind: 'rejected', batchId: 'b'},
    });
    expect(h.seen.map((s) => s.state)).toContain('replaying');
  });

  it('shows needs-auth and the replay error while backing off after an unknown outcome', async () => {
    const h = setup({connection: 'needs-auth'});
    await h.status.start();
    expect(h.status.current.state).toBe('needs-auth');
    h.server.down = '503';
    h.connection.set('connected');
    await h.append('a');
    h.replayer.start();
    await flushIO();
    expect(h.status.current).toMatchObject({state: 'error', lastError: {kind: 'unknown', reason: '503'}, pending: 1});
  });
});

describe('flush', () => {
  it('resolves at once when the outbox is empty', async () => {
    const h = setup();
    await expect(h.flush()).resolves.toBeUndefined();
  });

  it('resolves when the replayer has drained the outbox', async () => {
    const h = setup({connection: 'disconnected'});
    await h.append('a', 'b');
    h.replayer.start();
    let resolved = false;
    const done = h.flush().then(() => {
      resolved = true;
    });
    await flushIO();
    expect(resolved).toBe(false);
    h.connection.set('connected');
    await done;
    expect(h.server.applied).toEqual(['a', 'b']);
  });

  it('resolves when the rejected batch went to dead letters (continue policy)', async () => {
    const h = setup();
    h.server.rejections.set('a', {code: 'invalid_value', message: 'm'});
    await h.append('a');
    h.replayer.start();
    await expect(h.flush()).resolves.toBeUndefined();
  });

  it('rejects with ReplayHaltedError when halted on a dead letter', async () => {
    const h = setup({onRejection: 'halt'});
    h.server.rejections.set('a', {code: 'invalid_value', message: 'm'});
    await h.append('a', 'b');
    h.replayer.start();
    const error = await h.flush().catch((e: unknown) => e);
    expect(isReplayHaltedError(error)).toBe(true);
    expect(error).toMatchObject({code: 'replay_halted', batchId: 'a'});
  });

  it('rejects with SyncClosedError when the replayer closes', async () => {
    const h = setup({connection: 'disconnected'});
    await h.append('a');
    h.replayer.start();
    const pending = h.flush().catch((e: unknown) => e);
    await flushIO();
    await h.replayer.close();
    expect(isSyncClosedError(await pending)).toBe(true);
  });

  it('in a follower tab: resolves when the leader drains, rejects with NotLeaderError when it stalls', async () => {
    const leaderTab = setup({connection: 'disconnected'});
    const followerTab = setup({leader: false, store: leaderTab.store, server: leaderTab.server, clock: leaderTab.clock});
    leaderTab.replayer.start();
    followerTab.replayer.start();
    await followerTab.append('a');
    const stalled = followerTab.flush({stallMs: 5_000}).catch((e: unknown) => e);
    await flushIO();
    leaderTab.clock.advance(5_000); // the leader is offline: nothing leaves the outbox
    expect(isNotLeaderError(await stalled)).toBe(true);

    const ok = followerTab.flush({stallMs: 5_000});
    leaderTab.connection.set('connected');
    await expect(ok).resolves.toBeUndefined();
  });

  it('rejects with FlushTimeoutError after timeoutMs, keeping the batches', async () => {
    const h = setup({connection: 'disconnected'});
    await h.append('a');
    h.replayer.start();
    const pending = h.flush({timeoutMs: 1_000}).catch((e: unknown) => e);
    await flushIO();
    h.clock.advance(1_000);
    const error = await pending;
    expect(isFlushTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({pending: 1, state: 'backoff'});
    expect(await h.pendingIds()).toEqual(['a']);
  });
});
