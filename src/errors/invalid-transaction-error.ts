import {ZamError} from './zam-error.ts';

/** A model write inside a transaction opened on another connection: one transaction is one batch to one server. */
export class InvalidTransactionError extends ZamError {
  readonly code = 'invalid_transaction' as const;
  readonly model: string;

  constructor(model: string) {
    super(
      `${model} is connected to another client than the open transaction: a transaction is one batch on one connection. ` +
        'Write these models in separate transactions, or connect them through the same establishConnection().',
    );
    this.model = model;
  }
}

/** True when `error` is a {@link InvalidTransactionError}: narrows an `unknown` caught value to it. */
export function isInvalidTransactionError(error: unknown): error is InvalidTransactionError {
  return error instanceof InvalidTransactionError;
}
