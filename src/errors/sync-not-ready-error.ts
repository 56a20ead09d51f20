import {ZamError} from './zam-error.ts';

/** The sync engine was used before its outbox was open. */
export class SyncNotReadyError extends ZamError {
  readonly code = 'sync_not_ready' as const;

  constructor() {
    super('The sync engine is not ready yet: await `zam.sync.ready` before reading its store, replayer or leader.');
  }
}

/** True when `error` is a {@link SyncNotReadyError}: narrows an `unknown` caught value to it. */
export function isSyncNotReadyError(error: unknown): error is SyncNotReadyError {
  return error instanceof SyncNotReadyError;
}
