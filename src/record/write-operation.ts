import type {ServerOutcome, WriteResult} from './model-writer.ts';

/**
 * What model writes return: awaitable for the local result (Rails' return
 * value), with `.server` for the server's confirmation.
 *
 * @example
 * const job = await Job.create({title: 'Fix boiler'});   // applied locally
 * await Job.create({title: 'Fix boiler'}).server;        // committed in PostgreSQL
 */
export type WriteOperation<T> = Promise<T> & {readonly server: Promise<ServerOutcome>};

function noop(): void {}

/**
 * Wraps a writer result: the awaited value is `map(client value)`, `server`
 * passes through. `server` gets a no-op handler so an unobserved rejection is
 * not an unhandled-rejection crash; the dead-letter store surfaces it (I5).
 */
export function writeOperation<U, T>(result: WriteResult<U>, map: (value: U) => T): WriteOperation<T> {
  result.server.catch(noop);
  return Object.assign(result.client.then(map), {server: result.server});
}

/** A write that failed before touching the writer (validation): both promises reject with `error`. */
export function failedWriteOperation<T>(error: unknown): WriteOperation<T> {
  const server = Promise.reject(error);
  server.catch(noop);
  return Object.assign(Promise.reject(error) as Promise<T>, {server});
}

/** Chains a write after a load, keeping `.server` reachable. */
export function afterLoad<L, T>(load: Promise<L>, write: (value: L) => WriteOperation<T>): WriteOperation<T> {
  // Keep the operation itself: `then` would flatten it to its value and lose `.server`.
  const op = load.then(value => ({op: write(value)}));
  const server = op.then(o => o.op.server);
  server.catch(() => {});
  return Object.assign(
    op.then(o => o.op),
    {server},
  ) as WriteOperation<T>;
}
