import {createBuilder, defineMutator, defineMutators, type Schema} from '@rocicorp/zero';
import {ApplicationError, type ServerTransaction} from '@rocicorp/zero/server';
import {applyBatchAuthoritative} from '../apply/apply-batch-authoritative.ts';
import {RejectionSignal} from '../apply/rejection-signal.ts';
import type {WriteCheck} from '../apply/write-check.ts';
import {ALREADY_APPLIED} from '../contract/already-applied.ts';
import type {BatchRejection} from '../errors/batch-rejection.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {Batch, RowValue} from '../contract/batch.ts';
import type {ModelMutator} from '../pipeline/mutator-context.ts';
import {DEFAULT_MUTATORS} from '../pipeline/write-pipeline.ts';
import {batchSchema, MAX_BATCH_BYTES} from '../contract/batch-schema.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import {BATCH_GROUP_MUTATOR_NAME, batchesOfGroup, groupBoundsProblem} from '../contract/batch-group.ts';
import {guardBatchOrThrow} from '../apply/batch-guard.ts';
import {actorNameOf} from './actor-name.ts';
import {claimBatch, isReplay, type BatchClaim} from './batch-claim.ts';
import {batchContentHash} from './batch-content-hash.ts';
import {dbErrorRejection} from './db-error-rejection.ts';
import type {ActingUser, Policies} from './policy/define-policies.ts';
import {checkColumnRules} from './policy/check-column-rules.ts';
import {policyWriteCheck} from './policy/policy-write-check.ts';
import {createPreparedTableWriters, type TableWritersOf} from './prepared-table-writers.ts';
import {createSqlTransactionReader, type AnyQueryBuilder} from './sql-transaction-reader.ts';
import {transactionStatements} from './transaction-statements.ts';

/** Who is writing, as the server knows it: from the verified token and the users table, never from the payload. */
export interface ServerContext {
  /** From the verified token; never from the client's payload. */
  readonly userID: string;
  /** The acting user's record, loaded by the auth hook once per request. */
  readonly user: ActingUser;
  /** Takes deferred models' logs of batch `batchId` (the push handler writes them after the commit). */
  readonly deferLog?: ((batchId: string, row: RowValue) => void) | undefined;
}

