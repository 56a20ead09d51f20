import {ZamError} from './zam-error.ts';

/**
 * `discard`, `undiscard`, `kept` or `discarded` on a model that is not
 * soft-deletable (no `include Discard::Model` in its Rails model).
 */
export class NotDiscardableError extends ZamError {
  readonly code = 'not_discardable' as const;
  readonly model: string;

  constructor(model: string, method: string) {
    super(
      `${model}.${method}: ${model} is not soft-deletable. Add \`include Discard::Model\` and a discarded_at ` +
        'column to the Rails model and run `npm run generate`, or use destroy().',
    );
    this.model = model;
  }
}

/** True when `error` is a {@link NotDiscardableError}: narrows an `unknown` caught value to it. */
export function isNotDiscardableError(error: unknown): error is NotDiscardableError {
  return error instanceof NotDiscardableError;
}
