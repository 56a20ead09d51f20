import {ZamError} from './zam-error.ts';

/**
 * Thrown by `Model.find(id)` when no row has that primary key, like Rails'
 * `ActiveRecord::RecordNotFound`. Carries the model and id so callers can
 * render a 404 without parsing the message.
 *
 * @example
 * try { await Job.find(id) } catch (e) { if (isRecordNotFoundError(e)) show404(e.model, e.id) }
 */
export class RecordNotFoundError extends ZamError {
  readonly code = 'record_not_found' as const;
  readonly model: string;
  readonly id: unknown;

  constructor(model: string, id: unknown, primaryKey = 'id') {
    super(
      `Couldn't find ${model} with '${primaryKey}'=${String(id)}. ` +
        `Use find_by(...) when a missing record is expected (it returns null).`,
    );
    this.model = model;
    this.id = id;
  }
}

/** True when `error` is a {@link RecordNotFoundError}: narrows an `unknown` caught value to it. */
export function isRecordNotFoundError(error: unknown): error is RecordNotFoundError {
  return error instanceof RecordNotFoundError;
}
