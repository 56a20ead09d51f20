import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ReadStatus} from '../record/read-connection.ts';
import {FIRST_CONNECT_GRACE_MS, settledStatus, zeroReadConnection, type ZeroConnectionState} from './zero-read-connection.ts';

/** The slice of `z.connection` the adapter follows, switched by hand. */
function fakeZeroConnection(initial: string) {
  let current = {name: initial};
  const listeners = new Set<(state: {name: string}) => void>();
  const connection: ZeroConnectionState = {
    state: {
      get current() {
        return current;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
  return {
    connection,
    set(name: string) {
      current = {name};
      for (const l of [...listeners]) l(current);
    },
  };
}

describe('zeroReadConnection: Zero connection states as reads see them', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a fresh client is `connecting` for the grace, then `offline` (Zero stays `connecting` offline)', () => {
    const zero = fakeZeroConnection('connecting');
    const link = zeroReadConnection(zero.connection);
    const seen: ReadStatus[] = [];
    link.subscribe(s => seen.push(s));
    expect(link.status).toBe('connecting');
    vi.advanceTimersByTime(FIRST_CONNECT_GRACE_MS - 1);
    expect(link.status).toBe('connecting');
    vi.advanceTimersByTime(1);
    expect(link.status).toBe('offline');
    zero.set('connected');
    zero.set('connecting'); // lost again: offline at once
    expect(seen).toEqual(['offline', 'online', 'offline']);
  });

  it('once connected, any other state is offline; needs-auth/error/closed never wait for a grace', () => {
    const zero = fakeZeroConnection('needs-auth');
    const link = zeroReadConnection(zero.connection);
    expect(link.status).toBe('offline');
    zero.set('connected');
    expect(link.status).toBe('online');
    for (const name of ['disconnected', 'error', 'closed', 'connecting']) {
      zero.set(name);
      expect(link.status).toBe('offline');
    }
  });

  it('settledStatus waits out `connecting`', async () => {
    const zero = fakeZeroConnection('connecting');
    const link = zeroReadConnection(zero.connection);
    const settled = settledStatus(link);
    zero.set('connected');
    await expect(settled).resolves.toBe('online');
    const later = zeroReadConnection(fakeZeroConnection('connecting').connection);
    const offline = settledStatus(later);
    vi.advanceTimersByTime(FIRST_CONNECT_GRACE_MS);
    await expect(offline).resolves.toBe('offline');
  });
});
