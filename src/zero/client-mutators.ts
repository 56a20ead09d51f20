import {ApplicationError, createBuilder, defineMutator, defineMutators, type Schema, type Transaction} from '@rocicorp/zero';
import {guardBatchOrThrow} from '../apply/batch-guard.ts';
import {applyBatchOptimistic} from '../apply/apply-batch-optimistic.ts';
import type {TableWriters} from '../apply/table-writers.ts';
import type {ReadColumn} from '../apply/resolve-log-references.ts';
import type {ActivityLogConfig, JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {Batch} from '../contract/batch.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import {BATCH_GROUP_MUTATOR_NAME, batchesOfGroup} from '../contract/batch-group.ts';

export interface ClientContext {
  readonly userID: string;
}

export interface ClientMutatorConfig {
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
}

type AnyQueryBuilder = Record<
  string,
  {where(column: string, value: JSONValue): {one(): unknown}}
>;

/**
 * The optimistic `zam.batch` mutator: applies the batch to Zero's local store
 * the same way the server will (shared `applyBatchOptimistic`), so the UI shows the
 * final rows — including the activity log and its resolved references — at
 * once. Deterministic: everything comes from the batch and the local store.
 */
export function createClientMutators(config: ClientMutatorConfig) {
  const [namespace, name] = BATCH_MUTATOR_NAME;
  const query = createBuilder(config.schema) as unknown as AnyQueryBuilder;
  const applyOptimistically = async (tx: unknown, args: unknown, ctx: unknown): Promise<void> => {
    const clientTx = tx as unknown as Transaction;
    const batch = args as unknown as Batch;
    // The same guard as the server's: a batch the server would refuse for
    // its shape is refused here too, with the same structured details, and
    // never touches the local store.
    guardBatchOrThrow(batch, config.models, config.activityLog, (r) => new ApplicationError(r.message, {details: JSON.parse(JSON.stringify(r)) as never}));
    const userID = (ctx as ClientContext | undefined)?.userID ?? '';
    const read: ReadColumn = async (table, primaryKey, id, column) => {
      const builder = query[table];
      if (builder === undefined) return undefined;
      const row = (await clientTx.run(builder.where(primaryKey, id).one() as never)) as
        | Record<string, JSONValue>
        | undefined;
      return row?.[column];
    };
    const matching = async (table: string, column: string, value: JSONValue): Promise<readonly JSONValue[]> => {
      const builder = query[table] as unknown as {where(c: string, v: unknown): unknown} | undefined;
      const primaryKey = config.models[table]?.primaryKey;
      if (builder === undefined || primaryKey === undefined) return [];
      const rows = (await clientTx.run(builder.where(column, value) as never)) as readonly Record<string, JSONValue>[];
      return rows.map((row) => row[primaryKey] ?? null);
    };
    await applyBatchOptimistic(clientTx.mutate as unknown as TableWriters, batch, {
      models: config.models,
      activityLog: config.activityLog,
      userID,
      read,
      matching,
    });
  };
  return defineMutators({
    [namespace]: {
      [name]: defineMutator(async ({tx, args, ctx}) => {
        await applyOptimistically(tx, args, ctx);
      }),
      // The replayer's group (see src/contract/batch-group.ts): each batch applied in order.
      [BATCH_GROUP_MUTATOR_NAME[1]]: defineMutator(async ({tx, args, ctx}) => {
        for (const batchArgs of batchesOfGroup(args)) await applyOptimistically(tx, batchArgs, ctx);
      }),
    },
  });
}
