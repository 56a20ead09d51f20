import type {Zero} from '@rocicorp/zero';
import type {StorageSignal} from '../record/preload-set.ts';

/**
 * When what a Zero client shows is in its own store (IndexedDB with
 * `kvStore: 'idb'`): Zero keeps synced rows in memory and writes them to the
 * store a moment after it has been idle (Replicache's persist, ~1 s), so a
 * device closed before that would restart without them. A "ready offline"
 * count must follow the store, not the memory.
 *
 * Zero has no public hook for that write. Its Replicache announces each
 * finished persist on a BroadcastChannel named `replicache-on-persist:<name>`,
 * with the persisting client's id (other tabs' persists are ignored: they
 * wrote their own memory, not ours). `<name>` is the part of the public
 * `zero.idbName` (`rep:<name>:<format>[:<schemaVersion>]`) Replicache derives
 * the database name from. Both are Zero 1.9's internals (the package pins
 * ~1.9.0); `tests/e2e/app-offline.test.ts` fails if they change (the app's
 * "ready offline" count would never rise).
 *
 * Until the client has first connected, every row it shows came from its
 * store (or the outbox overlay, durable too): `fromStorage()` says so.
 */
export function zeroStorageSignal(zero: Pick<Zero<never>, 'idbName' | 'clientID' | 'connection'>): StorageSignal {
  let connected = zero.connection.state.current.name === 'connected';
  // Lives as long as the Zero client (its state subscriptions end with it).
  if (!connected) {
    const stop = zero.connection.state.subscribe(state => {
      if (state.name !== 'connected') return;
      connected = true;
      stop();
    });
  }
  const name = /^rep:(.*):\d+(?::[^:]*)?$/.exec(zero.idbName)?.[1];
  return {
    fromStorage: () => !connected,
    subscribe(listener) {
      if (name === undefined || typeof BroadcastChannel === 'undefined') return () => {};
      const channel = new BroadcastChannel(`replicache-on-persist:${name}`);
      // In Node an open channel keeps the process alive: a script that closed
      // its Zero client never exited (the preloads hold this subscription for
      // the client's whole life). Listening must not keep anything running.
      (channel as {unref?: () => void}).unref?.();
      channel.onmessage = (event: MessageEvent<unknown>) => {
        const data = event.data as {clientID?: unknown} | null;
        if (data?.clientID === zero.clientID) listener();
      };
      return () => channel.close();
    },
  };
}
