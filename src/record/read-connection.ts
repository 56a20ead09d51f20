/**
 * The link to the server as reads see it:
 * - `online`: connected; results become `complete` when the server answers;
 * - `connecting`: the first connection of a fresh client is being made (a
 *   short grace, as a page load online would take) — results stay `unknown`;
 * - `offline`: no connection (lost, or never made within the grace, or the
 *   client needs auth / is closed) — results are `local`.
 */
export type ReadStatus = 'online' | 'connecting' | 'offline';

/** A ReadStatus that can be followed (the Zero adapter, or the in-memory store's switch). */
export interface ReadConnection {
  readonly status: ReadStatus;
  /** Called on every change of `status`; returns the unsubscribe function. */
  subscribe(listener: (status: ReadStatus) => void): () => void;
}
