import {describe, expect, test} from 'vitest';
import {BATCH_FORMAT_VERSION, type Batch} from '../contract/batch.ts';
import type {ZeroMutationResult} from './zero-mutation-result.ts';
import type {ConnectionState} from '../sync/replay/connection-monitor.ts';
import {ZeroTransport} from './zero-transport.ts';

const ok: ZeroMutationResult = {type: 'success'};
const batch = (n: number): Batch => ({v: BATCH_FORMAT_VERSION, id: `b${n}`, ops: [{op: 'insert', table: 'jobs', value: {id: `j${n}`}}], createdAt: 0});

function harness(state: ConnectionState = 'connected') {
  const calls: string[] = [];
  let serverResult: ZeroMutationResult = ok;
  const connection = {state, subscribe: () => () => {}, connect: () => {}};
  const transport = new ZeroTransport({
    mutate: (b) => {
      calls.push(b.id);
      return {client: Promise.resolve(ok), server: Promise.resolve(serverResult)};
    },
    connection,
    mutateGroup: (bs) => {
      calls.push(`group:${bs.map((b) => b.id).join(',')}`);
      return {client: Promise.resolve(ok), server: Promise.resolve(serverResult)};
    },
  });
  return {transport, calls, connection, setServer: (r: ZeroMutationResult) => (serverResult = r)};
}

describe('ZeroTransport', () => {
  test('send reuses the mutation the write path handed: one push per batch', async () => {
    const {transport, calls} = harness();
    transport.hand(batch(1));
    await expect(transport.send(batch(1))).resolves.toEqual({kind: 'applied'});
    expect(calls).toEqual(['b1']);
    expect(transport.stats).toMatchObject({mutations: 1, reused: 1});
    // Consumed: a second send (after an unknown, say) mutates again.
    await transport.send(batch(1));
    expect(calls).toEqual(['b1', 'b1']);
  });

  test('send classifies: already_applied is a confirmation, app errors reject, zero errors are unknown', async () => {
    const {transport, setServer} = harness();
    setServer({type: 'error', error: {type: 'app', message: 'dup', details: {code: 'already_applied'}}});
    await expect(transport.send(batch(1))).resolves.toEqual({kind: 'already-applied'});
    setServer({type: 'error', error: {type: 'app', message: 'fk', details: {code: 'constraint_violation', opIndex: 0}}});
    await expect(transport.send(batch(2))).resolves.toMatchObject({kind: 'rejected', error: {code: 'constraint_violation', opIndex: 0}});
    expect(transport.holds('b2')).toBe(false);
    setServer({type: 'error', error: {type: 'zero', message: 'offline'}});
    await expect(transport.send(batch(3))).resolves.toMatchObject({kind: 'unknown'});
  });

  test('send does not mutate while Zero rejects writes', async () => {
    const {transport, calls} = harness('error');
    await expect(transport.send(batch(1))).resolves.toMatchObject({kind: 'unknown'});
    expect(calls).toEqual([]);
  });

  test('sendGroup answers handed batches by their own mutation and sends the rest as one group', async () => {
    const {transport, calls} = harness();
    transport.hand(batch(1));
    const outcome = await transport.sendGroup([batch(1), batch(2), batch(3)]);
    expect(outcome).toEqual({kind: 'results', results: [{kind: 'applied'}, {kind: 'applied'}, {kind: 'applied'}]});
    expect(calls).toEqual(['b1', 'group:b2,b3']);
  });

  test('a group rejected as a whole is `failed` (the replayer falls back one by one)', async () => {
    const {transport, setServer} = harness();
    setServer({type: 'error', error: {type: 'app', message: 'fk', details: {code: 'constraint_violation'}}});
    await expect(transport.sendGroup([batch(1), batch(2)])).resolves.toEqual({kind: 'failed', reason: 'fk'});
  });
});
