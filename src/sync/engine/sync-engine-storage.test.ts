import 'fake-indexeddb/auto';
import {openDB} from 'idb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {isOutboxUnavailableError} from '../../errors/outbox-unavailable-error.ts';
import {OUTBOX_MIGRATIONS, type OutboxDB} from '../outbox/outbox-schema.ts';
import type {SyncStatusSnapshot} from '../status/sync-status.ts';
import {FakeConnection} from '../testing/fake-connection.ts';
import {FakeLeaderElector} from '../testing/fake-leader-elector.ts';
import {failWritesWithQuota} from '../testing/fail-writes-with-quota.ts';
import {testBatch} from '../testing/test-batch.ts';
import type {HandOffTransport} from './hand-off-transport.ts';
import {SyncEngine} from './sync-engine.ts';

let dbCounter = 0;
const freshName = () => `engine-storage-${process.pid}-${++dbCounter}`;

/** A sync client that is offline: it takes no writes, so the outbox is all there is. */
function offlineTransport(): HandOffTransport {
  return {
    accepting: false,
    inFlightCount: 0,
    holds: () => false,
    release: () => {},
    deciding: () => {},
    hand: () => ({client: Promise.resolve({kind: 'refused', reason: 'offline'})}),
    onHand: () => {},
    onHeldChange: () => {},
    send: () => Promise.resolve({kind: 'unknown', reason: 'offline'}),
  };
}

function engine(name: string): {engine: SyncEngine; seen: SyncStatusSnapshot[]} {
  const sync = new SyncEngine(
    {userID: 'u1', transport: offlineTransport(), connection: new FakeConnection('disconnected'), models: {}, activityLog: {table: 'activity_logs'} as never},
    {outbox: {name}, leader: new FakeLeaderElector(true)},
  );
  const seen: SyncStatusSnapshot[] = [];
  sync.subscribeStatus((s) => seen.push(s));
  return {engine: sync, seen};
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SyncEngine when storage fails', () => {
  it('a full disk: the write rejects with OutboxUnavailableError, the status shows it, and a later good write clears it', async () => {
    const {engine: sync, seen} = engine(freshName());
    await sync.ready;
    failWritesWithQuota();
    const failed = sync.write(testBatch('a'));
    failed.server.catch(() => {});
    const error = await failed.client.catch((e: unknown) => e);
    expect(isOutboxUnavailableError(error) && error.reason).toBe('quota-exceeded');
    expect(sync.status).toMatchObject({state: 'error', storage: {code: 'outbox_unavailable', reason: 'quota-exceeded'}});
    expect(seen.at(-1)?.storage?.message).toMatch(/out of storage/);

    vi.restoreAllMocks();
    const ok = sync.write(testBatch('b'));
    ok.server.catch(() => {});
    await ok.client;
    expect(sync.status.storage).toBeNull();
    expect((await sync.store.peek(5)).map((r) => r.batchId)).toEqual(['b']);
    await sync.close();
  });

  it('an outbox that cannot open: ready and every write reject with the reason, and the status shows it', async () => {
    const name = freshName();
    const oldTab = await openDB<OutboxDB>(name, 1, {
      upgrade(db, _o, _n, tx) {
        OUTBOX_MIGRATIONS[0]?.(db, tx);
      },
    });
    const {engine: sync} = engine(name);
    const write = sync.write(testBatch('a'));
    write.server.catch(() => {});
    const error = await write.client.catch((e: unknown) => e);
    expect(isOutboxUnavailableError(error) && error.reason).toBe('blocked');
    await expect(sync.ready).rejects.toBe(error);
    expect(sync.status).toMatchObject({state: 'error', storage: {reason: 'blocked'}});
    oldTab.close();
    await sync.close();
  });
});
