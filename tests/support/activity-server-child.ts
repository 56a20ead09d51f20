// An API server as its own process, for the shutdown test: it queues N events
// on the batched logger (with a flush interval far beyond the test), says so on
// stdout, and waits for a signal — stopOnSignals must write them before exit.
import type {AnyQueryRegistry} from '@rocicorp/zero';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {fieldServicePolicies} from '../../src/app/policies.ts';
import {createApiServer, listenApiServer} from '../../src/server/api-server.ts';
import {createAuthenticator} from '../../src/server/auth.ts';
import {stopOnSignals} from '../../src/server/stop-on-signals.ts';

const [databaseUrl, userId, count] = process.argv.slice(2) as [string, string, string];
const api = createApiServer({
  databaseUrl,
  auth: createAuthenticator('x'.repeat(32)),
  schema,
  models: MODELS,
  activityLog: ACTIVITY_LOG,
  queries: [modelQueries as unknown as AnyQueryRegistry],
  policies: fieldServicePolicies,
  activity: {queue: {flushIntervalMs: 3_600_000, maxQueueSize: 100_000}},
});
const running = await listenApiServer(api, 0);
stopOnSignals(api, running);
for (let i = 0; i < Number(count); i++) {
  await api.activity.trackActivity({action: 'shutdown_probe', userId, status: 'success', details: {n: i}}, {batched: true});
}
console.log(JSON.stringify({queued: api.activity.getQueueMetrics().queueSize}));
