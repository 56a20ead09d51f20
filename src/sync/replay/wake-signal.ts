/**
 * A level-triggered wake-up for the replay loop: a `notify()` that arrives
 * while the loop is busy is remembered, so the next `wait()` returns at once
 * and the loop re-reads the world. Lost wake-ups would strand pending writes.
 */
export class WakeSignal {
  #pending = false;
  #resolve: (() => void) | undefined;

  notify(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) {
      this.#pending = true;
      return;
    }
    this.#resolve = undefined;
    resolve();
  }

  wait(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }
}
