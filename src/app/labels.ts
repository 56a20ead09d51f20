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

/** The local calendar day of a timestamp, for grouping the timeline. */
export const localDay = (ms: number): string => new Date(ms).toLocaleDateString('en-CA');

export const timeOfDay = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit'});
