import type {ApiServer, RunningApiServer} from './api-server.ts';

/** How a graceful stop behaves: which signals, how long the activity queue may drain, whether to exit. */
export interface StopOnSignalsOptions {
  /** Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[] | undefined;
  /** How long the activity queue may take to drain (ms, default 30 000). */
  readonly flushTimeoutMs?: number | undefined;
  /** Exit the process once stopped (default true): code 0, or 1 when queued activity rows had to be dropped. */
  readonly exit?: boolean | undefined;
}

/**
 * A graceful stop on SIGTERM/SIGINT: stop taking requests, write everything
 * the batched activity logger still holds (nothing queued is lost), close the
 * database pool, exit. Returns a function that removes the handlers.
 *
 * @example
 * const running = await listenApiServer(api, 3001);
 * stopOnSignals(api, running);
 */
export function stopOnSignals(api: ApiServer, running: RunningApiServer | null, options: StopOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running?.stop();
    const droppedBefore = api.activity.getQueueMetrics().dropped;
    await api.activity.flushQueue(options.flushTimeoutMs);
    await api.close();
    const lost = api.activity.getQueueMetrics().dropped - droppedBefore;
    if (lost > 0) console.error(`[api] stopped; ${lost} queued activity row(s) could not be written and were dropped`);
    if (options.exit ?? true) process.exit(lost > 0 ? 1 : 0);
  };
  const handler = () => void stop();
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
