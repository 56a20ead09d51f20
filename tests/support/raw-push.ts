import type {Batch} from '../../src/contract/batch.ts';
import type {Stack} from '../../scripts/lib/stack.ts';

/** What the push endpoint answered for each mutation of a raw push. */
export interface RawPushResult {
  readonly status: number;
  readonly body: unknown;
  /** `result` of each mutation in the response (Zero's push protocol). */
  readonly results: readonly {readonly error?: string; readonly details?: Record<string, unknown>}[];
}

let sequence = 0;

/**
 * Posts batches straight to the API server's push endpoint, as a hostile
 * client with a valid token would — no Zero client, no client-side guard.
 * Each call uses a fresh client group unless one is given.
 */
export async function rawPush(
  stack: Pick<Stack, 'apiURL'>,
  authorization: string | undefined,
  batches: readonly Batch[],
  options: {readonly mutator?: string; readonly clientGroupID?: string; readonly clientID?: string; readonly firstMutationID?: number} = {},
): Promise<RawPushResult> {
  sequence += 1;
  const now = Date.now();
  const clientID = options.clientID ?? `c-raw-${process.pid}-${sequence}`;
  const first = options.firstMutationID ?? 1;
  const body = {
    clientGroupID: options.clientGroupID ?? `cg-raw-${process.pid}-${sequence}`,
    mutations: batches.map((batch, i) => ({type: 'custom', id: first + i, clientID, name: options.mutator ?? 'zam.batch', timestamp: now, args: [batch]})),
    pushVersion: 1,
    timestamp: now,
    requestID: `r${sequence}`,
  };
  const headers: Record<string, string> = {'content-type': 'application/json'};
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${stack.apiURL}/api/push?schema=zero_0&appID=zero`, {method: 'POST', headers, body: JSON.stringify(body)});
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const mutations = (parsed as {mutations?: {result: RawPushResult['results'][number]}[]} | null)?.mutations ?? [];
  return {status: res.status, body: parsed, results: mutations.map((m) => m.result)};
}
