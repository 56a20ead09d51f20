import {afterEach, describe, expect, it} from 'vitest';
import {replayerHarness, flushIO} from '../testing/replayer-harness.ts';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';

const open: {replayer: {close(): Promise<void>}}[] = [];
function harness(...args: Parameters<typeof replayerHarness>) {
  const h = replayerHarness(...args);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.replayer.close();
});

const blank = {code: 'invalid_value', message: 'title is blank'} as const;

describe('Replayer: group sends', () => {
  it('sends consecutive pending batches as one group when the transport offers sendGroup', async () => {
    const h = harness({groups: true, maxGroupSize: 3});
    await h.append('a', 'b', 'c', 'd', 'e');
    h.replayer.start();
    await flushIO();
    expect(h.server.log).toEqual(['group:a,b,c', 'group:d,e']);
    expect(h.server.applied).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.removed).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.replayer.stats).toMatchObject({groupSends: 2, sends: 0, applied: 5});
  });

  it("a group's confirmed batches leave the outbox in one store call (one strict commit), in seq order", async () => {
    const store = new MemoryOutboxStore();
    const calls: (readonly string[])[] = [];
    const remove = store.remove.bind(store);
    store.remove = (ids) => {
      calls.push([...ids]);
      return remove(ids);
    };
    const h = harness({groups: true, maxGroupSize: 3, store});
    h.server.rejections.set('e', blank);
    await h.append('a', 'b', 'c', 'd', 'e');
    h.replayer.start();
    await flushIO();
    // a–c as one group; d, e as a group that fails (e is rejected), then one by one.
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
    expect(h.removed).toEqual(['a', 'b', 'c', 'd']);
    expect(h.rejected.map((r) => r.batchId)).toEqual(['e']);
  });

  it('a single pending batch goes through send(); appends during its flight wait and go as a group', async () => {
    const h = harness({groups: true});
    h.server.autoDeliver = false;
    await h.append('a');
    h.replayer.start();
    await flushIO();
    await h.append('b', 'c');
    await flushIO();
    expect(h.server.log).toEqual(['a']); // a group is never sent next to another send
    h.server.deliver();
    await flushIO();
    expect(h.server.log).toEqual(['a', 'group:b,c']);
    h.server.deliver();
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b', 'c']);
  });

  it('falls back to one-by-one when a group fails, then goes back to groups', async () => {
    const h = harness({groups: true, maxGroupSize: 10});
    h.server.rejections.set('c', blank);
    await h.append('a', 'b', 'c', 'd', 'e');
    h.replayer.start();
    await flushIO();
    expect(h.server.log).toEqual(['group:a,b,c,d,e', 'a', 'b', 'c', 'd', 'e']);
    expect(h.server.applied).toEqual(['a', 'b', 'd', 'e']);
    expect(h.rejected.map((r) => r.batchId)).toEqual(['c']);
    expect(h.replayer.stats).toMatchObject({groupFallbacks: 1, rejected: 1});

    await h.append('f', 'g');
    await flushIO();
    expect(h.server.log.slice(-1)).toEqual(['group:f,g']);
    expect(h.server.applied).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
  });

  it('handles per-batch results: already-applied members are removed, a group never duplicates', async () => {
    const h = harness({groups: true});
    await h.append('a', 'b');
    h.server.applied.push('a'); // applied earlier, ack lost
    h.replayer.start();
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b']);
    expect(h.replayer.stats).toMatchObject({alreadyApplied: 1, applied: 1});
  });

  it('a group that fails in transport is resent one by one after the backoff', async () => {
    const h = harness({groups: true, random: [0.5]});
    h.server.down = 'socket closed';
    await h.append('a', 'b', 'c');
    h.replayer.start();
    await flushIO();
    // group failed → singles tried at once → a unknown → backoff
    expect(h.server.log).toEqual(['group:a,b,c', 'a', 'b', 'c']);
    expect(h.replayer.state).toMatchObject({kind: 'backoff', action: 'send'});
    h.server.down = null;
    h.clock.advance(250);
    await flushIO();
    expect(h.server.applied).toEqual(['a', 'b', 'c']);
  });

  it('halt mode sends no groups', async () => {
    const h = harness({groups: true, onRejection: 'halt'});
    await h.append('a', 'b');
    h.replayer.start();
    await flushIO();
    expect(h.server.log).toEqual(['a', 'b']);
  });
});
