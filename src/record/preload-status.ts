import {ConnectionNotEstablishedError} from '../errors/connection-not-established-error.ts';
import {currentConnection} from './establish-connection.ts';
import type {ModelDeps} from './model-core.ts';
import type {PreloadStatus} from './preload-set.ts';
import {preloadsOf} from './preloads-of.ts';

function depsOrCurrent(deps: ModelDeps | undefined): ModelDeps {
  const resolved = deps ?? currentConnection();
  if (!resolved) throw new ConnectionNotEstablishedError('preloadStatus');
  return resolved;
}

/**
 * What this device keeps for offline use (`relation.preload`): queries,
 * whether all have had the server's complete answer, and distinct rows per
 * model — for a "ready offline" indicator. Uses the established connection
 * unless given deps.
 *
 * @example
 * const {stored, complete} = preloadStatus();
 * label.textContent = `ready offline: ${stored.Job ?? 0} jobs${complete ? '' : ' (syncing…)'}`;
 */
export function preloadStatus(deps?: ModelDeps): PreloadStatus {
  return preloadsOf(depsOrCurrent(deps)).status;
}

/**
 * `listener` runs at once with the preload status and again whenever it
 * changes. Returns the unsubscribe function.
 *
 * @example
 * const stop = subscribePreloadStatus(s => render(`ready offline: ${s.stored.Job ?? 0} jobs`));
 */
export function subscribePreloadStatus(listener: (status: PreloadStatus) => void, deps?: ModelDeps): () => void {
  return preloadsOf(depsOrCurrent(deps)).subscribe(listener);
}
