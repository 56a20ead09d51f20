import type postgres from 'postgres';
import type {HttpRefusal} from './request-body.ts';

/** Zero's internal mutation that deletes stored mutation results (it names its targets in its args). */
const CLEANUP_RESULTS = '_zero_cleanupResults';

/** The ids a push touches: its client group, each mutation's client, and whatever a cleanup names. */
export interface PushTargets {
  readonly groups: readonly string[];
  readonly clients: readonly string[];
}

/**
 * Reads the client group and client ids out of a push body (Zero's push
 * protocol). Malformed pieces are ignored here: Zero's own parser refuses
 * the body later.
 */
export function pushTargets(body: unknown): PushTargets {
  const groups = new Set<string>();
  const clients = new Set<string>();
  const push = (body ?? {}) as {clientGroupID?: unknown; mutations?: unknown};
  if (typeof push.clientGroupID === 'string') groups.add(push.clientGroupID);
  for (const m of Array.isArray(push.mutations) ? (push.mutations as unknown[]) : []) {
    const mutation = (m ?? {}) as {clientID?: unknown; name?: unknown; args?: unknown};
    if (typeof mutation.clientID === 'string') clients.add(mutation.clientID);
    if (mutation.name !== CLEANUP_RESULTS || !Array.isArray(mutation.args)) continue;
    // A cleanup deletes the results of the group and clients in its args, not the push's.
    const args = (mutation.args[0] ?? {}) as {clientGroupID?: unknown; clientID?: unknown; clientIDs?: unknown};
    if (typeof args.clientGroupID === 'string') groups.add(args.clientGroupID);
    if (typeof args.clientID === 'string') clients.add(args.clientID);
    if (Array.isArray(args.clientIDs)) for (const id of args.clientIDs) if (typeof id === 'string') clients.add(id);
  }
  return {groups: [...groups], clients: [...clients]};
}

/** Bindings never change once made, so the ones already confirmed need no database round trip. */
const CACHE_LIMIT = 10_000;

export interface ClientOwners {
  /** Binds what `targets` names to `userID` on first use; a refusal (403) when any is bound to somebody else. */
  claim(userID: string, targets: PushTargets): Promise<HttpRefusal | null>;
}

/**
 * Binds each client group and client a push names to the acting user on
 * first use, and refuses (403) a push naming one bound to somebody else —
 * before anything runs, so no mutation id is consumed and no stored result
 * is deleted. Two statements (insert, then check) on purpose: the check's
 * fresh snapshot sees a binding another request committed concurrently.
 * Confirmed bindings are remembered (they are immutable), so a client's
 * later pushes cost no extra round trip.
 */
export function createClientOwners(sql: postgres.Sql): ClientOwners {
  const confirmed = new Map<string, string>();
  return {
    async claim(userID, targets) {
      const kinds: string[] = [];
      const ids: string[] = [];
      const add = (kind: string, id: string) => {
        if (confirmed.get(`${kind}\0${id}`) === userID) return;
        kinds.push(kind);
        ids.push(id);
      };
      for (const id of targets.groups) add('group', id);
      for (const id of targets.clients) add('client', id);
      if (ids.length === 0) return null;
      await sql`insert into zam.client_owners (kind, id, user_id)
        select t.kind, t.id, ${userID}::text from unnest(${kinds}::text[], ${ids}::text[]) as t(kind, id)
        on conflict (kind, id) do nothing`;
      const owners = await sql<{kind: string; id: string; user_id: string}[]>`select kind, id, user_id from zam.client_owners o
        where (o.kind, o.id) in (select * from unnest(${kinds}::text[], ${ids}::text[]))`;
      const foreign = owners.filter((o) => o.user_id !== userID);
      if (foreign.length === 0) {
        if (confirmed.size > CACHE_LIMIT) confirmed.clear();
        for (const o of owners) confirmed.set(`${o.kind}\0${o.id}`, userID);
        return null;
      }
      const what = foreign.map((f) => `${f.kind === 'group' ? 'client group' : 'client'} ${f.id}`).join(', ');
      return {
        status: 403,
        error: 'forbidden',
        message: `${what} belongs to another user; nothing was applied. A Zero client is bound to the user who first used it.`,
      };
    },
  };
}
