import {describe, expect, it} from 'vitest';
import {benchOutboxAppend, formatOutboxBench} from './bench-outbox.ts';

describe('benchOutboxAppend', () => {
  it('measures append and bare put at each pending level (smoke run)', async () => {
    const rows = await benchOutboxAppend({iterations: 50, warmup: 5, pendingLevels: [0, 500]});
    expect(rows.map((r) => r.pending)).toEqual([0, 500]);
    for (const row of rows) {
      expect(row.append.opsPerSec).toBeGreaterThan(0);
      expect(row.barePut.p95Ms).toBeGreaterThanOrEqual(row.barePut.p50Ms);
      expect(Number.isFinite(row.ratioP50)).toBe(true);
    }
    expect(formatOutboxBench(rows)).toContain('pending=500');
  });
});
