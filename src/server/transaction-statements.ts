import type {ServerTransaction} from '@rocicorp/zero/server';

/** A row of a statement's result, by column name. */
export type StatementRow = Readonly<Record<string, unknown>>;

/** Runs the server's own statements (batch claims, locked reads, validations' reads) inside a Zero server transaction. */
export interface TransactionStatements {
  /** Runs `text` with positional parameters (`$1`, …) and resolves with its rows. */
  query(text: string, params: readonly unknown[]): Promise<readonly StatementRow[]>;
}

/** The part of a postgres.js transaction used here (Zero's postgres.js adapter exposes it as `wrappedTransaction`). */
interface PostgresJsUnsafe {
  unsafe(text: string, params: unknown[], options: {prepare: boolean}): Promise<Iterable<StatementRow>>;
}

/**
 * The server's own statements over a Zero server transaction, as named
 * prepared statements when the transaction is a postgres.js one.
 *
 * Why: postgres.js sends a parameterized statement that is not prepared as
 * Parse + Describe, waits for the parameter types, and only then sends Bind +
 * Execute — two round trips — and it sends nothing else on the connection in
 * between. A prepared statement (cached per connection after its first use)
 * is one Bind + Execute: one round trip, and the statements after it go out
 * without waiting for it (pipelined). So a batch's claim travels together
 * with its first locked read or write.
 *
 * A postgres.js client created with `prepare: false` (e.g. behind PgBouncer
 * in transaction mode) keeps that setting: postgres.js only prepares when the
 * client allows it. Other adapters run through Zero's `query`, unchanged.
 */
export function transactionStatements(db: ServerTransaction<never, unknown>['dbTransaction']): TransactionStatements {
  const postgresJs = postgresJsOf(db);
  if (postgresJs !== null) return {query: async (text, params) => [...(await postgresJs.unsafe(text, [...params], {prepare: true}))]};
  return {query: async (text, params) => [...(await db.query(text, [...params]))] as StatementRow[]};
}

/** A Zero server transaction's database transaction (what Zero's CRUD writes through). */
export type DbTransaction = ServerTransaction<never, unknown>['dbTransaction'];

/**
 * The same database transaction with every statement prepared (see
 * `transactionStatements`), for Zero's own CRUD to write through; null when
 * it is not a postgres.js one. Zero's statements take every value as a text
 * parameter with casts in the SQL, so preparing them changes how often they
 * are parsed, never what they do.
 */
export function preparingTransaction(db: DbTransaction): DbTransaction | null {
  const postgresJs = postgresJsOf(db);
  if (postgresJs === null) return null;
  return {
    wrappedTransaction: db.wrappedTransaction,
    query: (text, params) => postgresJs.unsafe(text, params, {prepare: true}),
    runQuery: (ast, format, schema, serverSchema) => db.runQuery(ast, format, schema, serverSchema),
  };
}

function postgresJsOf(db: DbTransaction): PostgresJsUnsafe | null {
  const wrapped = db.wrappedTransaction as Partial<PostgresJsUnsafe> | null | undefined;
  return typeof wrapped?.unsafe === 'function' ? (wrapped as PostgresJsUnsafe) : null;
}
