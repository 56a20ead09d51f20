import {getMutator as getMutatorOrUndefined, getQuery as getQueryOrUndefined, mustGetMutator, mustGetQuery} from '@rocicorp/zero';

// Zero's registry lookups are typed for one app's schema; this server is
// generic over the app, so it sees them through these minimal shapes.
export type RunnableMutator = {fn(options: {tx: unknown; args: unknown; ctx: unknown}): Promise<void>};
export type RunnableQuery = {fn(options: {args: unknown; ctx: unknown}): unknown};
type Lookup<T> = (registry: unknown, name: string) => T | undefined;

/**
 * Finds `name` in the first registry that has it. An unknown name is the
 * client's mistake: the `must` lookup on the first registry throws Zero's own
 * error naming it.
 */
function findIn<T>(registries: readonly unknown[], name: string, get: Lookup<T>, must: Lookup<T>): T {
  for (const registry of registries) {
    const found = get(registry, name);
    if (found !== undefined) return found;
  }
  return must(registries[0], name)!;
}

/** The custom mutator `name` from the first registry that has it. */
export const findMutator = (registries: readonly unknown[], name: string): RunnableMutator =>
  findIn(registries, name, getMutatorOrUndefined as unknown as Lookup<RunnableMutator>, mustGetMutator as unknown as Lookup<RunnableMutator>);

/** The synced query `name` from the first registry that has it. */
export const findQuery = (registries: readonly unknown[], name: string): RunnableQuery =>
  findIn(registries, name, getQueryOrUndefined as unknown as Lookup<RunnableQuery>, mustGetQuery as unknown as Lookup<RunnableQuery>);
