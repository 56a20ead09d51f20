import {ZamError} from './zam-error.ts';

/**
 * Thrown when a model built without explicit deps (a generated `ActiveJob`)
 * reads or writes before the app called `establishConnection(...)` — Rails'
 * `ActiveRecord::ConnectionNotEstablished`.
 */
export class ConnectionNotEstablishedError extends ZamError {
  readonly code = 'connection_not_established' as const;
  readonly model: string;

  constructor(model: string) {
    super(
      `${model} has no connection. Call establishConnection({source, writer, models}) ` +
        `(or connectModels(zamClient, …)) once at app or script start, before using the models.`,
    );
    this.model = model;
  }
}

/** True when `error` is a {@link ConnectionNotEstablishedError}: narrows an `unknown` caught value to it. */
export function isConnectionNotEstablishedError(error: unknown): error is ConnectionNotEstablishedError {
  return error instanceof ConnectionNotEstablishedError;
}
