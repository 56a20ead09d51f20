// Words and formats the screens share.

export type JobStatus = 'open' | 'scheduled' | 'in_progress' | 'done' | 'cancelled';

export const STATUS_LABEL: Record<JobStatus, string> = {
  open: 'Open',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const STATUSES = Object.keys(STATUS_LABEL) as JobStatus[];

/** The status flow: which buttons a job in each status offers (`completed` is the job's custom action). */
export const STATUS_FLOW: Record<JobStatus, readonly {to: JobStatus; label: string; action?: 'completed'}[]> = {
  open: [
    {to: 'scheduled', label: 'Schedule'},
    {to: 'cancelled', label: 'Cancel job'},
  ],
  scheduled: [
    {to: 'in_progress', label: 'Start work'},
    {to: 'cancelled', label: 'Cancel job'},
  ],
  in_progress: [
    {to: 'done', label: 'Complete', action: 'completed'},
    {to: 'scheduled', label: 'Pause'},
  ],
  done: [{to: 'open', label: 'Reopen'}],
  cancelled: [{to: 'open', label: 'Reopen'}],
};

const DAY_MS = 86_400_000;

/** A `date` column (ms at UTC midnight) as the input's `yyyy-mm-dd`, and back. */
export const dateInput = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10));
export const fromDateInput = (value: string): number | null => (value === '' ? null : Date.parse(`${value}T00:00:00Z`));

export function dayLabel(ms: number): string {
  const today = Math.floor(Date.now() / DAY_MS);
  const day = Math.floor(ms / DAY_MS);
  if (day === today) return 'Today';
  if (day === today - 1) return 'Yesterday';
  if (day === today + 1) return 'Tomorrow';
  return new Date(ms).toLocaleDateString(undefined, {weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC'});
}

// Formatters are made once: `toLocale*String` with options builds a new Intl formatter per call,
// which, for every row a scrolling timeline renders (and every log it groups), was most of a
// frame's time (a CPU profile of the 10,000-entry timeline: the top function).
const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});
const LONG_DAY = new Intl.DateTimeFormat(undefined, {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'});
const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a timestamp (`yyyy-mm-dd`), for grouping the timeline: from the date's fields, no formatter. */
export const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The local time of day (`14:05`, in the user's locale). */
export const timeOfDay = (ms: number): string => TIME_OF_DAY.format(ms);

/** A timeline day heading (`Tuesday, 1 December 2026`, in the user's locale). */
export const longDay = (ms: number): string => LONG_DAY.format(ms);
