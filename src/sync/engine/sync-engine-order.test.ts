import 'fake-indexeddb/auto';
import {describe, expect, it} from 'vitest';
import type {Batch} from '../../contract/batch.ts';
import {FakeClock} from '../testing/fake-clock.ts';
import {FakeConnection} from '../testing/fake-connection.ts';
import {FakeLeaderElector} from '../testing/fake-leader-elector.ts';
import {flushIO} from '../testing/replayer-harness.ts';
import {testBatch} from '../testing/test-batch.ts';
import type {HandOffTransport} from './hand-off-transport.ts';
import {SyncEngine} from './sync-engine.ts';

let dbCounter = 0;

/** A sync client that takes every write; every send's outcome is unknown (the API server died mid-push). */
function unknownOutcomeTransport(handed: string[]): HandOffTransport {
  return {
    accepting: true,
    inFlightCount: 0,
    holds: () => false,
    release: () => {},
    deciding: () => {},
    hand: (batch: Batch) => {
      handed.push(batch.id);
      return {client: Promise.resolve({kind: 'taken'})};
    },
    onHand: () => {},
    onHeldChange: () => {},
    send: () => Promise.resolve({kind: 'unknown', reason: 'push failed: API server gone'}),
  };
}

// Found by tests/integration/chaos.test.ts: writes handed to Zero while an earlier batch waited for its
// resend reached the server before it (I2).
describe('SyncEngine write path while a resend is pending', () => {
  it('keeps new writes in the outbox (for the replayer to hand in order) while an unknown outcome waits for its resend', async () => {
    const handed: string[] = [];
    const clock = new FakeClock();
    const sync = new SyncEngine(
      {userID: 'u1', transport: unknownOutcomeTransport(handed), connection: new FakeConnection('connected'), models: {}, activityLog: {table: 'activity_logs'} as never},
      {outbox: {name: `engine-order-${process.pid}-${++dbCounter}`}, leader: new FakeLeaderElector(true), clock},
    );
    await sync.ready;
    const first = sync.write(testBatch('a'));
    first.server.catch(() => {});
    await first.client;
    await flushIO();
    expect(handed).toEqual(['a']);
    expect(sync.replayerStats?.unknown).toBeGreaterThanOrEqual(1);

    const second = sync.write(testBatch('b'));
    second.server.catch(() => {});
    await second.client;
    await flushIO();
    // Not handed ahead of a's resend: it waits in the outbox, in seq order after a.
    expect(handed).toEqual(['a']);
    expect((await sync.store.peek(5)).map((r) => r.batchId)).toEqual(['a', 'b']);
    await sync.close();
  });
});
