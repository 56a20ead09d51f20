import type {RowValue} from '../contract/batch.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {BatchRejectionCode} from '../errors/batch-rejection.ts';
import type {WriteKind} from '../pipeline/mutator-context.ts';

/**
 * One row write as the server is about to apply it, after reading the row's
 * true values in the transaction (locked with `SELECT … FOR UPDATE`).
 */
export interface RowWrite {
  readonly kind: WriteKind;
  readonly model: ModelConfig;
  /** Primary-key value of the row. */
  readonly id: string;
  /** The row as it is in PostgreSQL now; null when the write creates it. */
  readonly before: RowValue | null;
  /** The row as it will be; null when the write deletes it. */
  readonly after: RowValue | null;
  /** The columns the client asked to set (before the server adds timestamps and the lock version). */
  readonly columns: readonly string[];
  /** Index of the op in its batch. */
  readonly opIndex: number;
}

/** Why a write is refused: becomes the batch's rejection (the whole batch is rolled back). */
export interface WriteDenial {
  readonly code: BatchRejectionCode;
  readonly message: string;
  readonly column?: string | undefined;
}

/**
 * A check the server runs on every row write of a batch, inside its
 * transaction, before the write: authorization policies plug in here. Return
 * a denial to refuse the batch, null to let the write through.
 */
export type WriteCheck = (write: RowWrite) => WriteDenial | null | Promise<WriteDenial | null>;
