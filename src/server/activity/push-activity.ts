import type postgres from 'postgres';
import {ALREADY_APPLIED} from '../../contract/already-applied.ts';
import type {JSONValue, ModelConfig} from '../../contract/model-config.ts';
import type {ActingUser} from '../policy/define-policies.ts';
import {readFilterSql} from '../policy/read-filter-sql.ts';
import type {ReadFilter} from '../policy/read-filters.ts';
import {batchesOf, observedMutations, SINGLE_BATCH, type PushObservation} from '../push-observation.ts';
import type {ActivityTracker} from './activity-tracker.ts';
import type {RequestMetadata} from './request-metadata.ts';
import {requestMetadataJson} from './request-metadata.ts';

export interface PushActivityOptions {
  readonly tracker: ActivityTracker;
  readonly sql: postgres.Sql;
  readonly models: Readonly<Record<string, ModelConfig>>;
  /** The acting user's display name (for "Tom's edit … was rejected"). */
  readonly actorName: (user: ActingUser) => string | null;
  /** The request's metadata (IP, user agent, request id), as the server recorded it. */
  readonly requestMetadata: (request: Request) => RequestMetadata;
  /** A batch made this long before it arrived was made offline (default 60 s). */
  readonly offlineAfterMs?: number | undefined;
  /** A device's offline replay is finished when no offline batch of it arrived for this long (default 3 s). */
  readonly replayQuietMs?: number | undefined;
  readonly now?: (() => number) | undefined;
  /**
   * Most `batch_rejected` events per user per minute (default 60): a client
   * with a valid token cannot fill the log table by sending refused batches.
   * The ones past it are counted in the next logged event (`details.suppressed`).
   */
  readonly rejectionsPerMinute?: number | undefined;
  /** What the user may read of a table: a rejected record's name is only looked up where the user could read it. */
  readonly readFilter: (user: ActingUser, table: string) => ReadFilter;
}

export interface PushActivity {
  observe(push: PushObservation): void;
  /** Logs the replays still waiting for their quiet period (shutdown). */
  finish(): Promise<void>;
}

