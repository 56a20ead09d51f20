import {Zero, type Schema} from '@rocicorp/zero';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {Batch} from '../contract/batch.ts';
import type {BatchWrite} from '../sync/batch-write.ts';
import type {ZeroMutationResult} from './zero-mutation-result.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import {BATCH_GROUP_FORMAT_VERSION, BATCH_GROUP_MUTATOR_NAME, type BatchGroup} from '../contract/batch-group.ts';
import {createClientMutators, type ClientContext} from './client-mutators.ts';
import {SyncEngine, type SyncEngineOptions} from '../sync/engine/sync-engine.ts';
import {ZeroConnectionMonitor} from './zero-connection-monitor.ts';
import {ZeroTransport} from './zero-transport.ts';

/** Zero's offline window, kept out of the way (the outbox is the source of truth): ~11.5 days. */
const FOREVER_MS = 1e9;

/** Where zero-cache is, who the user is, their token, and the sync engine options. */
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
  /** The offline layer: outbox, replay, leader election, needs-auth hook. */
  readonly sync?: SyncEngineOptions | undefined;
}

/** The Zero client plus this project's single write path. */
export interface ZamClient {
  readonly zero: Zero<Schema>;
  readonly userID: string;
  /**
   * Writes ONE batch: appended to the durable outbox first (`client` resolves
   * only after that, I1), then applied optimistically and sent as ONE
   * `zam.batch` custom mutation; replayed from the outbox until the server
   * confirms or rejects it. `server` never rejects with "unknown".
   */
  mutateBatch(batch: Batch): BatchWrite;
  /** Outbox, replay, overlay, status, dead letters, flush. */
  readonly sync: SyncEngine;
  /** Closes the Zero client and the sync engine (the outbox keeps what is pending). */
  close(): Promise<void>;
}

type BatchMutatorCallable = (batch: Batch) => unknown;

/** Creates the Zero client with the library's custom mutators, wired to the durable outbox and its replayer. Pass it to `connectModels`. */
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
    disconnectTimeoutMs: options.disconnectTimeoutMs ?? FOREVER_MS,
    hiddenTabDisconnectDelay: options.hiddenTabDisconnectDelay ?? FOREVER_MS,
  } as never) as unknown as Zero<Schema>;
  const [namespace, name] = BATCH_MUTATOR_NAME;
  const batchMutator = (mutators as unknown as Record<string, Record<string, BatchMutatorCallable>>)[namespace]![name]!;
  const mutate = zero.mutate as unknown as (request: unknown) => {
    client: Promise<ZeroMutationResult>;
    server: Promise<ZeroMutationResult>;
  };

  const connection = new ZeroConnectionMonitor(zero);
  const groupMutator = (mutators as unknown as Record<string, Record<string, (group: BatchGroup) => unknown>>)[namespace]![BATCH_GROUP_MUTATOR_NAME[1]]!;
  const transport = new ZeroTransport({
    mutate: (batch) => mutate(batchMutator(batch)),
    mutateGroup: (batches) => mutate(groupMutator({v: BATCH_GROUP_FORMAT_VERSION, batches})),
    connection,
  });
  const sync = new SyncEngine(
    {userID: options.userID, transport, connection, models: options.models, activityLog: options.activityLog},
    options.sync,
  );

  return {
    zero,
    userID: options.userID,
    sync,
    mutateBatch(batch) {
      const {client, server} = sync.write(batch);
      // Callers often await only one of the two; the other must not surface as
      // an unhandled rejection. Awaiting either still sees its error.
      client.catch(() => {});
      server.catch(() => {});
      return {batchId: batch.id, client, server};
    },
    async close() {
      await sync.close();
      await zero.close();
    },
  };
}
