import {afterEach, describe, expect, test, vi} from 'vitest';
import {isInvalidActivityOptionError} from '../../errors/invalid-activity-option-error.ts';
import type {ActivityRow} from './activity-event.ts';
import {ActivityQueue} from './activity-queue.ts';

const row = (n: number): ActivityRow => ({id: String(n)});

describe('ActivityQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('writes in batches of maxBatchSize after flushInterval, in order', async () => {
    vi.useFakeTimers();
    const writes: string[][] = [];
    const queue = new ActivityQueue(async (rows) => void writes.push(rows.map((r) => String(r.id))), {maxBatchSize: 2, flushIntervalMs: 1_000});
    for (let i = 0; i < 5; i++) queue.enqueue(row(i));
    await vi.advanceTimersByTimeAsync(999);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([['0', '1'], ['2', '3'], ['4']]);
    expect(queue.metrics()).toMatchObject({queueSize: 0, flushed: 5, failed: 0, dropped: 0});
    expect(queue.metrics().lastFlushAt).not.toBeNull();
  });

  test('reaching maxQueueSize flushes at once, without waiting for the interval', async () => {
    vi.useFakeTimers();
    let written = 0;
    const queue = new ActivityQueue(async (rows) => void (written += rows.length), {maxBatchSize: 100, flushIntervalMs: 60_000, maxQueueSize: 10});
    for (let i = 0; i < 10; i++) queue.enqueue(row(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toBe(10);
  });

  test('a failed write keeps its rows and retries with backoff; past maxBufferedRows each row is dropped and counted', async () => {
    vi.useFakeTimers();
    let down = true;
    const written: string[] = [];
    const dropped: number[] = [];
    const queue = new ActivityQueue(
      async (rows) => {
        if (down) throw new Error('connection refused');
        written.push(...rows.map((r) => String(r.id)));
      },
      {maxBatchSize: 10, flushIntervalMs: 100, maxBufferedRows: 25, retryDelayMs: 100, maxRetryDelayMs: 400},
      (n) => dropped.push(n),
    );
    for (let i = 0; i < 30; i++) expect(queue.enqueue(row(i))).toBe(i < 25);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(queue.metrics()).toMatchObject({queueSize: 25, flushed: 0, dropped: 5, lastError: 'connection refused'});
    const failedWhileDown = queue.metrics().failed;
    // Backoff: 100, 200, 400, 400… ms between attempts, not one per tick.
    expect(failedWhileDown).toBeGreaterThanOrEqual(4);
    expect(failedWhileDown).toBeLessThanOrEqual(7);
    expect(dropped).toEqual([1, 1, 1, 1, 1]);
    down = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(written).toEqual(Array.from({length: 25}, (_, i) => String(i)));
    expect(queue.metrics()).toMatchObject({queueSize: 0, flushed: 25, dropped: 5, lastError: null});
  });

  test('flush() writes everything now; close() counts what it could not write as dropped', async () => {
    let down = false;
    let written = 0;
    const queue = new ActivityQueue(
      async (rows) => {
        if (down) throw new Error('down');
        written += rows.length;
      },
      {flushIntervalMs: 60_000, retryDelayMs: 10, maxRetryDelayMs: 20},
    );
    for (let i = 0; i < 250; i++) queue.enqueue(row(i));
    expect(await queue.flush()).toBe(0);
    expect(written).toBe(250);
    down = true;
    for (let i = 0; i < 7; i++) queue.enqueue(row(i));
    expect(await queue.close(100)).toBe(7);
    expect(queue.metrics()).toMatchObject({queueSize: 0, dropped: 7});
  });

  test('settings must be positive numbers', () => {
    let error: unknown;
    try {
      new ActivityQueue(async () => {}, {maxBatchSize: 0});
    } catch (e) {
      error = e;
    }
    expect(isInvalidActivityOptionError(error)).toBe(true);
    expect(String(error)).toMatch(/maxBatchSize: must be a positive number/);
  });

  test('rows the database refuses for good are counted as dropped, never retried; the rest are written', async () => {
    const written: string[] = [];
    const queue = new ActivityQueue(
      async (rows) => {
        const bad = rows.filter((r) => r.id === 'bad').length;
        written.push(...rows.filter((r) => r.id !== 'bad').map((r) => String(r.id)));
        return bad;
      },
      {flushIntervalMs: 60_000},
    );
    queue.enqueue(row(1));
    queue.enqueue({id: 'bad'});
    queue.enqueue(row(2));
    expect(await queue.flush()).toBe(0);
    expect(written).toEqual(['1', '2']);
    expect(queue.metrics()).toMatchObject({flushed: 2, dropped: 1, failed: 0, queueSize: 0});
  });
});
