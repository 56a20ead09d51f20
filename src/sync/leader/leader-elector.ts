/**
 * Decides which tab of the device replays the outbox: exactly one at a time
 * (I2: one consumer keeps the order; I3 makes a brief overlap harmless, never
 * wrong). `isLeader` may flip either way at any time; the replayer checks it
 * before every send and finishes the outcomes already in flight.
 */
export interface LeaderElector {
  readonly isLeader: boolean;
  /** Called on every change of `isLeader`. */
  subscribe(listener: (isLeader: boolean) => void): () => void;
  /** Gives up leadership (and stops competing for it) so another tab takes over. */
  close(): void;
}
