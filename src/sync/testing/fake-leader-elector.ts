import type {LeaderElector} from '../leader/leader-elector.ts';

/** A leader flag the test flips. */
export class FakeLeaderElector implements LeaderElector {
  #isLeader: boolean;
  readonly #listeners = new Set<(isLeader: boolean) => void>();

  constructor(isLeader = true) {
    this.#isLeader = isLeader;
  }

  get isLeader(): boolean {
    return this.#isLeader;
  }

  set(isLeader: boolean): void {
    if (isLeader === this.#isLeader) return;
    this.#isLeader = isLeader;
    for (const listener of [...this.#listeners]) listener(isLeader);
  }

  subscribe(listener: (isLeader: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    this.set(false);
  }
}
