/** A problem starting or stopping the local stack, with what to do about it. */
export class StackError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = 'StackError';
    this.code = code;
  }
}
