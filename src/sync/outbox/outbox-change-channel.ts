import type {OutboxChange, OutboxChangeListener} from './outbox-change.ts';

/**
 * Carries committed outbox changes to the other tabs of the device (never back
 * to the sender). It is a wake-up hint only: receivers re-read the store, so a
 * lost message delays a replay but never loses a write.
 */
export interface OutboxChangeChannel {
  post(change: OutboxChange): void;
  subscribe(listener: OutboxChangeListener): () => void;
  close(): void;
}

/** The channel over `BroadcastChannel`, or undefined where there is none. */
export function broadcastOutboxChannel(name: string): OutboxChangeChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(`zam-outbox:${name}`);
  const listeners = new Set<OutboxChangeListener>();
  let closed = false;
  channel.onmessage = (event: MessageEvent<OutboxChange>) => {
    for (const listener of [...listeners]) listener(event.data);
  };
  return {
    // A hint posted after close is dropped, not thrown: postMessage on a closed
    // channel throws InvalidStateError into whatever committed the change.
    post: (change) => {
      if (!closed) channel.postMessage(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      listeners.clear();
      channel.close();
    },
  };
}
