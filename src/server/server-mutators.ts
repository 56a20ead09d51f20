import {createBuilder, defineMutator, defineMutators, type Schema} from '@rocicorp/zero';
import {ApplicationError, type ServerTransaction} from '@rocicorp/zero/server';
import {applyBatchAuthoritative} from '../apply/apply-batch-authoritative.ts';
import {RejectionSignal} from '../apply/rejection-signal.ts';
import type {TableWriters} from '../apply/table-writers.ts';
import type {WriteCheck} from '../apply/write-check.ts';
import {ALREADY_APPLIED} from '../contract/already-applied.ts';
import type {BatchRejection} from '../errors/batch-rejection.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {Batch} from '../contract/batch.ts';
import type {ModelMutator} from '../pipeline/mutator-context.ts';
import {DEFAULT_MUTATORS} from '../pipeline/write-pipeline.ts';
import {batchSchema, MAX_BATCH_BYTES} from '../contract/batch-schema.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import {BATCH_GROUP_MUTATOR_NAME, batchesOfGroup} from '../contract/batch-group.ts';
import {guardBatchOrThrow} from '../apply/batch-guard.ts';
import {dbErrorRejection} from './db-error-rejection.ts';
import {createSqlTransactionReader, type AnyQueryBuilder} from './sql-transaction-reader.ts';

export interface ServerContext {
  /** From the verified token; never from the client's payload. */
  readonly userID: string;
}

export interface ServerMutatorConfig {
  /** The generated Zero schema: rows are read through it, so they compare with what clients send. */
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** The model mutators (default `DEFAULT_MUTATORS`, as on the device): logs and timestamps are derived with them. */
  readonly mutators?: readonly ModelMutator[] | undefined;
  /** Per-write checks inside the transaction (authorization policies). */
  readonly check?: WriteCheck | undefined;
  /** The server's clock (tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The authoritative `zam.batch` mutator. Zero runs it inside one PostgreSQL
 * transaction together with its lastMutationID bump; a throw rolls back every
 * op of the batch. Order inside the transaction:
 *   1. size and shape (zod), 2. table/column/type guard (I7),
 *   3. claim the batch id in zam.applied_batches (I3) — a second claim finds
 *      the row and reports already-applied without writing,
 *   4. the ops, applied as the authority (`applyBatchAuthoritative`): true
 *      rows read and locked, logs derived from them, validations, locking,
 *      write checks, the server's clock, the acting user from the token.
 */
export function createServerMutators(config: ServerMutatorConfig) {
  const [namespace, name] = BATCH_MUTATOR_NAME;
  const builder = createBuilder(config.schema) as unknown as AnyQueryBuilder;
  const resolved: ResolvedConfig = {...config, builder, mutators: config.mutators ?? DEFAULT_MUTATORS, now: config.now ?? Date.now};
  return defineMutators({
    [namespace]: {
      [name]: defineMutator(async ({tx, args, ctx}) => {
        await runBatch(tx, args, ctx, resolved, 'throw');
      }),
      // The replayer's group: several batches in this one transaction, each
      // claimed by its own id; one already applied is skipped, any rejection
      // fails the whole group (the replayer then resends one by one).
      [BATCH_GROUP_MUTATOR_NAME[1]]: defineMutator(async ({tx, args, ctx}) => {
        for (const batchArgs of batchesOfGroup(args)) await runBatch(tx, batchArgs, ctx, resolved, 'skip');
      }),
    },
  });
}

type ResolvedConfig = Required<Omit<ServerMutatorConfig, 'check'>> & Pick<ServerMutatorConfig, 'check'> & {readonly builder: AnyQueryBuilder};

/** One batch inside the current transaction: parse, guard, claim its id, apply its ops. */
async function runBatch(
  tx: {readonly location: string},
  args: unknown,
  ctx: unknown,
  config: ResolvedConfig,
  alreadyApplied: 'throw' | 'skip',
): Promise<void> {
  if (tx.location !== 'server') throw new Error('server mutators run on the server only');
  const serverTx = tx as unknown as ServerTransaction<never, unknown>;
  const userID = (ctx as ServerContext | undefined)?.userID;
  if (typeof userID !== 'string' || userID === '') {
    throw new Error('zam.batch ran without an authenticated user in its context');
  }
  const batch = parseBatch(args);
  guardBatchOrThrow(batch, config.models, config.activityLog, rejection);

  const db = serverTx.dbTransaction;
  const claimed = [
    ...(await db.query(
      'INSERT INTO zam.applied_batches (batch_id, user_id, op_count) VALUES ($1, $2, $3) ' +
        'ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id',
      [batch.id, userID, batch.ops.length],
    )),
  ];
  if (claimed.length === 0) {
    if (alreadyApplied === 'skip') return;
    throw new ApplicationError(`batch ${batch.id} was already applied`, {
      details: {code: ALREADY_APPLIED, batchId: batch.id},
    });
  }

  try {
    await applyBatchAuthoritative(
      serverTx.mutate as unknown as TableWriters,
      batch,
      {
        models: config.models,
        activityLog: config.activityLog,
        userID,
        now: config.now(),
        mutators: config.mutators,
        reader: createSqlTransactionReader(serverTx, config.builder),
        check: config.check,
      },
      (error, index, op) => (error instanceof ApplicationError ? error : rejection(dbErrorRejection(error, index, op, batch.id))),
    );
  } catch (error) {
    if (error instanceof RejectionSignal) throw rejection(error.rejection);
    throw error;
  }
}

function parseBatch(args: unknown): Batch {
  const size = JSON.stringify(args ?? null).length;
  if (size > MAX_BATCH_BYTES) {
    throw rejection({
      code: 'payload_too_large',
      message: `batch is ${size} bytes; the limit is ${MAX_BATCH_BYTES}. Split the write into smaller batches.`,
    });
  }
  const parsed = batchSchema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const opIndex = issue?.path[0] === 'ops' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    throw rejection({
      code: 'invalid_batch',
      opIndex,
      message: `${issue?.path.join('.') ?? '(batch)'}: ${issue?.message ?? 'malformed batch'}`,
    });
  }
  return parsed.data;
}

/** A refusal as Zero's app error; its details are what the client gets. */
function rejection(r: BatchRejection): ApplicationError {
  // Drop undefined fields: details must be plain JSON.
  const details = JSON.parse(JSON.stringify(r)) as Record<string, never>;
  return new ApplicationError(r.message, {details});
}

