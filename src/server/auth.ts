import {jwtVerify, SignJWT} from 'jose';
import {AuthError} from '../errors/auth-error.ts';

/** What a verified token says: who (`sub`), until when (`exp`), and which token version it was issued at. */
export interface TokenClaims {
  readonly sub: string;
  /** Expiry, seconds since the epoch. Every accepted token has one. */
  readonly exp: number;
  /** The user's token version when the token was issued (claim `ver`); see `createUserAuth`. */
  readonly tokenVersion?: number | undefined;
}

/** Issues and verifies the HS256 bearer tokens the API server accepts. */
export interface Authenticator {
  /**
   * Issues an HS256 token whose `sub` is the user id, expiring after
   * `expiresIn` (default 30 days), carrying `tokenVersion` as claim `ver`
   * when given (revocation: bump the user's version and older tokens stop working).
   */
  issue(userID: string, options?: {expiresIn?: string; tokenVersion?: number}): Promise<string>;
  /** Verifies `Authorization: Bearer <token>` and returns its claims, or throws AuthError. */
  verifyToken(header: string | null | undefined): Promise<TokenClaims>;
  /** Verifies `Authorization: Bearer <token>` and returns the user id, or throws AuthError. */
  verifyHeader(header: string | null | undefined): Promise<string>;
}

const ISSUER = 'zero-active-models';

/**
 * HS256 JWTs with a shared secret (ZAM_JWT_SECRET). A token must be signed
 * with the secret, come from this issuer, have a subject and an expiry (`exp`;
 * a token that never expires is refused). The user id always comes from a
 * verified token, never from a request body (I7); whether that user exists
 * and may act is the auth hook's question (`createUserAuth`).
 *
 * @example
 * const auth = createAuthenticator(process.env.ZAM_JWT_SECRET!);
 * const token = await auth.issue(user.id, {tokenVersion: user.token_version});
 * const {sub} = await auth.verifyToken(request.headers.get('authorization'));
 */
export function createAuthenticator(secret: string): Authenticator {
  if (secret.length < 32) {
    throw new AuthError(
      'The JWT secret must be at least 32 characters. Set ZAM_JWT_SECRET to a long random string ' +
        '(e.g. `openssl rand -hex 32`).',
    );
  }
  const key = new TextEncoder().encode(secret);
  const verifyToken = async (header: string | null | undefined): Promise<TokenClaims> => {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new AuthError('Missing "Authorization: Bearer <token>" header. Log in to get a token.');
    let payload;
    try {
      ({payload} = await jwtVerify(match[1]!, key, {issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub']}));
    } catch (cause) {
      throw new AuthError('The token is invalid, expired or has no expiry (exp). Log in again.', {cause});
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('The token has no subject (user id).');
    const ver = payload['ver'];
    if (ver !== undefined && (typeof ver !== 'number' || !Number.isInteger(ver))) {
      throw new AuthError('The token has a malformed token version (ver). Log in again.');
    }
    return {sub: payload.sub, exp: payload.exp!, tokenVersion: ver};
  };
  return {
    async issue(userID, options) {
      const claims = options?.tokenVersion === undefined ? {} : {ver: options.tokenVersion};
      return await new SignJWT(claims)
        .setProtectedHeader({alg: 'HS256'})
        .setSubject(userID)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(options?.expiresIn ?? '30d')
        .sign(key);
    },
    verifyToken,
    async verifyHeader(header) {
      return (await verifyToken(header)).sub;
    },
  };
}
