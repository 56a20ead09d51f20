import type {OutboxChange, OutboxChangeListener} from './outbox-change.ts';
import type {OutboxChangeChannel} from './outbox-change-channel.ts';

/**
 * Fans committed changes out to local listeners and to other tabs. A throwing
 * listener must not break the store operation that already committed, so
 * listener errors are reported asynchronously instead of thrown. For the same
 * reason a change that commits after `close()` (IndexedDB finishes in-flight
 * transactions after the connection closes) is not fanned out: there is no one
 * left to tell here, and the closed channel would throw.
 */
export class ChangeEmitter {
  readonly #listeners = new Set<OutboxChangeListener>();
  readonly #channel: OutboxChangeChannel | undefined;
  readonly #unsubscribeChannel: (() => void) | undefined;
  #closed = false;

  constructor(channel: OutboxChangeChannel | undefined) {
    this.#channel = channel;
    this.#unsubscribeChannel = channel?.subscribe((change) => this.#deliver(change));
  }

  subscribe(listener: OutboxChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Call only after the change is committed. */
  emit(change: OutboxChange): void {
    if (this.#closed) return;
    this.#deliver(change);
    this.#channel?.post(change);
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#unsubscribeChannel?.();
    this.#channel?.close();
  }

  #deliver(change: OutboxChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
