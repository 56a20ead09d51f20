import type postgres from 'postgres';
import type {ActivityLogConfig, ModelConfig} from '../../contract/model-config.ts';
import {activityEventProblem, activityEventRow, type ActivityEvent, type ActivityRow} from './activity-event.ts';
import {ActivityQueue, type ActivityQueueMetrics, type ActivityQueueOptions} from './activity-queue.ts';
import {insertActivityRows, runSql, type SqlRunner} from './insert-activity-rows.ts';

/** How `createActivityTracker` writes server events: the database, the log table, the batched logger's settings. */
export interface ActivityTrackerOptions {
  /** postgres.js client on the application database (the tracker never closes it). */
  readonly sql: postgres.Sql;
  readonly activityLog: ActivityLogConfig;
  /** The generated models: a subject named by table or class gets its class name and reference column. */
  readonly models?: Readonly<Record<string, ModelConfig>> | undefined;
  /** The batched logger's settings (see ActivityQueueOptions). */
  readonly queue?: ActivityQueueOptions | undefined;
  /** Where failures are reported (default `console.error`); the caller's operation never sees them. */
  readonly onError?: ((message: string, error: unknown) => void) | undefined;
  /** The clock (tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Where one `trackActivity` call writes: inside the caller's transaction, through the batched logger, or on its own (the default). */
export interface TrackActivityOptions {
  /**
   * The caller's transaction (a postgres.js transaction, or a Zero server
   * transaction's `dbTransaction`): the row commits or rolls back with it.
   * It is written under a savepoint, so a failing log never aborts the
   * caller's transaction.
   */
  readonly tx?: SqlRunner | undefined;
  /** Queue the row for the batched logger instead of writing it now (non-critical, high-volume events). */
  readonly batched?: boolean | undefined;
}

/** The batched logger's counters plus the events that could not be logged at all (served at `GET /api/activity/metrics`). */
export interface ActivityMetrics extends ActivityQueueMetrics {
  /** Events that could not be logged (invalid, or their INSERT failed); each was reported through `onError`. */
  readonly trackFailures: number;
}

/** Server-side activity logging: events that are not model writes, written directly, in the caller's transaction, or batched. */
export interface ActivityTracker {
  /**
   * Logs one server event (see ActivityEvent). Never throws and never fails
   * the caller: an invalid event or a failed INSERT is counted
   * (`trackFailures`), reported through `onError`, and answered with `null`;
   * otherwise the new row's id (for `batched`, the id the row will have once
   * the queue writes it).
   *
   * @example
   * await activity.trackActivity({action: 'exported', userId: user.id, status: 'success', details: {rows: 120}});
   * await sql.begin((tx) => activity.trackActivity({action: 'imported', userId, status: 'success'}, {tx}));
   */
  trackActivity(event: ActivityEvent, options?: TrackActivityOptions): Promise<string | null>;
  /** Queues an already-built log row (a deferred model's log, after its write committed). */
  enqueueRow(row: ActivityRow): boolean;
  /** Writes everything queued (retrying through failures until `timeoutMs`); resolves with the rows still queued. */
  flushQueue(timeoutMs?: number): Promise<number>;
  /** The queue's size, flushed/failed/dropped counts, last flush, and `trackFailures`. */
  getQueueMetrics(): ActivityMetrics;
  /** Called after rows were written (direct or batched): caches of log aggregates drop their entries. */
  onWrite(listener: () => void): () => void;
  /** Flushes the queue (up to `timeoutMs`) and stops its timer. */
  close(timeoutMs?: number): Promise<void>;
}

/** The server's activity logger: direct, in-transaction and batched writes of events to the activity-log table. */
export function createActivityTracker(options: ActivityTrackerOptions): ActivityTracker {
  const {sql, activityLog} = options;
  const now = options.now ?? Date.now;
  const report = options.onError ?? ((message: string, error: unknown) => console.error(`[activity] ${message}`, error instanceof Error ? error.message : error));
  const listeners = new Set<() => void>();
  const written = () => {
    for (const listener of listeners) listener();
  };
  let failures = 0;
  const queue = new ActivityQueue(
    async (rows) => {
      const {text, params} = insertActivityRows(activityLog, rows);
      try {
        await runSql(sql, text, params);
        written();
        return 0;
      } catch (error) {
        if (!isDataError(error)) throw error; // the database is away: the queue retries
      }
      // A row the database refuses: the others must not wait behind it forever.
      let refused = 0;
      for (const row of rows) {
        try {
          await writeOne(sql, row, false);
        } catch (error) {
          if (!isDataError(error)) throw error;
          // Written by the multi-row attempt's retry before? Its id is taken: it is there.
          if ((error as {code?: unknown}).code === '23505' && (error as {constraint_name?: unknown}).constraint_name === `${activityLog.table}_pkey`) continue;
          refused++;
          report('activity row refused by the database', error);
        }
      }
      written();
      return refused;
    },
    options.queue,
    (count) => report(`${count} activity row(s) dropped (buffer full, refused by the database, or unwritten at shutdown)`, null),
  );

  /**
   * One row; when a reference column's record does not exist (a rejected
   * batch about a record that is not there), again without references — the
   * subject stays in the polymorphic pair, which has no foreign key.
   */
  const writeOne = async (runner: SqlRunner, row: ActivityRow, inTx: boolean): Promise<void> => {
    const once = async (r: ActivityRow) => {
      const {text, params} = insertActivityRows(activityLog, [r]);
      if (inTx) await inSavepoint(runner, text, params);
      else await runSql(runner, text, params);
    };
    try {
      await once(row);
    } catch (error) {
      if ((error as {code?: unknown}).code !== '23503') throw error;
      const unreferenced: Record<string, ActivityRow[string]> = {...row};
      for (const column of Object.keys(activityLog.referenceColumns)) if (column in unreferenced) unreferenced[column] = null;
      await once(unreferenced);
    }
  };

  const rowOf = (event: ActivityEvent): ActivityRow | null => {
    const problem = activityEventProblem(event);
    if (problem !== null) {
      failures++;
      report(`event not logged: ${problem}`, null);
      return null;
    }
    try {
      return activityEventRow(event, {activityLog, models: options.models}, crypto.randomUUID(), now());
    } catch (error) {
      failures++;
      report(`event ${event.action} not logged`, error);
      return null;
    }
  };

  return {
    async trackActivity(event, opts = {}) {
      const row = rowOf(event);
      if (row === null) return null;
      const id = String(row[activityLog.primaryKey]);
      if (opts.batched === true) return queue.enqueue(row) ? id : null;
      try {
        await writeOne(opts.tx ?? sql, row, opts.tx !== undefined);
        if (opts.tx === undefined) written();
        return id;
      } catch (error) {
        failures++;
        report(`event ${event.action} not logged`, error);
        return null;
      }
    },
    enqueueRow: (row) => queue.enqueue(row),
    flushQueue: (timeoutMs) => queue.flush(timeoutMs),
    getQueueMetrics: () => ({...queue.metrics(), trackFailures: failures}),
    onWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close(timeoutMs) {
      await queue.close(timeoutMs);
    },
  };
}

/** An error of the data itself (SQLSTATE classes 22 and 23): retrying the same row cannot help. */
function isDataError(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** The INSERT under a savepoint: a failure rolls back only the log, the caller's transaction stays usable. */
async function inSavepoint(tx: SqlRunner, text: string, params: readonly unknown[]): Promise<void> {
  // postgres.js tracks its own savepoints (and fails a transaction whose query failed outside one).
  const savepoint = (tx as {savepoint?: unknown}).savepoint;
  if (typeof savepoint === 'function') {
    await (savepoint as (cb: (sp: postgres.TransactionSql) => Promise<unknown>) => Promise<unknown>).call(tx, (sp) => sp.unsafe(text, params as never[]));
    return;
  }
  await runSql(tx, 'SAVEPOINT zam_track_activity', []);
  try {
    await runSql(tx, text, params);
  } catch (error) {
    await runSql(tx, 'ROLLBACK TO SAVEPOINT zam_track_activity', []);
    throw error;
  } finally {
    // After a rollback-to the savepoint still exists; release it either way.
    await runSql(tx, 'RELEASE SAVEPOINT zam_track_activity', []).catch(() => {});
  }
}
