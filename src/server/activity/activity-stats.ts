import {LRUCache} from 'lru-cache';
import type postgres from 'postgres';
import type {ActivityLogConfig} from '../../contract/model-config.ts';
import {InvalidActivityOptionError} from '../../errors/invalid-activity-option-error.ts';
import {readFilterSql} from '../policy/read-filter-sql.ts';
import type {ReadFilter} from '../policy/read-filters.ts';

export const ACTIVITY_STATS_GROUPINGS = ['day', 'action', 'user'] as const;
export type ActivityStatsGrouping = (typeof ACTIVITY_STATS_GROUPINGS)[number];

/** The longest window `days=` may ask for. */
export const MAX_STATS_DAYS = 366;
const MAX_GROUPS = 1_000;

export interface ActivityStatsRequest {
  readonly days: number;
  readonly by: ActivityStatsGrouping;
}

export interface ActivityStats extends ActivityStatsRequest {
  /** Log rows in the window the user may read. */
  readonly total: number;
  /** One entry per day (`YYYY-MM-DD`, UTC), action or user id; busiest first except by day (in date order). At most 1,000. */
  readonly groups: readonly {readonly key: string; readonly count: number}[];
}

/** `?days=7&by=day` → a checked request, or InvalidActivityOptionError naming the bad parameter. */
export function parseStatsRequest(params: URLSearchParams): ActivityStatsRequest {
  const daysText = params.get('days') ?? '7';
  if (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > MAX_STATS_DAYS) {
    throw new InvalidActivityOptionError('days', `must be a whole number of days from 1 to ${MAX_STATS_DAYS} (got ${JSON.stringify(daysText.slice(0, 20))})`);
  }
  const by = params.get('by') ?? 'day';
  if (!(ACTIVITY_STATS_GROUPINGS as readonly string[]).includes(by)) {
    throw new InvalidActivityOptionError('by', `must be one of ${ACTIVITY_STATS_GROUPINGS.join(', ')} (got ${JSON.stringify(by.slice(0, 20))})`);
  }
  return {days: Number(daysText), by: by as ActivityStatsGrouping};
}

export interface ActivityStatsSource {
  /** Counts from PostgreSQL (GROUP BY) of the rows `filter` lets the user read, cached for `ttlMs` per filter and request. */
  stats(filter: ReadFilter, request: ActivityStatsRequest): Promise<ActivityStats>;
  /** Drops every cached answer (new log rows were written). */
  invalidate(): void;
}

/**
 * Aggregates for dashboards, so a dashboard never pulls every log into the
 * browser to count it. Answers are cached briefly (lru-cache, keyed by the
 * read filter — users who may read the same rows share an entry) and dropped
 * whenever the server writes log rows.
 */
export function createActivityStats(options: {readonly sql: postgres.Sql; readonly activityLog: ActivityLogConfig; readonly ttlMs?: number | undefined}): ActivityStatsSource {
  const {sql, activityLog: log} = options;
  const cache = new LRUCache<string, ActivityStats>({max: 500, ttl: options.ttlMs ?? 30_000});
  const created = log.createdAtColumn;
  return {
    async stats(filter, request) {
      const key = JSON.stringify([filter, request.days, request.by]);
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      if (created === null) throw new InvalidActivityOptionError('activityLog.createdAtColumn', 'the activity-log table has no created_at column: stats need one');
      const at = sql(created);
      // created_at is a UTC timestamp without time zone (Rails).
      const where = sql`${at} >= (now() at time zone 'UTC') - make_interval(days => ${request.days}) and ${readFilterSql(sql, filter)}`;
      const group =
        request.by === 'day' ? sql`to_char(date_trunc('day', ${at}), 'YYYY-MM-DD')` : request.by === 'action' ? sql`${sql(log.actionColumn)}::text` : sql`${sql(log.userColumn)}::text`;
      const order = request.by === 'day' ? sql`key asc` : sql`count desc, key asc`;
      const rows = await sql<{key: string; count: number}[]>`
        select ${group} as key, count(*)::int as count from ${sql(log.table)} where ${where}
        group by 1 order by ${order} limit ${MAX_GROUPS}`;
      const [total] = await sql<{n: number}[]>`select count(*)::int as n from ${sql(log.table)} where ${where}`;
      const answer: ActivityStats = {...request, total: total?.n ?? 0, groups: rows.map((r) => ({key: r.key, count: r.count}))};
      cache.set(key, answer);
      return answer;
    },
    invalidate() {
      cache.clear();
    },
  };
}
