import {InvalidTtlError} from '../errors/invalid-ttl-error.ts';

/** Units of a TTL string: seconds, minutes, hours, days, years (365 days). */
export type TimeUnit = 's' | 'm' | 'h' | 'd' | 'y';

/**
 * Zero's TTL syntax, unchanged: milliseconds, a number with a unit (`'7d'`),
 * `'forever'` (a negative number means the same) or `'none'` (0).
 */
export type TTL = `${number}${TimeUnit}` | 'forever' | 'none' | number;

/**
 * The longest TTL Zero 1.9 honours (client and zero-cache clamp to it), and
 * only in "TTL time", which elapses while the app is connected. Anything
 * longer is kept by the library itself (PreloadSet).
 */
export const ZERO_MAX_TTL_MS = 10 * 60 * 1000;

const UNIT_MS: Readonly<Record<TimeUnit, number>> = {s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000};
const PATTERN = /^(\d+(?:\.\d+)?|\.\d+)([smhdy])$/;

/**
 * A TTL in milliseconds: `Infinity` for `'forever'` and negative numbers,
 * 0 for `'none'`. Anything else throws InvalidTtlError (Zero itself would
 * turn `'7 days'` into NaN and quietly expire the query).
 *
 * @example ttlMs('7d') // 604800000; ttlMs('forever') // Infinity; ttlMs('none') // 0
 */
export function ttlMs(ttl: unknown): number {
  if (typeof ttl === 'number') {
    if (Number.isNaN(ttl)) throw new InvalidTtlError(ttl);
    return ttl < 0 ? Infinity : ttl;
  }
  if (ttl === 'forever') return Infinity;
  if (ttl === 'none') return 0;
  const match = typeof ttl === 'string' ? PATTERN.exec(ttl) : null;
  if (!match) throw new InvalidTtlError(ttl);
  return Number(match[1]) * UNIT_MS[match[2] as TimeUnit];
}

/** Checks a TTL and returns it typed (for builders that keep the caller's spelling). */
export function checkTtl(ttl: unknown): TTL {
  ttlMs(ttl);
  return ttl as TTL;
}
