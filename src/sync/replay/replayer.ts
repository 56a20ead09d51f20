import type {Batch} from '../../contract/batch.ts';
import type {LeaderElector} from '../leader/leader-elector.ts';
import type {BatchRejection} from '../../errors/batch-rejection.ts';
import type {OutboxRecord} from '../outbox/outbox-record.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import {DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy} from './backoff.ts';
import type {BatchTransport} from './batch-transport.ts';
import {callAsync} from './call-async.ts';
import type {Clock, TimerHandle} from './clock.ts';
import type {ConnectionMonitor} from './connection-monitor.ts';
import {describeError} from './describe-error.ts';
import {mathRandom, type Random} from './random.ts';
import type {ReplayProblem, ReplayerState, RetryAction} from './replayer-state.ts';
import type {SendOutcome} from './send-outcome.ts';
import {SendWindow} from './send-window.ts';
import {WakeSignal} from './wake-signal.ts';

export interface ReplayerHooks {
  /** Zero is in `needs-auth`: fetch a fresh token and reconnect with it. Called again with backoff while the state stays. */
  readonly onNeedsAuth?: (() => void | Promise<void>) | undefined;
  /**
   * A batch was rejected for good and is now a dead letter: undo its
   * optimistic effects. Awaited before the next outcome is handled.
   */
  readonly onRejected?: ((batch: Batch, rejection: BatchRejection) => void | Promise<void>) | undefined;
  /** A batch was confirmed (applied now or earlier) and left the outbox. */
  readonly onConfirmed?: ((batch: Batch, outcome: 'applied' | 'already-applied') => void) | undefined;
}

export interface ReplayerDeps {
  readonly store: OutboxStore;
  readonly transport: BatchTransport;
  readonly connection: ConnectionMonitor;
  readonly leader: LeaderElector;
  readonly clock: Clock;
  readonly random?: Random | undefined;
  readonly hooks?: ReplayerHooks | undefined;
}

/** How the outbox is replayed: what a rejection does, pipelining, grouping, backoff. */
export interface ReplayerOptions {
  /**
   * After a rejection: `continue` (default) sends the later batches; `halt`
   * stops until the dead letter is retried or discarded. `halt` sends one batch
   * at a time and no groups, so nothing after a rejected batch was sent.
   */
  readonly onRejection?: 'continue' | 'halt' | undefined;
  /** Batches sent before the first outcome arrives (pipelining). Default 8; the sync engine uses 16. */
  readonly maxInFlight?: number | undefined;
  /** Most batches per `sendGroup` when the transport has it. Default 50; 1 disables groups. */
  readonly maxGroupSize?: number | undefined;
  readonly backoff?: Partial<BackoffPolicy> | undefined;
}

/** Counters of what the replayer sent and heard back (for the sync panel and benchmarks). */
export interface ReplayerStats {
  sends: number;
  groupSends: number;
  groupFallbacks: number;
  applied: number;
  alreadyApplied: number;
  rejected: number;
  unknown: number;
  connectCalls: number;
  authRequests: number;
}

type RoundEnd = {readonly kind: 'done'} | {readonly kind: 'unknown'; readonly reason: string};

const CLOSED = Symbol('closed');
const NEEDS_AUTH = Symbol('needs-auth');

