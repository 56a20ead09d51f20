import type {BatchedWrites, ModelWriter, ServerOutcome} from './model-writer.ts';

/** A transaction in progress: the writer it was opened on and the writes it collects. */
export interface OpenTransaction {
  readonly writer: ModelWriter;
  readonly writes: BatchedWrites;
  /** The server's outcome for the transaction's one batch (after commit). */
  readonly server: Promise<ServerOutcome>;
  /** The first failure inside (a validation error the caller did not await): the transaction rolls back. */
  failure: {readonly error: unknown} | null;
  /** What writes inside remember of each other before anything is stored (e.g. a list's tail position). */
  readonly memo: Map<string, unknown>;
}

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

/**
 * Where the open transaction is found. In Node (scripts, the console, the
 * server) an AsyncLocalStorage carries it through every `await` of the
 * transaction's callback and nowhere else. Browsers have no such context yet:
 * there it is module state while the callback runs, so a write made by other
 * code during an `await` inside the callback (say a click handler firing while
 * the callback waits for a read) would join the transaction — do the reads
 * before `transaction()` and keep its callback to writes.
 */
const storage: AsyncLocalStorageLike<OpenTransaction> | null = (() => {
  const getBuiltin = (globalThis as {process?: {getBuiltinModule?: (id: string) => unknown}}).process?.getBuiltinModule;
  const hooks = getBuiltin?.('node:async_hooks') as {AsyncLocalStorage?: new () => AsyncLocalStorageLike<OpenTransaction>} | undefined;
  return hooks?.AsyncLocalStorage ? new hooks.AsyncLocalStorage() : null;
})();
let current: OpenTransaction | null = null;

/** The transaction the calling code runs in, or null. */
export function openTransaction(): OpenTransaction | null {
  return storage ? (storage.getStore() ?? null) : current;
}

/** Runs `fn` inside `tx` (it sees it through `openTransaction`); returns what `fn` returns. */
export function runInTransaction<T>(tx: OpenTransaction, fn: () => Promise<T>): Promise<T> {
  if (storage) return storage.run(tx, fn);
  const previous = current;
  current = tx;
  const done = () => {
    if (current === tx) current = previous;
  };
  let result: Promise<T>;
  try {
    result = fn();
  } catch (error) {
    done();
    return Promise.reject(error);
  }
  return result.finally(done);
}
