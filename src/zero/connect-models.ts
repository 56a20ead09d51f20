import type {Schema} from '@rocicorp/zero';
import type {ModelDeps} from '../record/model-core.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {PreloadStore} from '../contract/preload-registration.ts';
import {IdbPreloadStore} from '../sync/preload/idb-preload-store.ts';
import type {ZamClient} from './zam-client.ts';
import {createModelBatchWriter} from './model-batch-writer.ts';
import type {ModelQueries} from './model-queries.ts';
import {createZeroModelDataSource} from './zero-model-data-source.ts';
import {zeroStorageSignal} from './zero-storage-signal.ts';

/**
 * Where preloads with a TTL are kept across restarts: an IndexedDB database
 * (default name `zam-preloads:<userID>`), or `session` (kept only while the
 * process runs: Node scripts). Without IndexedDB in the environment, `session`.
 */
export type PreloadLocation = {readonly name?: string | undefined} | 'session' | undefined;

/** The generated model queries, models and activity-log config, and where preload registrations are kept. */
export interface ConnectModelsOptions<S extends Schema, C> {
  /** The generated model queries (`defineModelQueries(createBuilder(schema), MODELS)`), registered on the API server too. */
  readonly queries: ModelQueries<S, C>;
  /** Every generated model, keyed by table (`MODELS`). */
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** What model `await`s wait for: the server's complete result (default) or local data only. */
  readonly runType?: 'unknown' | 'complete';
  /** Where `relation.preload({ttl})` registrations survive restarts (see PreloadLocation). */
  readonly preloads?: PreloadLocation;
}

function openPreloadStore(location: PreloadLocation, userID: string): Promise<PreloadStore | undefined> | undefined {
  if (location === 'session' || typeof indexedDB === 'undefined') return undefined;
  // A device that cannot open the database still reads; its preloads last the session.
  return IdbPreloadStore.open(location?.name ?? `zam-preloads:${userID}`).catch(() => undefined);
}

/**
 * Model deps over a connected ZamClient: reads are the named synced queries,
 * writes are one `mutateBatch` per model write (row + activity log), and
 * preloads (`relation.preload({ttl})`) are restored from the device on start.
 * Pass the result to `establishConnection` (generated models) or to
 * `createActiveModel(config, deps)` directly.
 *
 * @example
 * const zam = createZamClient({cacheURL, userID, auth, schema, models: MODELS, activityLog: ACTIVITY_LOG});
 * establishConnection(connectModels(zam, {queries: modelQueries, models: MODELS, activityLog: ACTIVITY_LOG}));
 */
export function connectModels<S extends Schema, C>(client: ZamClient, options: ConnectModelsOptions<S, C>): ModelDeps {
  return {
    source: createZeroModelDataSource(client.zero, options.queries, {
      runType: options.runType,
      overlay: () => client.sync.overlay,
      models: options.models,
      preloadStore: openPreloadStore(options.preloads, client.userID),
      storage: zeroStorageSignal(client.zero),
    }),
    writer: createModelBatchWriter({models: options.models, activityLog: options.activityLog, send: batch => client.mutateBatch(batch)}),
    models: options.models,
    activityLog: options.activityLog,
  };
}