/**
 * Replays the outbox, in seq order, exactly once per batch as far as the
 * server can tell (I2, I3, I5). One instance per tab; only the leader sends.
 *
 * ```
 *                start()
 *                   │
 *                   ▼        lose leadership (from any state; in-flight outcomes are still handled)
 *   stopped ──► follower ◄──────────────────────────────────────────────┐
 *                   │ gain leadership                                   │
 *                   ▼                                                   │
 *        ┌────►   idle   ◄───────── outbox empty ──────────┐            │
 *        │          │ append (any tab) wakes               │            │
 *        │          ▼                                      │            │
 *        │   ┌─ what is Zero's connection? ─┐              │            │
 *        │   │connecting/     │connected    │disconnected/ │            │
 *        │   │closed          ▼             │error         │            │
 *        │   ▼            replaying ────────┼──────────────┘            │
 *        │ waiting ──────►  │  │  │         ▼                           │
 *        │ (Zero connects)  │  │  │      backoff ── timer: connect() ──►(re-check)
 *        │                  │  │  └ unknown ──► backoff ── timer: resend
 *        │                  │  └ rejected + halt ──► halted ── dead letter retried/discarded ──► (re-check)
 *        │                  └ rejected + continue: dead letter, onRejected, keep going
 *        │
 *        └── needs-auth: onNeedsAuth(), wait for the connection; ask again after a backoff
 *            (also while sends are in flight: Zero holds them until it has a new token)
 *
 *   close() from any state ──► closed (pending batches stay in the outbox)
 * ```
 *
 * Invariants:
 * - A batch leaves the outbox only on `applied`/`already-applied` (removed)
 *   or `rejected` (moved to dead letters). `unknown` keeps it.
 * - Sends are issued in seq order, at most `maxInFlight` at once, and their
 *   outcomes are handled strictly in that order, whatever order they arrive
 *   in. A group is sent alone and awaited before anything else is sent, so a
 *   group that fails can be resent one by one without being overtaken.
 * - Backoff is exponential with full jitter, bounded by `maxMs`; the failure
 *   count resets only on progress (a confirmed batch), so a flapping
 *   connection cannot make the replayer spin.
 * - Every promise is awaited by the single loop (`#loop`), or is a send
 *   wrapped so it cannot reject; `close()` awaits the loop.
 */
export class Replayer {
  readonly #store: OutboxStore;
  readonly #connection: ConnectionMonitor;
  readonly #leader: LeaderElector;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #hooks: ReplayerHooks;
  readonly #haltOnRejection: boolean;
  readonly #window: SendWindow;
  readonly #backoff: BackoffPolicy;

