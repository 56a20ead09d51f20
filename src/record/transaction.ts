import {ConnectionNotEstablishedError} from '../errors/connection-not-established-error.ts';
import {currentConnection} from './establish-connection.ts';
import type {ModelWriter, ServerOutcome} from './model-writer.ts';
import {openTransaction, runInTransaction, type OpenTransaction} from './transaction-scope.ts';
import type {WriteOperation} from './write-operation.ts';

function noop(): void {}

/**
 * Rails' `ActiveRecord::Base.transaction`: every model write inside `fn` —
 * of any model, each record with its own activity log — goes into ONE batch:
 * one Zero mutation, one PostgreSQL transaction, all or nothing (I4). Inside,
 * writes resolve at once (nothing is stored or sent yet), so records made
 * there can reference each other. When `fn` throws, or a write inside fails
 * its validations (awaited or not), the whole batch is dropped before
 * anything is stored or sent. Resolves with `fn`'s result once the batch is
 * applied locally (and durable in the outbox); `.server` settles with the
 * server's answer for the whole batch. Offline it is queued and replayed as
 * one batch, and rejected as one (every optimistic row goes).
 *
 * A transaction opened inside another joins it (as Rails does by default).
 *
 * @example
 * await transaction(async () => {
 *   const job = await ActiveJob.create({client_id, title: 'Replace boiler'});
 *   await ActiveTask.create({job_id: job.id, title: 'Drain the system'});
 *   await ActiveTask.create({job_id: job.id, title: 'Fit the new boiler'});
 * }).server; // one batch: 3 rows + 3 logs
 */
export function transaction<T>(fn: () => T | Promise<T>, writer?: ModelWriter): WriteOperation<T> {
  const outer = openTransaction();
  if (outer !== null) {
    const joined = runInTransaction(outer, async () => fn());
    return Object.assign(joined, {server: outer.server});
  }
  const connection = writer ?? currentConnection()?.writer;
  if (connection === undefined) {
    const error = new ConnectionNotEstablishedError('transaction');
    const server = Promise.reject(error);
    server.catch(noop);
    return Object.assign(Promise.reject(error) as Promise<T>, {server});
  }
  let settleServer: {resolve: (o: ServerOutcome) => void; reject: (e: unknown) => void} = {resolve: noop, reject: noop};
  const server = new Promise<ServerOutcome>((resolve, reject) => (settleServer = {resolve, reject}));
  server.catch(noop);
  const tx: OpenTransaction = {writer: connection, writes: connection.batch(), server, failure: null, memo: new Map()};
  const fail = (error: unknown): never => {
    tx.writes.rollback(error);
    settleServer.reject(error);
    throw error;
  };
  const run = (async () => {
    let value: T;
    try {
      value = await runInTransaction(tx, async () => fn());
    } catch (error) {
      return fail(error);
    }
    if (tx.failure !== null) return fail(tx.failure.error);
    let committed;
    try {
      committed = tx.writes.commit();
    } catch (error) {
      return fail(error);
    }
    committed.server.then(settleServer.resolve, settleServer.reject);
    await committed.client;
    return value;
  })();
  return Object.assign(run, {server});
}
