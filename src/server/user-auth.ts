import type postgres from 'postgres';
import {AuthError} from '../errors/auth-error.ts';
import type {Authenticator} from './auth.ts';
import type {ActingUser} from './policy/define-policies.ts';

/**
 * The auth hook of the push and query handlers: request → the acting user,
 * or AuthError (answered 401, nothing read or written). Bring your own to
 * authenticate with sessions, OIDC, …; it runs once per request.
 */
export type AuthenticateRequest<U extends ActingUser = ActingUser> = (request: Request) => Promise<U>;

/** Where `createUserAuth` loads the acting user from: the authenticator, the database and the users table. */
export interface UserAuthOptions {
  readonly authenticator: Authenticator;
  readonly sql: postgres.Sql;
  /** The users table (default `users`). */
  readonly table?: string | undefined;
  /** Its primary key (default `id`). */
  readonly primaryKey?: string | undefined;
  /** A boolean column that must be true for the user to act (e.g. `active`); none when omitted. */
  readonly activeColumn?: string | undefined;
  /**
   * An integer column the token's `ver` claim must equal (e.g. `token_version`):
   * bumping it revokes every token issued before. When set, a token without
   * `ver` is refused too. None when omitted.
   */
  readonly tokenVersionColumn?: string | undefined;
}

/**
 * The standard auth hook: verifies the bearer token (signature, issuer,
 * subject, expiry), then loads the user's row from the database — once per
 * request — and refuses a subject that does not exist, is not active, or
 * whose token version is not the current one. The loaded row (timestamps as
 * epoch ms) is what policies see as the acting user; the token's claims are
 * never trusted beyond naming the subject.
 *
 * @example
 * const authenticate = createUserAuth({
 *   authenticator: createAuthenticator(process.env.ZAM_JWT_SECRET!),
 *   sql,
 *   activeColumn: 'active',
 *   tokenVersionColumn: 'token_version',
 * });
 * const user = await authenticate(request); // {id, role, active, …}
 */
export function createUserAuth(options: UserAuthOptions): AuthenticateRequest {
  const {sql, authenticator} = options;
  const table = options.table ?? 'users';
  const primaryKey = options.primaryKey ?? 'id';
  return async (request) => {
    const claims = await authenticator.verifyToken(request.headers.get('authorization'));
    let rows: readonly Record<string, unknown>[];
    try {
      rows = await sql`select * from ${sql(table)} where ${sql(primaryKey)} = ${claims.sub} limit 1`;
    } catch (cause) {
      // A subject that is not even a valid key (e.g. not a UUID) names no user.
      if ((cause as {code?: unknown}).code === '22P02') throw new AuthError('The token names no user. Log in again.', {cause});
      throw cause;
    }
    const row = rows[0];
    if (row === undefined) throw new AuthError('The token names no user (deleted?). Log in again.');
    if (options.activeColumn !== undefined && row[options.activeColumn] !== true) {
      throw new AuthError('This account is deactivated. Ask an administrator.');
    }
    if (options.tokenVersionColumn !== undefined) {
      const current = Number(row[options.tokenVersionColumn]);
      if (claims.tokenVersion === undefined || claims.tokenVersion !== current) {
        throw new AuthError('This token was revoked (its token version is not the current one). Log in again.');
      }
    }
    const user: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) user[column] = value instanceof Date ? value.getTime() : value;
    user[primaryKey] = String(row[primaryKey]);
    return {...user, id: String(row[primaryKey])} as ActingUser;
  };
}
