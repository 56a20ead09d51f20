import type {AnyQueryRegistry, AST, Schema} from '@rocicorp/zero';
import {handleQueryRequest} from '@rocicorp/zero/server';
import {isInvalidPolicyError} from '../errors/invalid-policy-error.ts';
import {receiveJsonRequest} from './http/receive-json-request.ts';
import {refusalResponse} from './http/request-body.ts';
import type {ActingUser, Policies} from './policy/define-policies.ts';
import {readFiltersFor} from './policy/read-filters.ts';
import {astRestrictor} from './policy/restrict-query-ast.ts';
import {findQuery} from './registry-lookup.ts';
import type {AuthenticateRequest} from './user-auth.ts';

/** What the query handler needs: the schema, the synced-query registries, the policies and the auth hook. */
export interface QueryHandlerOptions<U extends ActingUser = ActingUser> {
  readonly schema: Schema;
  /**
   * Synced-query registries the clients use (the generated model queries
   * `zam.*`, the app's own); a name is looked up in each, in order.
   */
  readonly queries: readonly AnyQueryRegistry[];
  /** Who may read what: every resolved query is narrowed to it. */
  readonly policies: Policies<U>;
  /** Request → acting user (loaded from the database), or AuthError. See `createUserAuth`. */
  readonly authenticate: AuthenticateRequest<U>;
  /** Largest request body in bytes (default 4 MiB). */
  readonly maxBodyBytes?: number | undefined;
}

/** The context every synced query's function gets on the server. */
export interface QueryContext<U extends ActingUser = ActingUser> {
  readonly userID: string;
  readonly user: U;
}

/**
 * Zero's query endpoint as a plain `Request → Response` handler. Resolves
 * each named query the way the client defined it (the spec is re-validated
 * by the query itself), then narrows the resolved query — its table, every
 * related subquery and every EXISTS subquery — to the rows the acting user's
 * read policies allow, so zero-cache never syncs a hidden row, through any
 * query. A broken read policy fails that query, never widens it.
 *
 * @example
 * const query = createQueryHandler({schema, queries: [modelQueries], policies, authenticate});
 * app.post('/api/query', (c) => query(c.req.raw));
 */
export function createQueryHandler<U extends ActingUser>(options: QueryHandlerOptions<U>): (request: Request) => Promise<Response> {
  return async (request) => {
    const received = await receiveJsonRequest(request, options.authenticate, options.maxBodyBytes);
    if (!received.ok) return refusalResponse(received.refusal);
    const {user, json} = received;
    const ctx: QueryContext<U> = {userID: user.id, user};
    const response = await handleQueryRequest({
      schema: options.schema,
      userID: user.id,
      query: {},
      body: json as never,
      logLevel: 'error',
      handler: (name, args) => findQuery(options.queries, name).fn({args, ctx}) as never,
    });
    if (Array.isArray(response) || response.kind !== 'QueryResponse') return Response.json(response);
    const restrict = astRestrictor(readFiltersFor(options.policies, user), options.schema);
    const queries = response.queries.map((q) => {
      if (!('ast' in q)) return q;
      try {
        return {...q, ast: restrict(q.ast as AST)};
      } catch (error) {
        if (!isInvalidPolicyError(error)) throw error;
        console.error('[api] read policy failed', error);
        return {error: 'app' as const, id: q.id, name: q.name, message: `the read policy could not be applied: ${error.message}`};
      }
    });
    return Response.json({...response, queries});
  };
}
