import type {ConnectionMonitor, ConnectionState} from '../replay/connection-monitor.ts';

/** A connection whose state the test sets; `connect()` is counted and runs `onConnect`. */
export class FakeConnection implements ConnectionMonitor {
  state: ConnectionState;
  connectCalls = 0;
  /** What a connect() attempt does; default: nothing (the test decides). */
  onConnect: () => void = () => {};
  readonly #listeners = new Set<(state: ConnectionState) => void>();

  constructor(state: ConnectionState = 'connected') {
    this.state = state;
  }

  set(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  connect(): void {
    this.connectCalls++;
    this.onConnect();
  }
}
