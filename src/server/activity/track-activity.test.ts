// The free trackActivity: which tracker it writes through as servers come and go, and that a
// missing set-up answers null (and says so) instead of failing the caller.
import {afterEach, describe, expect, test, vi} from 'vitest';
import type {ActivityEvent} from './activity-event.ts';
import type {ActivityTracker} from './activity-tracker.ts';
import {trackActivity, useActivityTracker} from './track-activity.ts';

function fakeTracker(name: string, seen: string[]): ActivityTracker {
  return {
    trackActivity: async (event: ActivityEvent) => {
      seen.push(`${name}:${event.action}`);
      return `${name}-id`;
    },
  } as unknown as ActivityTracker;
}

const event: ActivityEvent = {action: 'exported', userId: 'u1', status: 'success'};

describe('trackActivity (free function)', () => {
  afterEach(() => vi.restoreAllMocks());

  test('with no tracker installed: null and a console error naming the event and the fix, never a throw', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await trackActivity(event)).toBeNull();
    expect(await trackActivity({...event, action: 'imported'})).toBeNull();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(String(errors.mock.calls[0]![0])).toMatch(/exported not logged.*useActivityTracker/);
  });

  test('writes through the newest installed tracker; removing one hands over to the newest still installed', async () => {
    const seen: string[] = [];
    const removeA = useActivityTracker(fakeTracker('a', seen));
    const removeB = useActivityTracker(fakeTracker('b', seen));
    expect(await trackActivity(event)).toBe('b-id');
    removeA(); // an older server closing does not take the slot from the newer one
    expect(await trackActivity(event)).toBe('b-id');
    const removeC = useActivityTracker(fakeTracker('c', seen));
    removeB(); // nor does closing b restore a, which already closed
    expect(await trackActivity(event)).toBe('c-id');
    removeC();
    removeC(); // removing twice is harmless
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await trackActivity(event)).toBeNull();
    expect(seen).toEqual(['b:exported', 'b:exported', 'c:exported']);
  });
});
