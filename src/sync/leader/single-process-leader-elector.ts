import type {LeaderElector} from './leader-elector.ts';

/**
 * Always the leader until closed: for Node scripts and tests, where one
 * process owns its outbox and there are no other tabs.
 */
export class SingleProcessLeaderElector implements LeaderElector {
  #isLeader = true;
  readonly #listeners = new Set<(isLeader: boolean) => void>();

  get isLeader(): boolean {
    return this.#isLeader;
  }

  subscribe(listener: (isLeader: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    if (!this.#isLeader) return;
    this.#isLeader = false;
    for (const listener of [...this.#listeners]) listener(false);
  }
}
