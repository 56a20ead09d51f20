import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {fieldServicePolicies} from '../../src/app/policies.ts';
import {createApiServer, type ApiServer, type ApiServerOptions} from '../../src/server/api-server.ts';
import type {Authenticator} from '../../src/server/auth.ts';
import type {Policies} from '../../src/server/policy/define-policies.ts';

export interface StackApiServerOptions {
  readonly databaseUrl: string;
  readonly auth: Authenticator;
  /** The models the server applies (default: the demo's generated ones). */
  readonly models?: ApiServerOptions['models'] | undefined;
  readonly activity?: ApiServerOptions['activity'] | undefined;
  readonly policies?: Policies<never> | undefined;
  readonly devLogin?: boolean | undefined;
  readonly extraMutators?: readonly unknown[] | undefined;
}

/** The demo's API server as the stack runs it (in process, or in its own process: `api-server-process.ts`). */
export function createStackApiServer(options: StackApiServerOptions): ApiServer {
  return createApiServer({
    databaseUrl: options.databaseUrl,
    auth: options.auth,
    schema,
    models: options.models ?? MODELS,
    activityLog: ACTIVITY_LOG,
    activity: options.activity,
    queries: [modelQueries],
    policies: options.policies ?? fieldServicePolicies,
    // The acting user: an existing, active users row whose token_version the token carries.
    users: {table: 'users', activeColumn: 'active', tokenVersionColumn: 'token_version'},
    devLogin: options.devLogin === true ? {usersTable: 'users', emailColumn: 'email'} : undefined,
    extraMutators: options.extraMutators,
  });
}
