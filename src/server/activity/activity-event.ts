import type {ActivityLogConfig, JSONValue, ModelConfig} from '../../contract/model-config.ts';

/** What a server event reports about itself (`trackActivity`). */
export type ActivityStatus = 'success' | 'failed' | 'in_progress';

export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['success', 'failed', 'in_progress'];

/**
 * An event that happens on the server and is not a model write (a sign-in,
 * an export, a batch the server refused), logged to the same activity-log
 * table as model writes so it appears in the same timelines and filters.
 */
export interface ActivityEvent {
  /** Its action name (`signed_in`, `exported`): lower snake case, at most 100 characters. */
  readonly action: string;
  /**
   * The record the event is about, if any: a model's class name or table
   * (`Job` or `jobs`) and its id. A subject whose table the log references
   * (`job_id`) puts the event into that record's timeline.
   */
  readonly subject?: {readonly type: string; readonly id: string} | null | undefined;
  /** Who did it (the log's user column is NOT NULL: every event has an actor). */
  readonly userId: string;
  /** What happened, as JSON (kept in the log's metadata as `details`). */
  readonly details?: Readonly<Record<string, JSONValue>> | undefined;
  readonly status: ActivityStatus;
  /** The request's id (`x-request-id`), to join the event with the server's own logs. */
  readonly requestId?: string | undefined;
  /** `production`, `staging`, … (default `NODE_ENV`). */
  readonly environment?: string | undefined;
  /** More metadata (request IP and user agent, device, counts); merged into the log's metadata. */
  readonly metadata?: Readonly<Record<string, JSONValue>> | undefined;
  /** The actor's display name, so a timeline reads "Dana signed in" without a lookup. */
  readonly actorName?: string | null | undefined;
}

/** One activity-log row, ready to insert: column → value (timestamps as ISO strings). */
export type ActivityRow = Readonly<Record<string, JSONValue>>;

const ACTION = /^[a-z][a-z0-9_]{0,99}$/;
/** A subject id or user id: bounded text (uuids in the demo, any key type elsewhere). */
const MAX_ID = 200;
/** An event's metadata as JSON: big enough for a report, small enough that a loop of events cannot fill the log. */
export const MAX_EVENT_METADATA_BYTES = 16 * 1024;

/** The problem with an event, or null when it can be logged. */
export function activityEventProblem(event: ActivityEvent): string | null {
  if (typeof event.action !== 'string' || !ACTION.test(event.action)) {
    return `action must be lower snake case, 1–100 characters (got ${JSON.stringify(event.action)})`;
  }
  if (typeof event.userId !== 'string' || event.userId === '' || event.userId.length > MAX_ID) return 'userId must be a non-empty string';
  if (!ACTIVITY_STATUSES.includes(event.status)) return `status must be one of ${ACTIVITY_STATUSES.join(', ')} (got ${JSON.stringify(event.status)})`;
  const subject = event.subject;
  if (subject !== undefined && subject !== null) {
    if (typeof subject.type !== 'string' || subject.type === '' || subject.type.length > MAX_ID) return 'subject.type must be a model class name or table';
    if (typeof subject.id !== 'string' || subject.id === '' || subject.id.length > MAX_ID) return 'subject.id must be a non-empty string';
  }
  return null;
}

/**
 * The log row of an event: the subject's model class name and id in the
 * polymorphic pair, its reference column when the log references the
 * subject's table (`job_id` for a job), everything else in `metadata`
 * (`details`, `request_id`, `environment`, the actor's name for timelines).
 */
export function activityEventRow(
  event: ActivityEvent,
  config: {readonly activityLog: ActivityLogConfig; readonly models?: Readonly<Record<string, ModelConfig>> | undefined},
  id: string,
  now: number,
): ActivityRow {
  const log = config.activityLog;
  const models = Object.values(config.models ?? {});
  const subject = event.subject ?? null;
  const model = subject === null ? undefined : models.find((m) => m.className === subject.type || m.table === subject.type);
  const metadata: Record<string, JSONValue> = {...event.metadata};
  if (event.details !== undefined) metadata['details'] = {...event.details};
  if (event.requestId !== undefined) metadata['request_id'] = event.requestId;
  metadata['environment'] = event.environment ?? process.env.NODE_ENV ?? 'development';
  if (typeof event.actorName === 'string') metadata['actor'] = {id: event.userId, name: event.actorName};
  const size = JSON.stringify(metadata).length;
  if (size > MAX_EVENT_METADATA_BYTES) {
    throw new RangeError(`event ${event.action}: metadata is ${size} bytes; the limit is ${MAX_EVENT_METADATA_BYTES}. Log a summary, not the data.`);
  }
  const at = new Date(now).toISOString();
  const row: Record<string, JSONValue> = {
    [log.primaryKey]: id,
    [log.userColumn]: event.userId,
    [log.actionColumn]: event.action,
    [log.loggableTypeColumn]: subject === null ? null : (model?.className ?? subject.type),
    [log.loggableIdColumn]: subject?.id ?? null,
    [log.metadataColumn]: metadata,
  };
  for (const [column, table] of Object.entries(log.referenceColumns)) {
    row[column] = subject !== null && model?.table === table ? subject.id : null;
  }
  if (log.statusColumn) row[log.statusColumn] = event.status;
  else metadata['status'] = event.status;
  if (log.createdAtColumn) row[log.createdAtColumn] = at;
  if (log.updatedAtColumn) row[log.updatedAtColumn] = at;
  return row;
}
