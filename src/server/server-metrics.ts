import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import {ALREADY_APPLIED} from '../contract/already-applied.ts';
import type {ActivityTracker} from './activity/activity-tracker.ts';
import {BATCH_GROUP, batchesOf, observedMutations, SINGLE_BATCH, type PushObservation} from './push-observation.ts';

/** The API server's Prometheus metrics (`GET /metrics`): batches by outcome, rollbacks, push latency, group sizes, the logger queue. */
export interface ServerMetrics {
  /** The push handler's observer: counts each push's batches and outcomes. */
  observePush(push: PushObservation): void;
  /** The registry's text exposition (Prometheus format) and its content type. */
  render(): Promise<{readonly body: string; readonly contentType: string}>;
}

/**
 * What to watch once writes and their logs are atomic, in Prometheus form
 * (prom-client, a registry of its own — nothing global):
 *
 * - `zam_batches_total{outcome, code}`: applied / already_applied / rejected
 *   (by rejection code). A committed group counts each of its batches as
 *   applied (a group skips its already-applied batches without saying so).
 * - `zam_transaction_rollbacks_total{reason}`: mutations whose transaction
 *   rolled back (an app error, or Zero's out-of-order / already-processed).
 * - `zam_foreign_key_violations_total`, `zam_log_derivation_failures_total`:
 *   rejections by SQLSTATE 23503, and those the database raised while writing
 *   a write's log (`stage: 'log'`).
 * - `zam_push_duration_seconds` (histogram per push), `zam_group_size`
 *   (batches per `zam.batches` mutation).
 * - `zam_activity_queue_size`, `zam_activity_dropped_total`,
 *   `zam_activity_flushed_total`, `zam_activity_failed_writes_total`,
 *   `zam_activity_track_failures_total`: the batched logger, read at scrape time.
 */
export function createServerMetrics(activity: ActivityTracker): ServerMetrics {
  const registry = new Registry();
  const batches = new Counter({name: 'zam_batches_total', help: 'Batches by outcome (applied, already_applied, rejected) and rejection code.', labelNames: ['outcome', 'code'], registers: [registry]});
  const rollbacks = new Counter({name: 'zam_transaction_rollbacks_total', help: 'Mutations whose transaction rolled back.', labelNames: ['reason'], registers: [registry]});
  const foreignKeys = new Counter({name: 'zam_foreign_key_violations_total', help: 'Batches rejected by a foreign-key violation (SQLSTATE 23503).', registers: [registry]});
  const logFailures = new Counter({name: 'zam_log_derivation_failures_total', help: 'Batches rejected while deriving or writing their activity log.', registers: [registry]});
  const latency = new Histogram({
    name: 'zam_push_duration_seconds',
    help: 'Time to process one push request (all its mutations).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const groupSize = new Histogram({name: 'zam_group_size', help: 'Batches per zam.batches group.', buckets: [1, 2, 5, 10, 20, 35, 50], registers: [registry]});
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  // Totals owned by the logger, exposed as gauges that only grow (prom-client counters cannot be set).
  gauge('zam_activity_queue_size', 'Activity rows waiting in the batched logger.', () => activity.getQueueMetrics().queueSize);
  gauge('zam_activity_dropped_total', 'Activity rows the batched logger dropped (buffer full, or unwritten at shutdown).', () => activity.getQueueMetrics().dropped);
  gauge('zam_activity_flushed_total', 'Activity rows the batched logger wrote.', () => activity.getQueueMetrics().flushed);
  gauge('zam_activity_failed_writes_total', 'Failed INSERT attempts of the batched logger (retried).', () => activity.getQueueMetrics().failed);
  gauge('zam_activity_track_failures_total', 'Server events that could not be logged.', () => activity.getQueueMetrics().trackFailures);

  return {
    observePush(push) {
      latency.observe(push.durationMs / 1_000);
      for (const mutation of observedMutations(push.body, push.response)) {
        if (mutation.name !== SINGLE_BATCH && mutation.name !== BATCH_GROUP) continue;
        const count = batchesOf(mutation.name, mutation.args).length;
        if (mutation.name === BATCH_GROUP) groupSize.observe(count);
        const result = mutation.result;
        if (result.kind === 'ok') {
          batches.inc({outcome: 'applied', code: ''}, count);
          continue;
        }
        if (result.kind === 'other') {
          rollbacks.inc({reason: result.error});
          continue;
        }
        const code = typeof result.details['code'] === 'string' ? result.details['code'] : 'unknown';
        if (code === ALREADY_APPLIED) {
          batches.inc({outcome: 'already_applied', code: ''});
          continue;
        }
        rollbacks.inc({reason: 'rejected'});
        batches.inc({outcome: 'rejected', code}, mutation.name === BATCH_GROUP ? count : 1);
        if (result.details['pgCode'] === '23503') foreignKeys.inc();
        if (result.details['stage'] === 'log') logFailures.inc();
      }
    },
    async render() {
      return {body: await registry.metrics(), contentType: registry.contentType};
    },
  };
}
