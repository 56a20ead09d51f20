import {ZamError} from './zam-error.ts';

/**
 * A TTL (`relation.ttl(…)`, `preload({ttl})`) that is not in Zero's TTL
 * syntax: a number of milliseconds, a number with a unit (`'30s'`, `'10m'`,
 * `'12h'`, `'7d'`, `'1y'`), `'forever'` or `'none'`.
 */
export class InvalidTtlError extends ZamError {
  readonly code = 'invalid_ttl' as const;
  /** The value as given. */
  readonly ttl: unknown;

  constructor(ttl: unknown) {
    super(
      `Invalid TTL ${JSON.stringify(ttl) ?? String(ttl)}: use milliseconds (60000), a number with a unit ` +
        `s, m, h, d or y ('30s', '10m', '7d'), 'forever' or 'none'.`,
    );
    this.ttl = ttl;
  }
}

/** True when `error` is a {@link InvalidTtlError}: narrows an `unknown` caught value to it. */
export function isInvalidTtlError(error: unknown): error is InvalidTtlError {
  return error instanceof InvalidTtlError;
}
