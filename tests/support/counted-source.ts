import type {ModelDataSource} from '../../src/record/model-data-source.ts';

/** Open views and listeners of a data source, to prove teardown on unmount. */
export interface SourceCounts {
  open: number;
  listeners: number;
}

/** Wraps `source` so every materialized view and listener is counted in `counts` until destroyed/removed. */
export function countedSource(source: ModelDataSource, counts: SourceCounts): ModelDataSource {
  return {
    run: (spec) => source.run(spec),
    materialize(spec) {
      const view = source.materialize(spec);
      counts.open += 1;
      let destroyed = false;
      return {
        get data() {
          return view.data;
        },
        addListener(listener) {
          counts.listeners += 1;
          const remove = view.addListener(listener);
          let removed = false;
          return () => {
            if (!removed) counts.listeners -= 1;
            removed = true;
            remove();
          };
        },
        destroy() {
          if (!destroyed) counts.open -= 1;
          destroyed = true;
          view.destroy();
        },
      } as typeof view;
    },
  };
}
