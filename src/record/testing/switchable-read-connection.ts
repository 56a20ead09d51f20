import type {ReadConnection, ReadStatus} from '../read-connection.ts';

/** A ReadConnection a test switches by hand (`set('offline')`), like the TCP proxy on the real stack. */
export class SwitchableReadConnection implements ReadConnection {
  #status: ReadStatus;
  readonly #listeners = new Set<(status: ReadStatus) => void>();

  constructor(status: ReadStatus = 'online') {
    this.#status = status;
  }

  get status(): ReadStatus {
    return this.#status;
  }

  set(status: ReadStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of [...this.#listeners]) listener(status);
  }

  subscribe(listener: (status: ReadStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  listenerCount(): number {
    return this.#listeners.size;
  }
}
