import {createSubscriber} from 'svelte/reactivity';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ResultType, SpecView} from '../record/model-data-source.ts';

/**
 * Bridges a materialised view (Zero's TypedView or any SpecView) to Svelte 5
 * reactivity with `createSubscriber`: the view is opened when the first
 * effect reads `rows`, updates invalidate the readers, and the view is
 * destroyed (listener removed) when the last reader goes — a microtask after
 * unmount, as `createSubscriber` counts down.
 *
 * Read outside any effect (a script, a test, an event handler), there is no
 * reader to keep a view alive, so it opens one, takes a snapshot and destroys
 * it at once: no leaked listeners either way.
 */
export class LiveQuery {
  readonly #open: () => SpecView;
  readonly #subscribe: () => void;
  #active = false;
  #rows: readonly PlainRow[] = [];
  #resultType: ResultType = 'unknown';
  #error: unknown = undefined;

  constructor(open: () => SpecView) {
    this.#open = open;
    this.#subscribe = createSubscriber(update => {
      const view = this.#open();
      let initial = true;
      const removeListener = view.addListener((rows, resultType, error) => {
        this.#rows = rows;
        this.#resultType = resultType;
        this.#error = error;
        // The first call happens inside addListener, while the reader is
        // still reading: it already sees these values, no invalidation needed.
        if (!initial) update();
      });
      initial = false;
      this.#active = true;
      return () => {
        this.#active = false;
        removeListener();
        view.destroy();
      };
    });
  }

  #read(): void {
    this.#subscribe();
    if (this.#active) return;
    const view = this.#open();
    const removeListener = view.addListener((rows, resultType, error) => {
      this.#rows = rows;
      this.#resultType = resultType;
      this.#error = error;
    });
    removeListener();
    view.destroy();
  }

  get rows(): readonly PlainRow[] {
    this.#read();
    return this.#rows;
  }

  get resultType(): ResultType {
    this.#read();
    return this.#resultType;
  }

  get error(): unknown {
    this.#read();
    return this.#error;
  }
}
