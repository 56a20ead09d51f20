import {Zero, type Schema} from '@rocicorp/zero';
import type {ActivityLogConfig, ModelConfig} from '../record/model-config.ts';
import type {Batch} from '../sync/batch.ts';
import {toServerOutcome, type BatchWrite, type ZeroMutationResult} from '../sync/mutate-batch-result.ts';
import {BATCH_MUTATOR_NAME} from '../sync/batch-mutator-name.ts';
import {createClientMutators, type ClientContext} from './client-mutators.ts';

export interface ZamClientOptions {
  /** zero-cache URL, e.g. http://127.0.0.1:4848 */
  readonly cacheURL: string;
  readonly userID: string;
  /** JWT for the API server (forwarded by zero-cache). */
  readonly auth: string;
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** 'idb' (default in browsers; fake-indexeddb in Node tests) or 'mem'. */
  readonly kvStore?: 'idb' | 'mem' | undefined;
  readonly storageKey?: string | undefined;
  readonly logLevel?: 'debug' | 'info' | 'error' | undefined;
  /** Passed to Zero: how long writes are still queued while connecting. */
  readonly disconnectTimeoutMs?: number | undefined;
  readonly hiddenTabDisconnectDelay?: number | undefined;
}

/** The Zero client plus this project's single write path. */
export interface ZamClient {
  readonly zero: Zero<Schema>;
  readonly userID: string;
  /** Sends ONE batch as ONE `zam.batch` custom mutation. */
  mutateBatch(batch: Batch): BatchWrite;
  close(): Promise<void>;
}

type BatchMutatorCallable = (batch: Batch) => unknown;

export function createZamClient(options: ZamClientOptions): ZamClient {
  const mutators = createClientMutators({schema: options.schema, models: options.models, activityLog: options.activityLog});
  const context: ClientContext = {userID: options.userID};
  const zero = new Zero({
    cacheURL: options.cacheURL,
    userID: options.userID,
    auth: options.auth,
    schema: options.schema,
    mutators,
    context,
    kvStore: options.kvStore ?? 'idb',
    storageKey: options.storageKey,
    logLevel: options.logLevel ?? 'error',
    disconnectTimeoutMs: options.disconnectTimeoutMs,
    hiddenTabDisconnectDelay: options.hiddenTabDisconnectDelay,
  } as never) as unknown as Zero<Schema>;
  const [namespace, name] = BATCH_MUTATOR_NAME;
  const batchMutator = (mutators as unknown as Record<string, Record<string, BatchMutatorCallable>>)[namespace]![name]!;
  const mutate = zero.mutate as unknown as (request: unknown) => {
    client: Promise<ZeroMutationResult>;
    server: Promise<ZeroMutationResult>;
  };

  return {
    zero,
    userID: options.userID,
    mutateBatch(batch) {
      const result = mutate(batchMutator(batch));
      const client = result.client.then((r) => {
        if (r.type === 'error') throw new Error(`optimistic apply of batch ${batch.id} failed: ${r.error.message}`);
      });
      const server = result.server.then((r) => toServerOutcome(batch.id, r));
      // Callers often await only one of the two; the other must not surface as
      // an unhandled rejection. Awaiting either still sees its error.
      client.catch(() => {});
      server.catch(() => {});
      return {batchId: batch.id, client, server};
    },
    close: () => zero.close(),
  };
}
