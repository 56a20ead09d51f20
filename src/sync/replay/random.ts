/** A source of jitter: `next()` in [0, 1). Injected so backoff tests are deterministic. */
export interface Random {
  next(): number;
}

export const mathRandom: Random = {next: () => Math.random()};
