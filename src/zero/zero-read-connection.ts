import type {ReadConnection, ReadStatus} from '../record/read-connection.ts';

/** How long a client that has never connected counts as `connecting` before its reads answer from the device. */
export const FIRST_CONNECT_GRACE_MS = 5_000;

/** The slice of Zero's `z.connection` reads follow. */
export interface ZeroConnectionState {
  readonly state: {readonly current: {readonly name: string}; subscribe(listener: (state: {readonly name: string}) => void): () => void};
}

/**
 * Zero's connection as reads see it (ReadStatus). Zero with the outbox's
 * long offline window stays `connecting` however long the network is gone,
 * so `connecting` only counts as "still starting" for a client that has never
 * connected, and only for FIRST_CONNECT_GRACE_MS; after that, and whenever a
 * connection once made is lost (or the client needs auth, errs or is
 * closed), reads are `offline`.
 *
 * @example
 * const link = zeroReadConnection(zero.connection);
 * link.subscribe(status => console.log(status)); // 'online' | 'connecting' | 'offline'
 */
export function zeroReadConnection(connection: ZeroConnectionState, graceMs = FIRST_CONNECT_GRACE_MS): ReadConnection {
  let ever = connection.state.current.name === 'connected';
  let graceOver = ever;
  const listeners = new Set<(status: ReadStatus) => void>();
  const compute = (): ReadStatus => {
    const name = connection.state.current.name;
    if (name === 'connected') return 'online';
    return name === 'connecting' && !ever && !graceOver ? 'connecting' : 'offline';
  };
  let notified = compute();
  const update = () => {
    const next = compute();
    if (next === notified) return;
    notified = next;
    for (const listener of [...listeners]) listener(next);
  };
  connection.state.subscribe((state) => {
    if (state.name === 'connected') ever = true;
    update();
  });
  if (!graceOver) {
    const timer = setTimeout(() => {
      graceOver = true;
      update();
    }, graceMs);
    (timer as {unref?: () => void}).unref?.();
  }
  return {
    get status() {
      return compute();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Resolves with the status once it is no longer `connecting`. */
export function settledStatus(link: ReadConnection): Promise<Exclude<ReadStatus, 'connecting'>> {
  return new Promise((resolve) => {
    const now = link.status;
    if (now !== 'connecting') return resolve(now);
    const off = link.subscribe((status) => {
      if (status === 'connecting') return;
      off();
      resolve(status);
    });
  });
}

/** A promise of null for when the status leaves `online`, and its cancel. */
export function whenNotOnline(link: ReadConnection): {promise: Promise<null>; cancel: () => void} {
  let cancel = () => {};
  const promise = new Promise<null>((resolve) => {
    cancel = link.subscribe((status) => {
      if (status !== 'online') resolve(null);
    });
  });
  return {promise, cancel: () => cancel()};
}