interface Replay {
  readonly user: ActingUser;
  readonly device: string;
  readonly requestMetadata: RequestMetadata;
  batches: number;
  /** When the oldest replayed batch was made (epoch ms, the device's clock). */
  oldestMadeAt: number;
  firstArrivedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const MAX_MESSAGE = 500;
const record = (value: unknown): Readonly<Record<string, unknown>> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * The API server's own events about pushes, logged with `trackActivity`:
 *
 * - `batch_rejected`: a `zam.batch` the server refused for good (its code,
 *   message, the record it was about and that record's name), logged on its
 *   own after the batch's transaction rolled back. Group refusals are not
 *   logged: the replayer resends their batches one by one, and the one at
 *   fault is refused (and logged) alone.
 * - `offline_replay_finished`: a device (client group) sent batches made
 *   offline (older than `offlineAfterMs` on arrival); once none arrived for
 *   `replayQuietMs`, one event with the batch count and how long it was
 *   offline (arrival of the first − creation of the oldest).
 */
export function createPushActivity(options: PushActivityOptions): PushActivity {
  const now = options.now ?? Date.now;
  const offlineAfter = options.offlineAfterMs ?? 60_000;
  const quiet = options.replayQuietMs ?? 3_000;
  const replays = new Map<string, Replay>();
  const perMinute = options.rejectionsPerMinute ?? 60;
  const rejectionBudget = new Map<string, {windowStart: number; logged: number; suppressed: number}>();
  /** Whether this user's rejection may be logged now; the count suppressed since the last one logged. */
  const admitRejection = (userId: string): number | null => {
    const at = now();
    let budget = rejectionBudget.get(userId);
    if (budget === undefined || at - budget.windowStart >= 60_000) {
      budget = {windowStart: at, logged: 0, suppressed: budget?.suppressed ?? 0};
      rejectionBudget.set(userId, budget);
      // Bounded: forget users whose window ended (checked lazily, at most every new window).
      if (rejectionBudget.size > 10_000) for (const [id, b] of rejectionBudget) if (at - b.windowStart >= 60_000 && b.suppressed === 0) rejectionBudget.delete(id);
    }
    if (budget.logged >= perMinute) {
      budget.suppressed++;
      return null;
    }
    budget.logged++;
    const suppressed = budget.suppressed;
    budget.suppressed = 0;
    return suppressed;
  };
  const pending = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };

  const finishReplay = (key: string) => {
    const replay = replays.get(key);
    if (replay === undefined) return;
    replays.delete(key);
    if (replay.timer !== null) clearTimeout(replay.timer);
    track(
      options.tracker.trackActivity({
        action: 'offline_replay_finished',
        userId: replay.user.id,
        status: 'success',
        actorName: options.actorName(replay.user),
        requestId: replay.requestMetadata.requestId,
        details: {device: replay.device, batches: replay.batches, offline_ms: Math.max(0, replay.firstArrivedAt - replay.oldestMadeAt)},
        metadata: requestMetadataJson(replay.requestMetadata),
      }),
    );
  };

  const rejected = async (
    push: PushObservation,
    batch: Readonly<Record<string, unknown>>,
    details: Readonly<Record<string, unknown>>,
    message: string,
    meta: RequestMetadata,
    suppressed: number,
  ) => {
    const ops = Array.isArray(batch['ops']) ? (batch['ops'] as unknown[]) : [];
    const opIndex = typeof details['opIndex'] === 'number' ? details['opIndex'] : undefined;
    const op = record(opIndex === undefined ? undefined : ops[opIndex]);
    const model = typeof op['table'] === 'string' && Object.hasOwn(options.models, op['table']) ? options.models[op['table']] : undefined;
    const key = model === undefined ? undefined : record(op['op'] === 'delete' ? op['id'] : op['value'])[model.primaryKey];
    const id = typeof key === 'string' || typeof key === 'number' ? String(key) : null;
    const madeAt = typeof batch['createdAt'] === 'number' ? batch['createdAt'] : null;
    const extra: Record<string, JSONValue> = {...requestMetadataJson(meta)};
    const name = model === undefined || id === null ? null : await displayName(options.sql, model, id, record(op['value']), options.readFilter(push.user, model.table));
    if (name !== null) extra['name'] = name;
    const code = typeof details['code'] === 'string' ? details['code'] : 'rejected';
    await options.tracker.trackActivity({
      action: 'batch_rejected',
      userId: push.user.id,
      status: 'failed',
      subject: model === undefined || id === null ? null : {type: model.className, id},
      actorName: options.actorName(push.user),
      requestId: meta.requestId,
      details: {
        code,
        message: message.slice(0, MAX_MESSAGE),
        batch_id: typeof batch['id'] === 'string' ? batch['id'] : null,
        op_index: opIndex ?? null,
        op: typeof op['op'] === 'string' ? op['op'] : null,
        offline: madeAt !== null && now() - madeAt > offlineAfter,
        device_at: madeAt,
        ...(suppressed > 0 ? {suppressed} : {}),
      },
      metadata: extra,
    });
  };

  return {
    observe(push) {
      const meta = options.requestMetadata(push.request);
      const device = typeof record(push.body)['clientGroupID'] === 'string' ? String(record(push.body)['clientGroupID']) : null;
      for (const mutation of observedMutations(push.body, push.response)) {
        const batches = batchesOf(mutation.name, mutation.args);
        if (mutation.result.kind === 'app' && mutation.name === SINGLE_BATCH && mutation.result.details['code'] !== ALREADY_APPLIED) {
          const suppressed = admitRejection(push.user.id);
          if (suppressed !== null) track(rejected(push, batches[0] ?? {}, mutation.result.details, mutation.result.message, meta, suppressed).catch(() => {}));
        }
        if (mutation.result.kind !== 'ok' || device === null) continue;
        const arrived = now();
        const offline = batches.map((b) => b['createdAt']).filter((t): t is number => typeof t === 'number' && arrived - t > offlineAfter);
        if (offline.length === 0) continue;
        const key = `${push.user.id}\0${device}`;
        let replay = replays.get(key);
        if (replay === undefined) {
          replay = {user: push.user, device, requestMetadata: meta, batches: 0, oldestMadeAt: Math.min(...offline), firstArrivedAt: arrived, timer: null};
          replays.set(key, replay);
        }
        replay.batches += offline.length;
        replay.oldestMadeAt = Math.min(replay.oldestMadeAt, ...offline);
        if (replay.timer !== null) clearTimeout(replay.timer);
        replay.timer = setTimeout(() => finishReplay(key), quiet);
        replay.timer.unref?.();
      }
    },
    async finish() {
      for (const key of [...replays.keys()]) finishReplay(key);
      await Promise.allSettled([...pending]);
    },
  };
}

/** The record's display name: from the op when it carries it, else as the database has it now. */
async function displayName(sql: postgres.Sql, model: ModelConfig, id: string, value: Readonly<Record<string, unknown>>, filter: ReadFilter): Promise<string | null> {
  const display = model.display;
  if (display === undefined || display === null) return null;
  if (typeof value[display] === 'string') return value[display];
  try {
    const [row] = await sql`select ${sql(display)} as name from ${sql(model.table)} where ${sql(model.primaryKey)}::text = ${id} and ${readFilterSql(sql, filter)}`;
    return typeof row?.name === 'string' ? row.name : null;
  } catch {
    return null;
  }
}
