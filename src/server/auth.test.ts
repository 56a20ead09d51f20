import {describe, expect, test} from 'vitest';
import {AuthError} from '../errors/auth-error.ts';
import {createAuthenticator} from './auth.ts';

const SECRET = 'test-secret-that-is-at-least-32-chars-long';

describe('createAuthenticator', () => {
  test('round-trips the user id through a bearer token', async () => {
    const auth = createAuthenticator(SECRET);
    const token = await auth.issue('user-1');
    await expect(auth.verifyHeader(`Bearer ${token}`)).resolves.toBe('user-1');
  });

  test.each([
    ['no header', undefined],
    ['not bearer', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('rejects %s with AuthError', async (_name, header) => {
    await expect(createAuthenticator(SECRET).verifyHeader(header)).rejects.toBeInstanceOf(AuthError);
  });

  test('rejects a token signed with another secret, and an expired one', async () => {
    const other = await createAuthenticator('another-secret-that-is-at-least-32-chars').issue('user-1');
    await expect(createAuthenticator(SECRET).verifyHeader(`Bearer ${other}`)).rejects.toMatchObject({code: 'unauthorized'});
    const expired = await createAuthenticator(SECRET).issue('user-1', {expiresIn: '-1s'});
    await expect(createAuthenticator(SECRET).verifyHeader(`Bearer ${expired}`)).rejects.toBeInstanceOf(AuthError);
  });

  test('refuses a short secret and says how to make a good one', () => {
    expect(() => createAuthenticator('short')).toThrow(/ZAM_JWT_SECRET/);
  });
});

describe('token claims', () => {
  test('a token must expire; its version travels as `ver`', async () => {
    const {SignJWT} = await import('jose');
    const forever = await new SignJWT({}).setProtectedHeader({alg: 'HS256'}).setSubject('u').setIssuer('zero-active-models').sign(new TextEncoder().encode(SECRET));
    await expect(createAuthenticator(SECRET).verifyToken(`Bearer ${forever}`)).rejects.toThrow(/expir/);
    const auth = createAuthenticator(SECRET);
    const claims = await auth.verifyToken(`Bearer ${await auth.issue('u', {tokenVersion: 3, expiresIn: '1h'})}`);
    expect(claims).toMatchObject({sub: 'u', tokenVersion: 3});
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });
});
