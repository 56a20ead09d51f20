import {ZamError} from './zam-error.ts';

/** The replayer was closed, so pending writes will not be sent from here. They stay in the outbox for the next start. */
export class SyncClosedError extends ZamError {
  readonly code = 'sync_closed' as const;

  constructor() {
    super('Sync was closed before the outbox emptied. The pending writes are kept and replay on the next start.');
  }
}

/** True when `error` is a {@link SyncClosedError}: narrows an `unknown` caught value to it. */
export function isSyncClosedError(error: unknown): error is SyncClosedError {
  return error instanceof SyncClosedError;
}
