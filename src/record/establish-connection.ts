import {ConnectionNotEstablishedError} from '../errors/connection-not-established-error.ts';
import type {ModelDeps} from './model-core.ts';

/**
 * The process-wide connection models use when they were created without
 * explicit deps — what Rails calls `ActiveRecord::Base.establish_connection`.
 * Generated model modules are one line (`createActiveModel<JobRow, typeof
 * jobConfig>(jobConfig)`), import nothing environment-specific, and resolve
 * their source and writer here at the moment of each read or write. So the
 * same `ActiveJob` works in the browser, a script, the console or a test:
 * whoever starts the program connects once.
 *
 * @example
 * establishConnection(connectModels(zamClient, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
 * await ActiveJob.open().count();
 */
let current: ModelDeps | null = null;

/** Sets the connection every lazily-connected model uses from now on; returns it. */
export function establishConnection(deps: ModelDeps): ModelDeps {
  current = deps;
  return deps;
}

/** Forgets the connection (tests, `reload()` in the console). */
export function removeConnection(): void {
  current = null;
}

/** The current connection, or null. */
export function currentConnection(): ModelDeps | null {
  return current;
}

/**
 * Deps that look up the connection on every access: a model holding these
 * follows `establishConnection` calls made after it was created.
 */
export function lazyModelDeps(model: string): ModelDeps {
  const connection = (): ModelDeps => {
    if (current === null) throw new ConnectionNotEstablishedError(model);
    return current;
  };
  return {
    get source() {
      return connection().source;
    },
    get writer() {
      return connection().writer;
    },
    get models() {
      return current?.models;
    },
    get activityLog() {
      return current?.activityLog;
    },
  };
}
