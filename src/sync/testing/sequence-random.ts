import type {Random} from '../replay/random.ts';

/** Returns the given values in turn, repeating the last one. */
export class SequenceRandom implements Random {
  readonly #values: readonly number[];
  #index = 0;

  constructor(...values: number[]) {
    this.#values = values.length > 0 ? values : [0.5];
  }

  next(): number {
    const value = this.#values[Math.min(this.#index, this.#values.length - 1)] ?? 0.5;
    this.#index++;
    return value;
  }
}
