import type {QuerySpec} from '../contract/query-spec.ts';
import {ttlMs, ZERO_MAX_TTL_MS, type TTL} from '../contract/ttl.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {ModelDeps} from './model-core.ts';
import type {ModelDataSource} from './model-data-source.ts';
import {PreloadSet} from './preload-set.ts';

/** Session-only preloads of sources that bring none of their own (custom or wrapped sources). */
const fallback = new WeakMap<ModelDataSource, PreloadSet>();

/** The preloads of a connection: its source's own, or session-only ones over its `materialize`. */
export function preloadsOf(deps: ModelDeps, model?: ModelConfig): PreloadSet {
  const source = deps.source;
  if (source.preloads) return source.preloads;
  let set = fallback.get(source);
  if (!set) {
    set = new PreloadSet({materialize: (spec, options) => source.materialize(spec, options), models: deps.models ?? (model ? [model] : [])});
    fallback.set(source, set);
  }
  return set;
}

/**
 * After the last use of a read (a view destroyed, a one-shot read answered)
 * with a TTL longer than Zero keeps a query (10 minutes of connected time),
 * the library keeps it as a preload for that long, so the TTL holds as
 * written — across restarts where the source has a store.
 */
export function keepAfterUse(deps: ModelDeps, spec: QuerySpec, ttl: TTL | null, model?: ModelConfig): void {
  if (ttl === null || ttlMs(ttl) <= ZERO_MAX_TTL_MS) return;
  preloadsOf(deps, model).preload(spec, {ttl});
}
