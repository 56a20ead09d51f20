import type {Schema} from '@rocicorp/zero';
import {CRUDMutatorFactory, type ServerTransaction} from '@rocicorp/zero/server';
import type {TableWriters} from '../apply/table-writers.ts';
import {preparingTransaction} from './transaction-statements.ts';

/** The row writers of one server transaction (see `createPreparedTableWriters`). */
export type TableWritersOf = (tx: ServerTransaction<never, unknown>) => Promise<TableWriters>;

/**
 * Zero's own CRUD (`tx.mutate.<table>` — the same SQL, the same value
 * conversions from the server schema), writing through prepared statements
 * when the transaction is a postgres.js one, Zero's `tx.mutate` otherwise.
 *
 * Why: Zero's postgres.js adapter sends each write unprepared, which
 * postgres.js does in two round trips (Parse/Describe, then Bind/Execute)
 * with nothing else on the wire meanwhile. Prepared, a write is one round
 * trip and the next statement goes out without waiting for it — a row and
 * its log travel together. One factory per mutator set: it builds the
 * per-table SQL generators once and caches the server schema.
 */
export function createPreparedTableWriters(schema: Schema): TableWritersOf {
  const factory = new CRUDMutatorFactory(schema);
  return async (tx) => {
    const prepared = preparingTransaction(tx.dbTransaction);
    if (prepared === null) return tx.mutate as unknown as TableWriters;
    const writing = await factory.createTransaction(prepared, tx.clientID, tx.mutationID);
    return writing.mutate as unknown as TableWriters;
  };
}
