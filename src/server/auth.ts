import {jwtVerify, SignJWT} from 'jose';
import {AuthError} from '../errors/auth-error.ts';

export interface Authenticator {
  /** Issues an HS256 token whose `sub` is the user id. */
  issue(userID: string, options?: {expiresIn?: string}): Promise<string>;
  /** Verifies `Authorization: Bearer <token>` and returns the user id, or throws AuthError. */
  verifyHeader(header: string | null | undefined): Promise<string>;
}

const ISSUER = 'zero-active-models';

/**
 * HS256 JWTs with a shared secret (ZAM_JWT_SECRET). The user id always comes
 * from a verified token, never from a request body (I7).
 */
export function createAuthenticator(secret: string): Authenticator {
  if (secret.length < 32) {
    throw new AuthError(
      'The JWT secret must be at least 32 characters. Set ZAM_JWT_SECRET to a long random string ' +
        '(e.g. `openssl rand -hex 32`).',
    );
  }
  const key = new TextEncoder().encode(secret);
  return {
    async issue(userID, options) {
      return await new SignJWT({})
        .setProtectedHeader({alg: 'HS256'})
        .setSubject(userID)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(options?.expiresIn ?? '30d')
        .sign(key);
    },
    async verifyHeader(header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!match) throw new AuthError('Missing "Authorization: Bearer <token>" header. Log in to get a token.');
      try {
        const {payload} = await jwtVerify(match[1]!, key, {issuer: ISSUER, algorithms: ['HS256']});
        if (typeof payload.sub !== 'string' || payload.sub === '') {
          throw new AuthError('The token has no subject (user id).');
        }
        return payload.sub;
      } catch (cause) {
        if (cause instanceof AuthError) throw cause;
        throw new AuthError('The token is invalid or expired. Log in again.', {cause});
      }
    },
  };
}
