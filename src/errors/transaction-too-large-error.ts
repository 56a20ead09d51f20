import {ZamError} from './zam-error.ts';

/** A transaction (or relation write) whose one batch would exceed what a batch may hold; nothing was stored or sent. */
export class TransactionTooLargeError extends ZamError {
  readonly code = 'transaction_too_large' as const;
  readonly ops: number;
  readonly bytes: number;

  constructor(ops: number, bytes: number, maxOps: number, maxBytes: number) {
    super(
      `This transaction writes ${ops} ops (${bytes} bytes); one batch holds at most ${maxOps} ops and ${maxBytes} bytes. ` +
        'Nothing was written: split it into smaller transactions (e.g. update_all on fewer rows at a time).',
    );
    this.ops = ops;
    this.bytes = bytes;
  }
}

/** True when `error` is a {@link TransactionTooLargeError}: narrows an `unknown` caught value to it. */
export function isTransactionTooLargeError(error: unknown): error is TransactionTooLargeError {
  return error instanceof TransactionTooLargeError;
}
