import {defineMutator, defineMutators} from '@rocicorp/zero';
import {ApplicationError, type ServerTransaction} from '@rocicorp/zero/server';
import {ALREADY_APPLIED} from '../contract/already-applied.ts';
import type {BatchRejection} from '../errors/batch-rejection.ts';
import {applyBatchOps, type TableWriters} from '../apply/apply-batch-ops.ts';
import type {ReadColumn} from '../apply/resolve-log-references.ts';
import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {Batch} from '../contract/batch.ts';
import {batchSchema, MAX_BATCH_BYTES} from '../contract/batch-schema.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import {BATCH_GROUP_MUTATOR_NAME, batchesOfGroup} from '../contract/batch-group.ts';
import {guardBatchOrThrow} from '../apply/batch-guard.ts';
import {dbErrorRejection} from './db-error-rejection.ts';

export interface ServerContext {
  /** From the verified token; never from the client's payload. */
  readonly userID: string;
}

export interface ServerMutatorConfig {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
}

/**
 * The authoritative `zam.batch` mutator. Zero runs it inside one PostgreSQL
 * transaction together with its lastMutationID bump; a throw rolls back every
 * op of the batch. Order inside the transaction:
 *   1. size and shape (zod), 2. table/column/type guard (I7),
 *   3. claim the batch id in zam.applied_batches (I3) — a second claim finds
 *      the row and reports already-applied without writing,
 *   4. the ops, with the acting user forced and log references read here.
 */
export function createServerMutators(config: ServerMutatorConfig) {
  const [namespace, name] = BATCH_MUTATOR_NAME;
  return defineMutators({
    [namespace]: {
      [name]: defineMutator(async ({tx, args, ctx}) => {
        await runBatch(tx, args, ctx, config, 'throw');
      }),
      // The replayer's group: several batches in this one transaction, each
      // claimed by its own id; one already applied is skipped, any rejection
      // fails the whole group (the replayer then resends one by one).
      [BATCH_GROUP_MUTATOR_NAME[1]]: defineMutator(async ({tx, args, ctx}) => {
        for (const batchArgs of batchesOfGroup(args)) await runBatch(tx, batchArgs, ctx, config, 'skip');
      }),
    },
  });
}

/** One batch inside the current transaction: parse, guard, claim its id, apply its ops. */
async function runBatch(
  tx: {readonly location: string},
  args: unknown,
  ctx: unknown,
  config: ServerMutatorConfig,
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

  const read: ReadColumn = async (table, primaryKey, id, column) => {
    const rows = [
      ...(await db.query(`SELECT ${quote(column)} AS v FROM ${quote(table)} WHERE ${quote(primaryKey)} = $1`, [id])),
    ];
    return rows[0] === undefined ? undefined : ((rows[0].v ?? null) as JSONValue);
  };
  await applyBatchOps(
    serverTx.mutate as unknown as TableWriters,
    batch,
    {models: config.models, activityLog: config.activityLog, userID, read},
    (error, index, op) => {
      if (error instanceof ApplicationError) return error;
      return rejection(dbErrorRejection(error, index, op, batch.id));
    },
  );
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
  const details = JSON.parse(JSON.stringify(r)) as Record<string, string | number>;
  return new ApplicationError(r.message, {details});
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
