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
  channel.onmessage = (event: MessageEvent<OutboxChange>) => {
    for (const listener of [...listeners]) listener(event.data);
  };
  return {
    post: (change) => channel.postMessage(change),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel.close();
    },
  };
}
