import type {CalendarUnit, RelativeTime, RelativeTimeStep} from './model-config.ts';

const DAY_MS = 86_400_000;

/** Calendar months as ActiveSupport's `advance`: Jan 31 + 1 month is Feb 28/29. */
function addMonths(at: Date, months: number): void {
  if (months === 0) return;
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  const last = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, last));
}

/** `beginning_of_<unit>` in UTC; weeks start on Monday (ActiveSupport's default `beginning_of_week`). */
function startOf(at: Date, unit: CalendarUnit): void {
  if (unit === 'minute') return void at.setUTCSeconds(0, 0);
  if (unit === 'hour') return void at.setUTCMinutes(0, 0, 0);
  at.setUTCHours(0, 0, 0, 0);
  if (unit === 'week') at.setTime(at.getTime() - ((at.getUTCDay() + 6) % 7) * DAY_MS);
  else if (unit === 'month') at.setUTCDate(1);
  else if (unit === 'quarter') at.setUTCMonth(at.getUTCMonth() - (at.getUTCMonth() % 3), 1);
  else if (unit === 'year') at.setUTCMonth(0, 1);
}

/** `end_of_<unit>`: the last microsecond (Rails sends `23:59:59.999999`), as epoch milliseconds. */
function endOf(at: Date, unit: CalendarUnit): number {
  startOf(at, unit);
  if (unit === 'minute') at.setTime(at.getTime() + 60_000);
  else if (unit === 'hour') at.setTime(at.getTime() + 3_600_000);
  else if (unit === 'day') at.setTime(at.getTime() + DAY_MS);
  else if (unit === 'week') at.setTime(at.getTime() + 7 * DAY_MS);
  else addMonths(at, unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
  return at.getTime() - 0.001;
}

/** A step's scope argument as a number; only scopes have arguments, so elsewhere a `{param}` step cannot be resolved. */
export type RelativeTimeParam = (name: string) => number;

const noParams: RelativeTimeParam = (name) => {
  throw new TypeError(`relative time step over argument "${name}" outside a scope`);
};

/**
 * A relative time (`1.week.ago`, `Time.zone.now.midnight.tomorrow`) as epoch
 * milliseconds at `now`: the base (now, or today's UTC midnight for `date`),
 * its months then milliseconds, then each step in order (`{param, ms}`: the
 * scope's argument times `ms`, `Time.now - hours.hours`).
 */
export function resolveRelativeTime(value: RelativeTime['relativeTime'], now: Date = new Date(), param: RelativeTimeParam = noParams): number {
  const at = new Date(now.getTime());
  if (value.date) at.setUTCHours(0, 0, 0, 0);
  addMonths(at, value.months);
  let ms = at.getTime() + value.ms;
  for (const step of value.steps ?? ([] as readonly RelativeTimeStep[])) {
    // Sub-millisecond values (an end_of_* step) survive Date, which keeps whole milliseconds.
    const frac = ms - Math.floor(ms);
    at.setTime(Math.floor(ms));
    if ('start' in step) {
      startOf(at, step.start);
      ms = at.getTime();
    } else if ('end' in step) {
      ms = endOf(at, step.end);
    } else if ('param' in step) {
      ms += param(step.param) * step.ms;
    } else {
      addMonths(at, step.months);
      ms = at.getTime() + frac + step.ms;
    }
  }
  return ms;
}
