import type {Random} from './random.ts';

export interface BackoffPolicy {
  /** Cap of the first delay. Default 500 ms. */
  readonly baseMs: number;
  /** Upper bound of every delay. Default 30 s. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {baseMs: 500, maxMs: 30_000};

/**
 * Exponential backoff with full jitter: a uniform delay in
 * [0, min(maxMs, baseMs · 2^failures)). Full jitter spreads the reconnects of
 * many devices coming back at once (a van full of tablets leaving a tunnel)
 * instead of having them hit the server in lockstep.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: Random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures, 52));
  return Math.floor(random.next() * cap);
}
