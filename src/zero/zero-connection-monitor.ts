import type {Zero} from '@rocicorp/zero';
import type {ConnectionMonitor, ConnectionState} from '../sync/replay/connection-monitor.ts';

/** The slice of Zero's connection API the monitor needs (a Zero instance fits). */
export interface ZeroConnectionLike {
  readonly connection: {
    readonly state: {
      readonly current: {readonly name: ConnectionState};
      subscribe(listener: (state: {readonly name: ConnectionState}) => void): () => void;
    };
    connect(opts?: {auth: string}): Promise<void>;
  };
}

/**
 * The replayer's view of Zero's connection (`z.connection`): state by name,
 * change notifications, and `connect()` for leaving `error`/`needs-auth`.
 * Listeners only hear real changes of the state's name.
 */
export class ZeroConnectionMonitor implements ConnectionMonitor {
  readonly #zero: ZeroConnectionLike;
  /** Connect attempts asked for by the replayer (the backoff test counts them). */
  connectCalls = 0;

  constructor(zero: ZeroConnectionLike | Zero) {
    this.#zero = zero as unknown as ZeroConnectionLike;
  }

  get state(): ConnectionState {
    return this.#zero.connection.state.current.name;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    let last = this.state;
    return this.#zero.connection.state.subscribe((state) => {
      if (state.name === last) return;
      last = state.name;
      listener(state.name);
    });
  }

  connect(opts?: {auth: string}): Promise<void> {
    this.connectCalls++;
    return this.#zero.connection.connect(opts);
  }
}
