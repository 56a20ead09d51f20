/** Zero 1.9's connection states (`z.connection.state`). */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'needs-auth' | 'error' | 'closed';

/**
 * The replayer's view of the sync connection. For Zero: `state` reads
 * `z.connection.state`, `subscribe` follows its changes, `connect()` calls
 * `z.connection.connect()`.
 */
export interface ConnectionMonitor {
  readonly state: ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /**
   * Asks for a new connection attempt, with a fresh token when given (after
   * `needs-auth`). The replayer does not await completion (it watches
   * `state`); a returned promise only reports a failure to start.
   */
  connect(options?: {readonly auth: string}): void | Promise<void>;
}
