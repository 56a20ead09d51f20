import {IdbOutboxStore} from '../outbox/idb-outbox-store.ts';
import {MemoryOutboxStore} from '../outbox/memory-outbox-store.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';

/**
 * Where the outbox lives: an IndexedDB database name (default
 * `zam-outbox:<userID>`), a ready store, or `memory` (pending writes die with
 * the process: Node scripts). Without IndexedDB in the environment the memory
 * store is used.
 */
export type OutboxLocation = {readonly name?: string | undefined} | {readonly store: OutboxStore} | 'memory' | undefined;

/** The IndexedDB database name of the outbox, also the leader-election name. */
export function outboxName(location: OutboxLocation, userID: string): string {
  const named = typeof location === 'object' && 'name' in location ? location.name : undefined;
  return named ?? `zam-outbox:${userID}`;
}

export async function openOutboxStore(location: OutboxLocation, userID: string): Promise<OutboxStore> {
  if (typeof location === 'object' && 'store' in location) return location.store;
  if (location === 'memory' || typeof indexedDB === 'undefined') return new MemoryOutboxStore();
  return IdbOutboxStore.open({name: outboxName(location, userID)});
}
