import type {BatchRejection} from '../errors/batch-rejection.ts';
import type {BatchOp} from '../contract/batch.ts';

interface PgErrorLike {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  column_name?: unknown;
  table_name?: unknown;
  message?: unknown;
}

/**
 * Classifies a PostgreSQL error raised by op `opIndex` by its SQLSTATE (never
 * by message text): integrity (23xxx) and data (22xxx) errors are the batch's
 * fault and final; anything else is reported as a server error.
 */
export function dbErrorRejection(error: unknown, opIndex: number, op: BatchOp, batchId: string): BatchRejection {
  const pg = (error ?? {}) as PgErrorLike;
  const sqlstate = typeof pg.code === 'string' ? pg.code : undefined;
  const constraint =
    typeof pg.constraint_name === 'string'
      ? pg.constraint_name
      : typeof pg.constraint === 'string'
        ? pg.constraint
        : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const base = {
    batchId,
    opIndex,
    table: op.table,
    pgCode: sqlstate,
    constraint,
    column: typeof pg.column_name === 'string' ? pg.column_name : undefined,
  };
  if (sqlstate?.startsWith('23')) return {...base, code: 'constraint_violation', message};
  if (sqlstate?.startsWith('22')) return {...base, code: 'invalid_value', message};
  return {...base, code: 'server_error', message};
}
