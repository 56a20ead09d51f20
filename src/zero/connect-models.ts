import type {Schema} from '@rocicorp/zero';
import type {ModelDeps} from '../record/model-core.ts';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {ZamClient} from './zam-client.ts';
import {createModelBatchWriter} from './model-batch-writer.ts';
import type {ModelQueries} from './model-queries.ts';
import {createZeroModelDataSource} from './zero-model-data-source.ts';

export interface ConnectModelsOptions<S extends Schema, C> {
  /** The generated model queries (`defineModelQueries(createBuilder(schema), MODELS)`), registered on the API server too. */
  readonly queries: ModelQueries<S, C>;
  /** Every generated model, keyed by table (`MODELS`). */
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** What model `await`s wait for: the server's complete result (default) or local data only. */
  readonly runType?: 'unknown' | 'complete';
}

/**
 * Model deps over a connected ZamClient: reads are the named synced queries,
 * writes are one `mutateBatch` per model write (row + activity log). Pass the
 * result to `establishConnection` (generated models) or to
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
    }),
    writer: createModelBatchWriter({models: options.models, activityLog: options.activityLog, send: batch => client.mutateBatch(batch)}),
    models: options.models,
    activityLog: options.activityLog,
  };
}
