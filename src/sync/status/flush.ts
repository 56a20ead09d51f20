import {FlushTimeoutError} from '../../errors/flush-timeout-error.ts';
import {NotLeaderError} from '../../errors/not-leader-error.ts';
import {ReplayHaltedError} from '../../errors/replay-halted-error.ts';
import {SyncClosedError} from '../../errors/sync-closed-error.ts';
import type {LeaderElector} from '../leader/leader-elector.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import type {Clock, TimerHandle} from '../replay/clock.ts';
import type {ReplayerView} from './sync-status.ts';

export interface FlushDeps {
  readonly store: OutboxStore;
  readonly replayer: ReplayerView;
  readonly leader: LeaderElector;
  readonly clock: Clock;
}

/** How long `flush()` waits for the outbox to drain. */
export interface FlushOptions {
  /** Give up after this long with `FlushTimeoutError`. Default: wait as long as it takes. */
  readonly timeoutMs?: number | undefined;
  /** In a follower tab: give up with `NotLeaderError` when no batch leaves the outbox for this long. Default 10 s. */
  readonly stallMs?: number | undefined;
}

/**
 * Resolves when the outbox is empty: every batch written before (and during)
 * the call was confirmed by the server or moved to dead letters (check
 * `SyncStatus.deadLetters` for the latter). Rejects, without touching any
 * pending batch, with why it cannot get there:
 * - `ReplayHaltedError`: `onRejection: 'halt'` stopped at a rejected batch;
 * - `SyncClosedError`: the replayer was closed;
 * - `NotLeaderError`: this tab does not replay and the leader made no progress for `stallMs`;
 * - `FlushTimeoutError`: `timeoutMs` ran out (offline, needs-auth, …).
 *
 * @example
 * await job.save();
 * await flush({store, replayer, leader, clock: systemClock}, {timeoutMs: 30_000});
 */
export function flush(deps: FlushDeps, options: FlushOptions = {}): Promise<void> {
  const {store, replayer, leader, clock} = deps;
  const stallMs = options.stallMs ?? 10_000;
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let checks: Promise<void> = Promise.resolve();
    let stallTimer: TimerHandle | undefined;
    let timeoutTimer: TimerHandle | undefined;
    const unsubscribe: (() => void)[] = [];

    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      for (const off of unsubscribe) off();
      if (stallTimer !== undefined) clock.clearTimeout(stallTimer);
      if (timeoutTimer !== undefined) clock.clearTimeout(timeoutTimer);
      if (error === undefined) resolve();
      else reject(error);
    };

    // One check at a time, in order; a failure ends the flush with that error.
    const check = () => {
      checks = checks
        .then(async () => {
          if (done) return;
          if ((await store.count()) === 0) return finish();
          const state = replayer.state;
          if (state.kind === 'closed') return finish(new SyncClosedError());
          if (state.kind === 'halted') return finish(new ReplayHaltedError(state.batchId, state.rejection));
        })
        .catch(finish);
    };

    // Re-armed on every batch that leaves the outbox; only followers can stall.
    const armStall = () => {
      if (stallTimer !== undefined) clock.clearTimeout(stallTimer);
      stallTimer = undefined;
      if (!leader.isLeader) stallTimer = clock.setTimeout(() => finish(new NotLeaderError(stallMs)), stallMs);
    };

    unsubscribe.push(
      store.subscribe((change) => {
        if (change.kind === 'remove' || change.kind === 'dead-letter') armStall();
        check();
      }),
      replayer.subscribe(() => check()),
      leader.subscribe(() => {
        armStall();
        check();
      }),
    );
    if (options.timeoutMs !== undefined) {
      const timeoutMs = options.timeoutMs;
      timeoutTimer = clock.setTimeout(() => {
        checks = checks
          .then(async () => finish(new FlushTimeoutError(timeoutMs, await store.count(), replayer.state.kind)))
          .catch(finish);
      }, timeoutMs);
    }
    armStall();
    check();
  });
}
