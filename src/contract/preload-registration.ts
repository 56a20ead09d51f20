import type {QuerySpec} from './query-spec.ts';

/** Bump on any change of the stored shape; older registrations are dropped (they are only a cache hint). */
export const PRELOAD_REGISTRATION_VERSION = 1 as const;

/**
 * A query this device keeps synced across restarts (`relation.preload({ttl})`,
 * or a read with a TTL longer than Zero keeps): the spec, validated again
 * against the current models when it is restored, and when to stop.
 */
export type PreloadRegistration = {
  readonly v: typeof PRELOAD_REGISTRATION_VERSION;
  /** `preloadKey(spec)`: one registration per distinct query. */
  readonly key: string;
  readonly spec: QuerySpec;
  /** Epoch ms after which the query is no longer kept; null: forever (until `cleanup()`). */
  readonly expiresAt: number | null;
};

/** Where registrations live on the device (IndexedDB in browsers, memory in tests). */
export interface PreloadStore {
  /** Every stored registration (validated by the caller; unknown shapes are dropped). */
  load(): Promise<readonly unknown[]>;
  /** Stores or replaces a registration (keyed by its `key`). */
  put(registration: PreloadRegistration): Promise<void>;
  /** Forgets one registration. */
  delete(key: string): Promise<void>;
  /** Releases the store (closes the IndexedDB connection). */
  close(): void;
}

/** The identity of a preloaded query: the spec as JSON (relations serialise their specs in a fixed key order). */
export function preloadKey(spec: QuerySpec): string {
  return JSON.stringify(spec);
}
