import {ZamError} from './zam-error.ts';

/** A list move (`move_to`, `move_higher`, …) on a model that is not an ordered list. */
export class NotAListError extends ZamError {
  readonly code = 'not_a_list' as const;
  readonly model: string;

  constructor(model: string, method: string) {
    super(
      `${model}.${method}: ${model} is not an ordered list. Declare it in Rails (\`acts_as_list scope: :parent\` or ` +
        '`positioned on: :parent`, or give it an integer `position` column and one belongs_to) and run `npm run generate`.',
    );
    this.model = model;
  }
}

/** True when `error` is a {@link NotAListError}: narrows an `unknown` caught value to it. */
export function isNotAListError(error: unknown): error is NotAListError {
  return error instanceof NotAListError;
}
