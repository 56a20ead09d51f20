/**
 * What a person says about a write beyond its values, for the activity log:
 * a custom action the model declares (`LOGGABLE_OPTIONS custom_actions:`) and
 * a note. It travels in the batch's log op; the server keeps the action only
 * if the model declares it, and the note as text.
 *
 * @example
 * await job.update({status: 'done'}, {action: 'completed', note: 'signed by customer'});
 */
export interface WriteIntent {
  readonly action?: string | undefined;
  readonly note?: string | undefined;
}

/** Longest note kept with a log; longer ones are refused on the device and cut on the server. */
export const MAX_NOTE_LENGTH = 2_000;
