import {createBuilder, defineQueries, defineQuery} from '@rocicorp/zero';
import {schema} from '../../generated/schema.ts';

const zql = createBuilder(schema);

/**
 * The demo app's synced queries. The same registry runs in the browser (on
 * Zero's local store) and on the API server (which zero-cache asks for the ZQL
 * of each named query), so the server decides what a client may read.
 */
export const appQueries = defineQueries({
  app: {
    /** Kept jobs, newest first, with their client, tasks and timeline (activity logs). */
    jobs: defineQuery(() =>
      zql.jobs
        .where('discarded_at', 'IS', null)
        .orderBy('created_at', 'desc')
        .related('client')
        .related('tasks', (q) => q.orderBy('position', 'asc'))
        .related('timeline', (q) => q.orderBy('created_at', 'desc')),
    ),
    clients: defineQuery(() => zql.clients.orderBy('name', 'asc')),
    /** Every activity log, newest first (the global timeline). */
    activity: defineQuery(() => zql.activity_logs.orderBy('created_at', 'desc').limit(200)),
  },
});
