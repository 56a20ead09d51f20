import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ResultType, SpecView, SpecViewListener} from './model-data-source.ts';
import type {ReadConnection} from './read-connection.ts';

/** The result type a reader sees: with no connection, whatever the device has is the answer. */
export function resultTypeFor(resultType: ResultType, connection: ReadConnection | undefined): ResultType {
  return connection?.status === 'offline' && resultType !== 'error' ? 'local' : resultType;
}

/**
 * A view that says `local` instead of `unknown` (or a `complete` that is no
 * longer kept current) while there is no connection, and tells its listeners
 * again when the connection comes or goes. Zero alone keeps an offline
 * query `unknown` forever, so an empty list could not be told from one still
 * loading.
 */
export function localWhenOffline(view: SpecView, connection: ReadConnection): SpecView {
  const offs = new Set<() => void>();
  return {
    get data() {
      return view.data;
    },
    addListener(listener: SpecViewListener) {
      let last: {rows: readonly PlainRow[]; resultType: ResultType; error: unknown} | undefined;
      let sent: ResultType | undefined;
      const emit = () => {
        if (!last) return;
        sent = resultTypeFor(last.resultType, connection);
        listener(last.rows, sent, last.error);
      };
      const removeView = view.addListener((rows, resultType, error) => {
        last = {rows, resultType, error};
        emit();
      });
      const removeConnection = connection.subscribe(() => {
        if (last && resultTypeFor(last.resultType, connection) !== sent) emit();
      });
      const off = () => {
        offs.delete(off);
        removeView();
        removeConnection();
      };
      offs.add(off);
      return off;
    },
    destroy() {
      for (const off of [...offs]) off();
      view.destroy();
    },
  };
}
