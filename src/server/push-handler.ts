import type {Schema} from '@rocicorp/zero';
import {handleMutateRequest} from '@rocicorp/zero/server';
import {zeroPostgresJS} from '@rocicorp/zero/server/adapters/postgresjs';
import type postgres from 'postgres';
import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import {createClientOwners, pushTargets} from './http/client-owners.ts';
import {receiveJsonRequest} from './http/receive-json-request.ts';
import {refusalResponse} from './http/request-body.ts';
import type {ActingUser, Policies} from './policy/define-policies.ts';
import {findMutator} from './registry-lookup.ts';
import {createServerMutators, type ServerContext} from './server-mutators.ts';
import type {AuthenticateRequest} from './user-auth.ts';
import type {ActivityRow} from './activity/activity-event.ts';
import {batchIdsOf, committedBatchIds, type PushObservation} from './push-observation.ts';

/** What the push handler needs: the database, the generated schema and models, the policies and the auth hook. */
export interface PushHandlerOptions<U extends ActingUser = ActingUser> {
  /** postgres.js client on the application database (the handler never closes it). */
  readonly sql: postgres.Sql;
  readonly schema: Schema;
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog: ActivityLogConfig;
  /** Who may write what; default deny for tables without a policy. */
  readonly policies: Policies<U>;
  /** Request → acting user (loaded from the database), or AuthError. See `createUserAuth`. */
  readonly authenticate: AuthenticateRequest<U>;
  /** More custom-mutator registries to serve besides `zam.*`, looked up after it. */
  readonly extraMutators?: readonly unknown[] | undefined;
  /** Largest request body in bytes (default 4 MiB); larger ones get 413 after being drained. */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Where the logs of `deferred` models go once their batch committed (the
   * batched activity logger's `enqueueRow`). Without it those models log
   * atomically, like every other.
   */
  readonly deferLog?: ((row: ActivityRow) => void) | undefined;
  /** Told about every push that reached Zero's protocol (metrics, server events); must not throw. */
  readonly observe?: ((push: PushObservation<U>) => void) | undefined;
}

/**
 * Zero's push endpoint as a plain `Request → Response` handler, to mount in
 * any server (Hono, express via an adapter, a serverless function). For each
 * request: bounded read, JSON only, the acting user from the auth hook, the
 * client group and clients bound to that user (403 for someone else's),
 * then Zero's push protocol — each mutation in ONE PostgreSQL transaction
 * with the guard, the column rules, the policies and the batch's id claim.
 *
 * @example
 * const push = createPushHandler({sql, schema, models: MODELS, activityLog: ACTIVITY_LOG, policies, authenticate});
 * app.post('/api/push', (c) => push(c.req.raw));
 */
export function createPushHandler<U extends ActingUser>(options: PushHandlerOptions<U>): (request: Request) => Promise<Response> {
  const dbProvider = zeroPostgresJS(options.schema, options.sql);
  const mutators = createServerMutators({
    schema: options.schema,
    models: options.models,
    activityLog: options.activityLog,
    policies: options.policies as unknown as Policies<never>,
  });
  const registries: readonly unknown[] = [mutators, ...(options.extraMutators ?? [])];
  const owners = createClientOwners(options.sql);
  return async (request) => {
    const received = await receiveJsonRequest(request, options.authenticate, options.maxBodyBytes);
    if (!received.ok) return refusalResponse(received.refusal);
    const {user, json} = received;
    const foreign = await owners.claim(user.id, pushTargets(json));
    if (foreign !== null) return refusalResponse(foreign);
    const started = performance.now();
    // Deferred models' logs, per batch id, handed on only for batches whose mutation committed.
    const deferred = new Map<string, ActivityRow[]>();
    const deferLog = options.deferLog;
    const ctx: ServerContext = {
      userID: user.id,
      user,
      ...(deferLog === undefined ? {} : {deferLog: (batchId: string, row: ActivityRow) => deferred.set(batchId, [...(deferred.get(batchId) ?? []), row])}),
    };
    const response = await handleMutateRequest({
      dbProvider,
      userID: user.id,
      query: Object.fromEntries(new URL(request.url).searchParams),
      body: json as never,
      logLevel: 'error',
      handler: (transact) =>
        transact((tx, name, args) => {
          // A retried transaction (serialization failure) derives its logs again.
          for (const batchId of batchIdsOf(args)) deferred.delete(batchId);
          return findMutator(registries, name).fn({tx, args, ctx});
        }),
    });
    if (deferLog !== undefined && deferred.size > 0) {
      for (const batchId of committedBatchIds(json, response)) for (const row of deferred.get(batchId) ?? []) deferLog(row);
    }
    try {
      options.observe?.({user, request, body: json, response, durationMs: performance.now() - started});
    } catch (error) {
      console.error('[api] push observer failed', error);
    }
    return Response.json(response);
  };
}
