import type {Clock, TimerHandle} from '../replay/clock.ts';

/** A manual clock: timers fire only inside `advance`, in due order. */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, {due: number; callback: () => void}>();

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, {due: this.#now + Math.max(0, ms), callback});
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** Due times of the pending timers, soonest first. */
  get pending(): number[] {
    return [...this.#timers.values()].map((t) => t.due).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that comes due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [number, {due: number; callback: () => void}] | undefined;
      for (const entry of this.#timers) if (entry[1].due <= target && (next === undefined || entry[1].due < next[1].due)) next = entry;
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].callback();
    }
    this.#now = target;
  }
}
