// Public entry point for the API server side (`zero-active-models/server`).
// Re-exports by name only; internal code never imports this file.
export {createApiServer, listenApiServer} from './api-server.ts';
export type {ApiServer, ApiServerOptions, RunningApiServer} from './api-server.ts';
export {createPushHandler} from './push-handler.ts';
export type {PushHandlerOptions} from './push-handler.ts';
export {createQueryHandler} from './query-handler.ts';
export type {QueryContext, QueryHandlerOptions} from './query-handler.ts';
export {AuthError, isAuthError} from '../errors/auth-error.ts';
export {InvalidPolicyError, isInvalidPolicyError} from '../errors/invalid-policy-error.ts';
export {createAuthenticator} from './auth.ts';
export type {Authenticator, TokenClaims} from './auth.ts';
export {createUserAuth} from './user-auth.ts';
export type {AuthenticateRequest, UserAuthOptions} from './user-auth.ts';
export {allow, definePolicies, deny} from './policy/define-policies.ts';
export type {ActingUser, Policies, PolicyVerdict, ReadRule, TablePolicy} from './policy/define-policies.ts';
export {INFRASTRUCTURE_DDL} from './infrastructure-ddl.ts';
export {ALREADY_APPLIED} from '../contract/already-applied.ts';
export {createServerMutators} from './server-mutators.ts';
export type {ServerContext, ServerMutatorConfig} from './server-mutators.ts';
export {createActivityTracker} from './activity/activity-tracker.ts';
export type {ActivityMetrics, ActivityTracker, ActivityTrackerOptions, TrackActivityOptions} from './activity/activity-tracker.ts';
export type {ActivityEvent, ActivityRow, ActivityStatus} from './activity/activity-event.ts';
export {ActivityQueue} from './activity/activity-queue.ts';
export type {ActivityQueueMetrics, ActivityQueueOptions} from './activity/activity-queue.ts';
export type {SqlRunner} from './activity/insert-activity-rows.ts';
export type {PushObservation} from './push-observation.ts';
export {InvalidActivityOptionError, isInvalidActivityOptionError} from '../errors/invalid-activity-option-error.ts';
