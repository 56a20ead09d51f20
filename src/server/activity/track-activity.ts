import type {ActivityEvent} from './activity-event.ts';
import type {ActivityTracker, TrackActivityOptions} from './activity-tracker.ts';

// The process's tracker for the free `trackActivity`: code deep in a service (an import job, an
// export route) logs an event without the tracker being threaded through every call, the way Rails
// code reaches `Rails.logger`. `createApiServer` installs its own; a service that builds its own
// tracker installs it with `useActivityTracker`.
// Installed trackers, newest last: closing one server hands the slot back to the newest one still
// open, never to one that already closed.
const installed: ActivityTracker[] = [];

/**
 * Makes `tracker` the one the free `trackActivity` writes through and
 * returns a function that removes it again (the newest tracker still
 * installed takes over), for a server that closes.
 */
export function useActivityTracker(tracker: ActivityTracker): () => void {
  installed.push(tracker);
  return () => {
    const at = installed.lastIndexOf(tracker);
    if (at !== -1) installed.splice(at, 1);
  };
}

/**
 * Logs one server event through the installed tracker (see
 * `ActivityTracker.trackActivity`): inside the caller's transaction when
 * `options.tx` is passed, batched with `options.batched`, else on its own.
 * Like the method it never throws: with no tracker installed it reports
 * each lost event on the console and answers `null`, so a missing set-up cannot
 * fail the caller's operation.
 *
 * @example
 * import {trackActivity} from 'zero-active-models/server';
 * await trackActivity({action: 'exported', userId: user.id, status: 'success', details: {rows: 120}});
 */
export async function trackActivity(event: ActivityEvent, options?: TrackActivityOptions): Promise<string | null> {
  const current = installed.at(-1);
  if (current === undefined) {
    // Every lost event is reported, not just the first: a silent loss is what the log exists to prevent.
    console.error(
      `[activity] event ${String(event?.action)} not logged: no activity tracker is installed. ` +
        'Create the API server (createApiServer installs its tracker) or call useActivityTracker(createActivityTracker({…})) at start-up.',
    );
    return null;
  }
  return current.trackActivity(event, options);
}
