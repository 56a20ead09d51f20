import {InvalidActivityOptionError} from '../../errors/invalid-activity-option-error.ts';
import type {ActivityRow} from './activity-event.ts';

/** The batched logger's limits: batch size, flush interval, forced-flush size, the outage buffer and retry backoff. */
export interface ActivityQueueOptions {
  /** Rows per INSERT (default 100). */
  readonly maxBatchSize?: number | undefined;
  /** A queued row waits at most this long for its flush (ms, default 5 000). */
  readonly flushIntervalMs?: number | undefined;
  /** Reaching this many queued rows forces a flush at once (default 1 000). */
  readonly maxQueueSize?: number | undefined;
  /**
   * The most rows kept while the database cannot take them (an outage):
   * past it every new row is dropped and counted in `dropped` (default
   * 50 000 — about 50 MB at 1 KB a row). Memory stays bounded.
   */
  readonly maxBufferedRows?: number | undefined;
  /** First retry delay after a failed flush (ms, default 250); doubles per failure up to `maxRetryDelayMs` (default 5 000). */
  readonly retryDelayMs?: number | undefined;
  readonly maxRetryDelayMs?: number | undefined;
}

/** What the batched logger has done so far; every row it gave up is counted in `dropped`, never silently lost. */
export interface ActivityQueueMetrics {
  /** Rows waiting to be written. */
  readonly queueSize: number;
  /** Rows written so far. */
  readonly flushed: number;
  /** Failed INSERT attempts (their rows stay queued and are retried). */
  readonly failed: number;
  /** Rows given up: the buffer was full (`maxBufferedRows`), the database refused the row itself, or shutdown could not write it. Never silent: each is counted here and logged. */
  readonly dropped: number;
  /** When the last successful flush finished (epoch ms), and how long it took. */
  readonly lastFlushAt: number | null;
  readonly lastFlushDurationMs: number | null;
  /** The last write error, while the queue is retrying. */
  readonly lastError: string | null;
}

/**
 * What the queue writes with: ONE multi-row INSERT of `rows`. Throws when the
 * write should be retried (the database is away); resolves with how many rows
 * the database refused for good (bad data: counted as dropped, never retried,
 * so one bad row cannot hold the queue back), or nothing when all were written.
 */
export type WriteRows = (rows: readonly ActivityRow[]) => Promise<number | void>;

/**
 * The batched activity logger: rows are queued in memory and written in
 * multi-row INSERTs of `maxBatchSize`, every `flushIntervalMs` or as soon as
 * `maxQueueSize` rows wait. A failed write keeps its rows at the head of the
 * queue and retries with exponential backoff; while the database is away the
 * queue keeps up to `maxBufferedRows` and counts every row past that as
 * dropped. One flush runs at a time; `flush()` resolves when everything
 * queued before it is written (or its deadline passed).
 */
export class ActivityQueue {
  readonly #write: WriteRows;
  readonly #onDrop: (count: number) => void;
  readonly #batch: number;
  readonly #interval: number;
  readonly #forceAt: number;
  readonly #bound: number;
  readonly #retryBase: number;
  readonly #retryMax: number;
  #rows: ActivityRow[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #failures = 0;
  #closed = false;
  #metrics = {flushed: 0, failed: 0, dropped: 0, lastFlushAt: null as number | null, lastFlushDurationMs: null as number | null, lastError: null as string | null};

  constructor(write: WriteRows, options: ActivityQueueOptions = {}, onDrop: (count: number) => void = () => {}) {
    this.#write = write;
    this.#onDrop = onDrop;
    this.#batch = positive(options.maxBatchSize, 100, 'maxBatchSize');
    this.#interval = positive(options.flushIntervalMs, 5_000, 'flushIntervalMs');
    this.#forceAt = positive(options.maxQueueSize, 1_000, 'maxQueueSize');
    this.#bound = positive(options.maxBufferedRows, 50_000, 'maxBufferedRows');
    this.#retryBase = positive(options.retryDelayMs, 250, 'retryDelayMs');
    this.#retryMax = positive(options.maxRetryDelayMs, 5_000, 'maxRetryDelayMs');
  }

  /** Queues a row; false (and counted as dropped) when the buffer is full. Never throws, never waits. */
  enqueue(row: ActivityRow): boolean {
    if (this.#rows.length >= this.#bound) {
      this.#metrics.dropped++;
      this.#onDrop(1);
      return false;
    }
    this.#rows.push(row);
    if (this.#rows.length >= this.#forceAt && this.#failures === 0) void this.#start();
    else this.#schedule(this.#failures === 0 ? this.#interval : this.#retryDelay());
    return true;
  }

  /** A snapshot of the counters and the current queue size. */
  metrics(): ActivityQueueMetrics {
    return {queueSize: this.#rows.length, ...this.#metrics};
  }

  /**
   * Writes everything queued now, retrying with backoff through failures
   * until it is written or `timeoutMs` (default 30 s) passed. Resolves with
   * the rows still queued (0 when all were written); never throws.
   */
  async flush(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.#rows.length > 0 && Date.now() < deadline) {
      await this.#start();
      if (this.#rows.length > 0 && this.#failures > 0) await sleep(Math.min(this.#retryDelay(), Math.max(0, deadline - Date.now())));
    }
    return this.#rows.length;
  }

  /** Stops the timer after a last flush (`timeoutMs`); rows still queued then are counted as dropped. */
  async close(timeoutMs = 30_000): Promise<number> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const left = await this.flush(timeoutMs);
    if (left > 0) {
      this.#metrics.dropped += left;
      this.#onDrop(left);
      this.#rows = [];
    }
    return left;
  }

  #schedule(delay: number): void {
    if (this.#timer !== null || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#start();
    }, delay);
    // A pending flush never keeps the process alive: shutdown flushes explicitly.
    this.#timer.unref?.();
  }

  #retryDelay(): number {
    return Math.min(this.#retryMax, this.#retryBase * 2 ** Math.max(0, this.#failures - 1));
  }

  /** Runs one flush pass (or joins the running one): batches until empty or the first failure. */
  #start(): Promise<void> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = null;
      if (this.#rows.length > 0) this.#schedule(this.#failures === 0 ? (this.#rows.length >= this.#forceAt ? 0 : this.#interval) : this.#retryDelay());
    });
    return this.#running;
  }

  async #pass(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const started = Date.now();
    let wrote = false;
    while (this.#rows.length > 0) {
      const rows = this.#rows.slice(0, this.#batch);
      let refused: number;
      try {
        refused = (await this.#write(rows)) ?? 0;
      } catch (error) {
        this.#failures++;
        this.#metrics.failed++;
        this.#metrics.lastError = error instanceof Error ? error.message : String(error);
        return;
      }
      // Rows enqueued during the write went to the end: the head is still this batch.
      this.#rows.splice(0, rows.length);
      this.#metrics.flushed += rows.length - refused;
      if (refused > 0) {
        this.#metrics.dropped += refused;
        this.#onDrop(refused);
      }
      this.#failures = 0;
      this.#metrics.lastError = null;
      wrote = true;
    }
    if (wrote) {
      this.#metrics.lastFlushAt = Date.now();
      this.#metrics.lastFlushDurationMs = this.#metrics.lastFlushAt - started;
    }
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new InvalidActivityOptionError(name, `must be a positive number (got ${value})`);
  return value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
