// Public entry point for the API server side (`zero-active-models/server`).
// Re-exports by name only; internal code never imports this file.
export {createApiServer, listenApiServer} from './api-server.ts';
export type {ApiServer, ApiServerOptions, RunningApiServer} from './api-server.ts';
export {AuthError, isAuthError} from '../errors/auth-error.ts';
export {createAuthenticator} from './auth.ts';
export type {Authenticator} from './auth.ts';
export {INFRASTRUCTURE_DDL} from './infrastructure-ddl.ts';
export {ALREADY_APPLIED} from '../contract/already-applied.ts';
export {createServerMutators} from './server-mutators.ts';
export type {ServerContext, ServerMutatorConfig} from './server-mutators.ts';