/** What the authoritative `zam.batch` mutator needs: models, activity-log config, the write check (policies) and column rules. */
export interface ServerMutatorConfig {
  /** The generated Zero schema: rows are read through it, so they compare with what clients send. */
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** The model mutators (default `DEFAULT_MUTATORS`, as on the device): logs and timestamps are derived with them. */
  readonly mutators?: readonly ModelMutator[] | undefined;
  /**
   * Who may write what (see `definePolicies`; the same set the query endpoint
   * reads with): column rules before the batch touches the database, then
   * each row write's policy against its true before/after rows.
   */
  readonly policies: Policies<never>;
  /** More per-write checks inside the transaction, after the policies. */
  readonly check?: WriteCheck | undefined;
  /** The server's clock (tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The authoritative `zam.batch` mutator. Zero runs it inside one PostgreSQL
 * transaction together with its lastMutationID bump; a throw rolls back every
 * op of the batch. Order inside the transaction:
 *   1. size and shape (zod), 2. table/column/type guard (I7),
 *   2b. the policies' column rules (read-only columns, created_at after create),
 *   3. claim the batch id in zam.applied_batches (I3) — a second claim finds
 *      the row and reports already-applied when it holds the same content from
 *      the same user, batch_id_conflict otherwise. A batch alone in its
 *      transaction does not wait for the claim's answer before its ops (they
 *      go out pipelined behind it); the answer still decides before anything
 *      is reported or committed. A group's batch waits for it (a batch applied
 *      before is skipped while the group goes on),
 *   4. the ops, applied as the authority (`applyBatchAuthoritative`): true
 *      rows read and locked, logs derived from them, validations, locking,
 *      the policies' write checks, the server's clock, the acting user from the token.
 */
export function createServerMutators(config: ServerMutatorConfig) {
  const [namespace, name] = BATCH_MUTATOR_NAME;
  const builder = createBuilder(config.schema) as unknown as AnyQueryBuilder;
  const resolved: ResolvedConfig = {
    ...config,
    builder,
    writers: createPreparedTableWriters(config.schema),
    mutators: config.mutators ?? DEFAULT_MUTATORS,
    now: config.now ?? Date.now,
  };
  return defineMutators({
    [namespace]: {
      [name]: defineMutator(async ({tx, args, ctx}) => {
        await runBatch(tx, args, ctx, resolved, 'throw', new Map());
      }),
      // The replayer's group: several batches in this one transaction, each
      // claimed by its own id; one already applied is skipped, any rejection
      // fails the whole group (the replayer then resends one by one).
      [BATCH_GROUP_MUTATOR_NAME[1]]: defineMutator(async ({tx, args, ctx}) => {
        const batches = batchesOfGroup(args);
        const tooMuch = groupBoundsProblem(batches);
        if (tooMuch !== null) throw rejection({code: 'payload_too_large', message: tooMuch});
        const claimedHere = new Map<string, string>();
        for (const batchArgs of batches) await runBatch(tx, batchArgs, ctx, resolved, 'skip', claimedHere);
      }),
    },
  });
}

type ResolvedConfig = Required<Omit<ServerMutatorConfig, 'check'>> &
  Pick<ServerMutatorConfig, 'check'> & {readonly builder: AnyQueryBuilder; readonly writers: TableWritersOf};

/** One batch inside the current transaction: parse, guard, claim its id, apply its ops. */
async function runBatch(
  tx: {readonly location: string},
  args: unknown,
  ctx: unknown,
  config: ResolvedConfig,
  alreadyApplied: 'throw' | 'skip',
  /** Content hashes of the batch ids this transaction claimed already, by id. */
  claimedHere: Map<string, string>,
): Promise<void> {
  if (tx.location !== 'server') throw new Error('server mutators run on the server only');
  const serverTx = tx as unknown as ServerTransaction<never, unknown>;
  const {userID, user, deferLog} = (ctx ?? {}) as Partial<ServerContext>;
  if (typeof userID !== 'string' || userID === '' || user === undefined) {
    throw new Error('zam.batch ran without an authenticated user in its context');
  }
  const batch = parseBatch(args);
  guardBatchOrThrow(batch, config.models, config.activityLog, rejection);
  const policies = config.policies as unknown as Policies;
  const columnProblem = checkColumnRules(batch, policies, user, config.models);
  if (columnProblem !== null) throw rejection(columnProblem);

  const statements = transactionStatements(serverTx.dbTransaction);
  const hash = batchContentHash(batch);
  const earlier = claimedHere.get(batch.id);
  if (earlier !== undefined) {
    // The same id twice in one transaction (a group): the database row is this transaction's own.
    refuseReusedId({claimed: false, userId: userID, contentHash: earlier}, batch.id, userID, hash);
    return;
  }
  claimedHere.set(batch.id, hash);
  const claim = claimBatch(statements, {id: batch.id, opCount: batch.ops.length}, userID, hash);
  if (alreadyApplied === 'skip') {
    // A group goes on after a batch applied before, so nothing of that batch may run: wait for the claim.
    const found = await claim;
    if (!found.claimed) return refuseReusedId(found, batch.id, userID, hash);
  } else {
    // Alone in its transaction, a batch found applied before rolls back all
    // it did: its ops go out right behind the claim, without waiting for it
    // (pipelined), and the claim decides before anything is reported.
    claim.catch(() => {});
  }

  // The server's clock is read on first use, which for an update or delete is
  // after its row lock: two devices' edits of one row then carry timestamps in
  // the order they were applied (the second waited for the first's lock), so a
  // timeline sorted by created_at chains its before/after values.
  let now: number | undefined;
  let failure: unknown = null;
  try {
    await applyBatchAuthoritative(
      await config.writers(serverTx),
      batch,
      {
        models: config.models,
        activityLog: config.activityLog,
        userID,
        get now() {
          return (now ??= config.now());
        },
        mutators: config.mutators,
        reader: createSqlTransactionReader(serverTx, statements, config.builder),
        check: policyWriteCheck(policies, user, config.check),
        actorName: actorNameOf(user, config),
        deferLog: deferLog === undefined ? undefined : (row) => deferLog(batch.id, row),
      },
      (error, index, op, stage) =>
        error instanceof ApplicationError ? error : rejection({...dbErrorRejection(error, index, op, batch.id), ...(stage === 'log' ? {stage} : {})}),
    );
  } catch (error) {
    failure = error instanceof RejectionSignal ? rejection(error.rejection) : error;
  }
  if (alreadyApplied === 'throw') {
    // The claim's answer comes first (it ran first): an id applied before is
    // reported as such, whatever its ops did this time (they roll back).
    const found = await claim;
    if (!found.claimed) {
      refuseReusedId(found, batch.id, userID, hash);
      throw new ApplicationError(`batch ${batch.id} was already applied`, {
        details: {code: ALREADY_APPLIED, batchId: batch.id},
      });
    }
  }
  if (failure !== null) throw failure;
}

/**
 * A batch id that was applied before is a replay only when the same user sent
 * the same content; anything else reusing the id is refused (never reported
 * as applied, so the new content is not silently dropped).
 */
function refuseReusedId(found: Extract<BatchClaim, {claimed: false}>, batchId: string, userID: string, hash: string): void {
  const verdict = isReplay(found, userID, hash);
  if (verdict === 'replay') return;
  throw rejection({
    code: 'batch_id_conflict',
    batchId,
    message:
      verdict === 'other_content'
        ? `batch id ${batchId} was already applied with other content; a new write needs a new batch id`
        : `batch id ${batchId} was already used by another user; a new write needs a new batch id`,
  });
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
