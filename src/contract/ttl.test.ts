import {describe, expect, it} from 'vitest';
import {InvalidTtlError} from '../errors/invalid-ttl-error.ts';
import {ttlMs} from './ttl.ts';

describe('ttlMs: Zero\'s TTL syntax', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1.5h', 5_400_000],
    ['.5d', 43_200_000],
    ['7d', 604_800_000],
    ['1y', 31_536_000_000],
    ['none', 0],
    [0, 0],
    [1234, 1234],
    ['forever', Infinity],
    [-1, Infinity],
  ] as const)('%s → %s ms', (ttl, ms) => {
    expect(ttlMs(ttl)).toBe(ms);
  });

  it.each(['7 days', '7D', '1w', 'd', '', '-1d', 'forever ', Number.NaN, null, undefined, {}])('rejects %j with a message naming the syntax', (ttl) => {
    expect(() => ttlMs(ttl)).toThrow(InvalidTtlError);
    expect(() => ttlMs(ttl)).toThrow(/'7d'.*'forever' or 'none'/);
  });
});
