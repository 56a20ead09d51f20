import {FakeLeaderElector} from './fake-leader-elector.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import {testBatch} from './test-batch.ts';
import type {ConnectionState} from '../replay/connection-monitor.ts';
import {Replayer, type ReplayerOptions} from '../replay/replayer.ts';
import type {ReplayerState} from '../replay/replayer-state.ts';
import {FakeClock} from './fake-clock.ts';
import {FakeConnection} from './fake-connection.ts';
import {FakeServer} from './fake-server.ts';
import {SequenceRandom} from './sequence-random.ts';

export interface HarnessOptions extends ReplayerOptions {
  readonly connection?: ConnectionState;
  readonly leader?: boolean;
  readonly groups?: boolean;
  readonly random?: readonly number[];
  readonly onNeedsAuth?: () => void | Promise<void>;
  readonly onRejected?: () => void | Promise<void>;
  /** Share a store / server / clock with another harness (a second tab). */
  readonly store?: OutboxStore;
  readonly server?: FakeServer;
  readonly clock?: FakeClock;
}

/** Lets every pending promise and IO callback run; no timers are involved. */
export async function flushIO(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A replayer wired to fakes, recording what it does. */
export function replayerHarness(options: HarnessOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? new MemoryOutboxStore({now: () => clock.now()});
  const server = options.server ?? new FakeServer({groups: options.groups ?? false});
  const connection = new FakeConnection(options.connection ?? 'connected');
  const leader = new FakeLeaderElector(options.leader ?? true);
  const states: ReplayerState[] = [];
  const rejected: {batchId: string; rejection: BatchRejection}[] = [];
  const removed: string[] = [];
  store.subscribe((change) => {
    if (change.kind === 'remove') removed.push(change.batchId);
  });
  const replayer = new Replayer(
    {
      store,
      transport: server,
      connection,
      leader,
      clock,
      random: new SequenceRandom(...(options.random ?? [0.5])),
      hooks: {
        onNeedsAuth: options.onNeedsAuth,
        onRejected: (batch, rejection) => {
          rejected.push({batchId: batch.id, rejection});
          return options.onRejected?.();
        },
      },
    },
    options,
  );
  replayer.subscribe((state) => states.push(state));
  return {
    clock,
    store,
    server,
    connection,
    leader,
    replayer,
    states,
    rejected,
    removed,
    /** The sequence of state kinds seen, without repeats. */
    kinds: () => states.map((s) => s.kind).filter((kind, i, all) => i === 0 || all[i - 1] !== kind),
    append: async (...ids: string[]) => {
      for (const id of ids) await store.append(testBatch(id));
    },
    pendingIds: async () => (await store.peek(1_000)).map((r) => r.batchId),
  };
}
