import {describe, expect, test} from 'vitest';
import {resolveRelativeTime} from './resolve-relative-time.ts';

// Wednesday 2026-12-02 17:30:15.250 UTC.
const NOW = new Date(Date.UTC(2026, 11, 2, 17, 30, 15, 250));
const at = (iso: string): number => Date.parse(iso);

describe('resolveRelativeTime', () => {
  test('flat offsets: 1.week.ago, 1.month.ago, Date.today', () => {
    expect(resolveRelativeTime({ms: -604_800_000, months: 0, date: false}, NOW)).toBe(at('2026-11-25T17:30:15.250Z'));
    expect(resolveRelativeTime({ms: 0, months: -1, date: false}, NOW)).toBe(at('2026-11-02T17:30:15.250Z'));
    expect(resolveRelativeTime({ms: 0, months: 0, date: true}, NOW)).toBe(at('2026-12-02T00:00:00Z'));
  });

  test('calendar starts: midnight, beginning_of_week (Monday), month, quarter, year, hour', () => {
    const start = (unit: 'day' | 'week' | 'month' | 'quarter' | 'year' | 'hour') => resolveRelativeTime({ms: 0, months: 0, date: false, steps: [{start: unit}]}, NOW);
    expect(start('day')).toBe(at('2026-12-02T00:00:00Z'));
    expect(start('week')).toBe(at('2026-11-30T00:00:00Z'));
    expect(start('month')).toBe(at('2026-12-01T00:00:00Z'));
    expect(start('quarter')).toBe(at('2026-10-01T00:00:00Z'));
    expect(start('year')).toBe(at('2026-01-01T00:00:00Z'));
    expect(start('hour')).toBe(at('2026-12-02T17:00:00Z'));
  });

  test('a Sunday belongs to the week that began the Monday before', () => {
    const sunday = new Date(Date.UTC(2026, 11, 6, 23, 0));
    expect(resolveRelativeTime({ms: 0, months: 0, date: false, steps: [{start: 'week'}]}, sunday)).toBe(at('2026-11-30T00:00:00Z'));
  });

  test('end_of_week is the last microsecond of Sunday; steps apply in order', () => {
    // Time.zone.now.next_week.end_of_week + 1.day
    const value = resolveRelativeTime({ms: 0, months: 0, date: false, steps: [{start: 'week'}, {months: 0, ms: 604_800_000}, {end: 'week'}, {months: 0, ms: 86_400_000}]}, NOW);
    expect(value).toBeCloseTo(at('2026-12-14T23:59:59.999Z') + 0.999, 6);
    // (beginning_of_month - 1.day).beginning_of_month
    expect(resolveRelativeTime({ms: 0, months: 0, date: false, steps: [{start: 'month'}, {months: 0, ms: -86_400_000}, {start: 'month'}]}, NOW)).toBe(at('2026-11-01T00:00:00Z'));
  });

  test('1.month.ago.beginning_of_month, and months clamp to the month end (Mar 31 - 1 month)', () => {
    expect(resolveRelativeTime({ms: 0, months: -1, date: false, steps: [{start: 'month'}]}, NOW)).toBe(at('2026-11-01T00:00:00Z'));
    expect(resolveRelativeTime({ms: 0, months: -1, date: false}, new Date(Date.UTC(2026, 2, 31, 12)))).toBe(at('2026-02-28T12:00:00Z'));
  });

  test('a Date end of month is its last day (start, +1 month, -1 day)', () => {
    expect(resolveRelativeTime({ms: 0, months: 0, date: true, steps: [{start: 'month'}, {months: 1, ms: -86_400_000}]}, NOW)).toBe(at('2026-12-31T00:00:00Z'));
  });
});
