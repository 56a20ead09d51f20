import {createSubscriber} from 'svelte/reactivity';
import type {ModelDeps} from '../record/model-core.ts';
import type {PreloadStatus} from '../record/preload-set.ts';
import {preloadStatus, subscribePreloadStatus} from '../record/preload-status.ts';

/**
 * `preloadStatus()` as runes: read `counts`, `complete`, `queries` in markup
 * and they stay current while read (one subscription, dropped with the last
 * reader). Uses the established connection unless given deps.
 *
 * @example
 * <script>const offline = reactivePreloadStatus();</script>
 * <span>ready offline: {offline.stored.Job ?? 0} jobs</span>
 */
export class ReactivePreloadStatus {
  readonly #deps: ModelDeps | undefined;
  readonly #subscribe: () => void;

  constructor(deps?: ModelDeps) {
    this.#deps = deps;
    this.#subscribe = createSubscriber(update => {
      // The first call comes at once, while the reader is still reading: it already sees that status.
      let initial = true;
      const stop = subscribePreloadStatus(() => {
        if (!initial) update();
      }, this.#deps);
      initial = false;
      return stop;
    });
  }

  /** The whole status. Reactive. */
  get status(): PreloadStatus {
    this.#subscribe();
    return preloadStatus(this.#deps);
  }

  /** Distinct rows on the device per model name (`{Job: 42, Task: 130}`). Reactive. */
  get counts(): PreloadStatus['counts'] {
    return this.status.counts;
  }

  /**
   * The same counts as of the sync client's last write to its store: what a
   * restart with no network would find — what a "ready offline" indicator
   * shows. Reactive.
   */
  get stored(): PreloadStatus['stored'] {
    return this.status.stored;
  }

  /** Every preloaded query has had the server's complete answer since the app started. Reactive. */
  get complete(): boolean {
    return this.status.complete;
  }

  /** Preloaded queries (restored ones included). Reactive. */
  get queries(): number {
    return this.status.queries;
  }
}

/** `new ReactivePreloadStatus(deps)`: see ReactivePreloadStatus. */
export function reactivePreloadStatus(deps?: ModelDeps): ReactivePreloadStatus {
  return new ReactivePreloadStatus(deps);
}
