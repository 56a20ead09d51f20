import type {Zero} from '@rocicorp/zero';

/**
 * Minimal runes bridge for the demo's list queries: materialises the query,
 * mirrors its rows into `$state`, and destroys the view on `destroy()`.
 * (The model layer's ReactiveRecord replaces this for model reads.)
 */
export class LiveQuery<T> {
  rows = $state<readonly T[]>([]);
  complete = $state(false);
  #destroy: () => void;

  constructor(zero: Zero<never>, query: unknown) {
    const view = (zero as unknown as {materialize(q: unknown): MaterializedView<T>}).materialize(query);
    const remove = view.addListener((data, resultType) => {
      this.rows = structuredClone([...data]) as T[];
      this.complete = resultType === 'complete';
    });
    this.#destroy = () => {
      remove();
      view.destroy();
    };
  }

  destroy(): void {
    this.#destroy();
  }
}

interface MaterializedView<T> {
  addListener(cb: (data: readonly T[], resultType: string) => void): () => void;
  destroy(): void;
}