  #state: ReplayerState = {kind: 'stopped'};
  readonly #listeners = new Set<(state: ReplayerState) => void>();
  readonly #wake = new WakeSignal();
  #closed = false;
  #resolveClosed: (value: typeof CLOSED) => void = () => {};
  readonly #closedSignal = new Promise<typeof CLOSED>((resolve) => {
    this.#resolveClosed = resolve;
  });
  #loopDone: Promise<void> | undefined;
  #unsubscribe: (() => void)[] = [];

  #retry: {action: RetryAction; handle: TimerHandle; fired: boolean; retryAt: number} | undefined;
  #failures = 0;
  #halt: {batchId: string; rejection: BatchRejection} | undefined;
  #authAsked = false;
  #lastProblem: ReplayProblem | null = null;
  readonly #stats: ReplayerStats = {
    sends: 0,
    groupSends: 0,
    groupFallbacks: 0,
    applied: 0,
    alreadyApplied: 0,
    rejected: 0,
    unknown: 0,
    connectCalls: 0,
    authRequests: 0,
  };

  constructor(deps: ReplayerDeps, options: ReplayerOptions = {}) {
    this.#store = deps.store;
    this.#connection = deps.connection;
    this.#leader = deps.leader;
    this.#clock = deps.clock;
    this.#random = deps.random ?? mathRandom;
    this.#hooks = deps.hooks ?? {};
    this.#haltOnRejection = options.onRejection === 'halt';
    // Halting means nothing after a rejected batch was sent: one batch at a time, no groups.
    this.#window = new SendWindow(
      {store: deps.store, transport: deps.transport, counters: this.#stats},
      {
        maxInFlight: this.#haltOnRejection ? 1 : (options.maxInFlight ?? 8),
        maxGroupSize: this.#haltOnRejection ? 1 : (options.maxGroupSize ?? 50),
      },
    );
    this.#backoff = {...DEFAULT_BACKOFF, ...options.backoff};
  }

  get state(): ReplayerState {
    return this.#state;
  }

  get lastProblem(): ReplayProblem | null {
    return this.#lastProblem;
  }

  /** Counters since construction (a copy). */
  get stats(): ReplayerStats {
    return {...this.#stats};
  }

  subscribe(listener: (state: ReplayerState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Starts the loop. Idempotent. */
  start(): void {
    if (this.#loopDone !== undefined || this.#closed) return;
    this.#unsubscribe = [
      this.#store.subscribe(() => this.#wake.notify()),
      this.#leader.subscribe(() => this.#wake.notify()),
      this.#connection.subscribe((state) => {
        if (state !== 'needs-auth') this.#authAsked = false;
        // Zero reconnected by itself: no need to wait for our connect timer.
        if (state === 'connected' && this.#retry !== undefined && this.#retry.action !== 'send') this.#cancelRetry();
        this.#wake.notify();
      }),
    ];
    this.#loopDone = this.#loop();
  }

  /** Re-checks the outbox now (e.g. after an append in a store without change events). */
  wake(): void {
    this.#wake.notify();
  }

  /** Stops replaying. Pending and in-flight batches stay in the outbox for the next start. */
  async close(): Promise<void> {
    if (this.#closed) return this.#loopDone;
    this.#closed = true;
    this.#cancelRetry();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#resolveClosed(CLOSED);
    this.#wake.notify();
    if (this.#loopDone === undefined) this.#setState({kind: 'closed'});
    await this.#loopDone;
  }

  async #loop(): Promise<void> {
    while (!this.#closed) {
      try {
        await this.#step();
      } catch (error) {
        // A store failure (or a bug). Keep everything, back off, try again:
        // spinning here would burn the battery and retrying blind could drop nothing.
        this.#problem({kind: 'internal', reason: describeError(error), at: this.#clock.now()});
        if (this.#closed) break;
        this.#scheduleRetry('send');
        this.#setBackoffState('send', `internal: ${describeError(error)}`);
        await this.#wake.wait();
      }
    }
    this.#setState({kind: 'closed'});
  }

  /** One decision of the state machine; returns after acting or after a wake-up. */
  async #step(): Promise<void> {
    if (!this.#leader.isLeader) {
      this.#cancelRetry();
      this.#setState({kind: 'follower'});
      return this.#wake.wait();
    }
    if (this.#halt !== undefined) {
      const stillDead = await this.#store.getDeadLetter(this.#halt.batchId);
      if (stillDead === undefined) {
        this.#halt = undefined;
        return;
      }
      this.#setState({kind: 'halted', ...this.#halt});
      return this.#wake.wait();
    }
    const [head] = await this.#store.peek(1);
    if (head === undefined) {
      this.#cancelRetry();
      this.#failures = 0;
      this.#setState({kind: 'idle'});
      return this.#wake.wait();
    }
    const connection = this.#connection.state;
    switch (connection) {
      case 'connected': {
        if (this.#retry !== undefined && !this.#retry.fired) {
          this.#setBackoffState(this.#retry.action, this.#lastReason());
          return this.#wake.wait();
        }
        this.#cancelRetry();
        const end = await this.#replayRound();
        if (end.kind === 'unknown' && !this.#closed) this.#scheduleRetry('send');
        return;
      }
      case 'connecting':
      case 'closed':
        this.#setState({kind: 'waiting', connection});
        return this.#wake.wait();
      case 'needs-auth':
        return this.#needsAuth();
      case 'disconnected':
      case 'error': {
        if (this.#retry?.fired === true) {
          this.#cancelRetry();
          this.#connect();
          return;
        }
        if (this.#retry === undefined) {
          this.#problem({kind: 'connection', reason: `connection ${connection}`, at: this.#clock.now()});
          this.#scheduleRetry('connect');
        }
        this.#setBackoffState('connect', `connection ${connection}`);
        return this.#wake.wait();
      }
    }
  }

  async #needsAuth(): Promise<void> {
    if (!this.#authAsked || this.#retry?.fired === true) {
      this.#cancelRetry();
      this.#authAsked = true;
      await this.#askForAuth();
      // Still no new connection: ask again later rather than never (or in a loop).
      if (this.#connection.state === 'needs-auth' && !this.#closed) this.#scheduleRetry('auth');
      return;
    }
    this.#setState({kind: 'needs-auth', retryAt: this.#retry?.retryAt ?? null});
    return this.#wake.wait();
  }

  /** Sends while leader and connected; returns when nothing is in flight and nothing more may be sent. */
  async #replayRound(): Promise<RoundEnd> {
    const window = this.#window;
    window.reset();
    let stopIssuing = false;
    let end: RoundEnd = {kind: 'done'};

    for (;;) {
      if (!stopIssuing) {
        await window.fill(
          () => this.#mayIssue(),
          (inFlight) => this.#setState({kind: 'replaying', inFlight}),
        );
      }
      const unit = window.shift();
      if (unit === undefined) return end;
      this.#setState({kind: 'replaying', inFlight: window.size + 1});
      const result = await this.#outcomeOf(unit.result, window.size + 1);
      if (result === CLOSED) return {kind: 'done'};

      if (result.kind === 'group-failed') {
        await window.fallBack(unit, result.reason);
        continue;
      }
      // Confirmed batches leave the outbox together (one strict commit per group, not one per batch), in
      // seq order with everything else: the run is flushed before any other outcome is handled.
      const confirmed: {record: OutboxRecord; kind: 'applied' | 'already-applied'}[] = [];
      for (const [index, record] of unit.records.entries()) {
        const outcome = result.outcomes[index] ?? {kind: 'unknown', reason: 'the transport gave no outcome for this batch'};
        if (outcome.kind === 'applied' || outcome.kind === 'already-applied') {
          confirmed.push({record, kind: outcome.kind});
          continue;
        }
        await this.#confirm(confirmed.splice(0));
        const verdict = await this.#handleOutcome(record, outcome);
        if (verdict === 'stop') stopIssuing = true;
        if (verdict === 'unknown') {
          stopIssuing = true;
          end = {kind: 'unknown', reason: outcome.kind === 'unknown' ? outcome.reason : 'unknown'};
        }
      }
      await this.#confirm(confirmed);
    }
  }

  /** Removes confirmed batches from the outbox in one transaction, then tells `onConfirmed` of each, in order. */
  async #confirm(confirmed: readonly {record: OutboxRecord; kind: 'applied' | 'already-applied'}[]): Promise<void> {
    if (confirmed.length === 0) return;
    await this.#store.remove(confirmed.map((c) => c.record.batchId));
    this.#failures = 0;
    for (const {record, kind} of confirmed) {
      if (kind === 'applied') this.#stats.applied++;
      else this.#stats.alreadyApplied++;
      try {
        this.#hooks.onConfirmed?.(record.batch, kind);
      } catch (error) {
        this.#problem({kind: 'internal', reason: `onConfirmed failed: ${describeError(error)}`, at: this.#clock.now()});
      }
    }
  }

  /**
   * Waits for a send's outcome. When the sign-in expires meanwhile, Zero holds
   * the in-flight sends until it has a new token, so they would never settle
   * and the loop would never reach `#needsAuth`: ask for the token from here
   * (again after a backoff while it stays `needs-auth`), then keep waiting.
   */
  async #outcomeOf<T>(result: Promise<T>, inFlight: number): Promise<T | typeof CLOSED> {
    for (;;) {
      let unsubscribe = () => {};
      const authLost = new Promise<typeof NEEDS_AUTH>((resolve) => {
        if (this.#connection.state === 'needs-auth') return resolve(NEEDS_AUTH);
        unsubscribe = this.#connection.subscribe((state) => {
          if (state === 'needs-auth') resolve(NEEDS_AUTH);
        });
      });
      const settled = await Promise.race([result, this.#closedSignal, authLost]);
      unsubscribe();
      if (settled !== NEEDS_AUTH) return settled;
      await this.#refreshAuthInFlight(result);
      if (this.#closed) return CLOSED;
      if (this.#connection.state !== 'needs-auth') this.#setState({kind: 'replaying', inFlight});
    }
  }

  /** Calls `onNeedsAuth` once; a failure is recorded. */
  async #askForAuth(): Promise<void> {
    this.#stats.authRequests++;
    this.#setState({kind: 'needs-auth', retryAt: null});
    try {
      // Raced with close(): a token fetch that hangs must not keep close() waiting.
      await Promise.race([callAsync(() => this.#hooks.onNeedsAuth?.()), this.#closedSignal]);
    } catch (error) {
      this.#problem({kind: 'connection', reason: `onNeedsAuth failed: ${describeError(error)}`, at: this.#clock.now()});
    }
  }

  /** One `onNeedsAuth` call while sends are in flight; if still `needs-auth`, waits a backoff (or the outcome, or a state change). */
  async #refreshAuthInFlight(result: Promise<unknown>): Promise<void> {
    await this.#askForAuth();
    if (this.#connection.state !== 'needs-auth' || this.#closed) return;
    const delayMs = backoffDelay(this.#backoff, this.#failures, this.#random);
    this.#failures++;
    this.#setState({kind: 'needs-auth', retryAt: this.#clock.now() + delayMs});
    let handle: TimerHandle;
    let unsubscribe = () => {};
    await Promise.race([
      result,
      this.#closedSignal,
      new Promise<void>((resolve) => {
        handle = this.#clock.setTimeout(resolve, delayMs);
        unsubscribe = this.#connection.subscribe((state) => {
          if (state !== 'needs-auth') resolve();
        });
      }),
    ]);
    this.#clock.clearTimeout(handle);
    unsubscribe();
  }

  /** A batch that was not confirmed (confirmed ones go through `#confirm`). */
  async #handleOutcome(record: OutboxRecord, outcome: Exclude<SendOutcome, {kind: 'applied' | 'already-applied'}>): Promise<'ok' | 'stop' | 'unknown'> {
    switch (outcome.kind) {
      case 'rejected': {
        this.#stats.rejected++;
        this.#problem({kind: 'rejected', batchId: record.batchId, rejection: outcome.error, at: this.#clock.now()});
        const dead = await this.#store.moveToDeadLetters(record.batchId, outcome.error);
        // `undefined`: another tab already moved it and ran its own hook.
        if (dead !== undefined) {
          try {
            await this.#hooks.onRejected?.(record.batch, outcome.error);
          } catch (error) {
            this.#problem({kind: 'internal', reason: `onRejected failed: ${describeError(error)}`, at: this.#clock.now()});
          }
        }
        if (this.#haltOnRejection) {
          this.#halt = {batchId: record.batchId, rejection: outcome.error};
          return 'stop';
        }
        return 'ok';
      }
      case 'unknown': {
        this.#stats.unknown++;
        this.#problem({kind: 'unknown', batchId: record.batchId, reason: outcome.reason, at: this.#clock.now()});
        await this.#store.markAttempt([record.batchId], {status: 'pending', lastError: outcome.reason});
        return 'unknown';
      }
    }
  }

  #mayIssue(): boolean {
    return !this.#closed && this.#halt === undefined && this.#leader.isLeader && this.#connection.state === 'connected';
  }

  #connect(): void {
    this.#stats.connectCalls++;
    // Not awaited: the loop follows `connection.state`. A failure to start is recorded.
    callAsync(() => this.#connection.connect()).catch((error: unknown) => {
      this.#problem({kind: 'connection', reason: `connect() failed: ${describeError(error)}`, at: this.#clock.now()});
      this.#wake.notify();
    });
  }

  #scheduleRetry(action: RetryAction): void {
    this.#cancelRetry();
    const delayMs = backoffDelay(this.#backoff, this.#failures, this.#random);
    this.#failures++;
    const retry = {action, handle: undefined as TimerHandle, fired: false, retryAt: this.#clock.now() + delayMs};
    retry.handle = this.#clock.setTimeout(() => {
      if (this.#retry !== retry) return;
      retry.fired = true;
      this.#wake.notify();
    }, delayMs);
    this.#retry = retry;
  }

  #cancelRetry(): void {
    if (this.#retry === undefined) return;
    this.#clock.clearTimeout(this.#retry.handle);
    this.#retry = undefined;
  }

  #setBackoffState(action: RetryAction, reason: string): void {
    const retry = this.#retry;
    if (retry === undefined) return;
    const delayMs = Math.max(0, retry.retryAt - this.#clock.now());
    this.#setState({kind: 'backoff', action, reason, failures: this.#failures, delayMs, retryAt: retry.retryAt});
  }

  #lastReason(): string {
    const problem = this.#lastProblem;
    if (problem === null) return 'retrying';
    return problem.kind === 'rejected' ? problem.rejection.message : problem.reason;
  }

  #problem(problem: ReplayProblem): void {
    this.#lastProblem = problem;
  }

  #setState(state: ReplayerState): void {
    if (sameState(this.#state, state)) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }
}

function sameState(a: ReplayerState, b: ReplayerState): boolean {
  return a.kind === b.kind && JSON.stringify(a) === JSON.stringify(b);
}
