import {isAuthError} from '../../errors/auth-error.ts';
import type {ActingUser} from '../policy/define-policies.ts';
import type {AuthenticateRequest} from '../user-auth.ts';
import {checkJsonContentType, parseJsonBody, readRawBody, type HttpRefusal} from './request-body.ts';

/** Default body limit of the push and query endpoints. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export type Received<U extends ActingUser> =
  | {readonly ok: true; readonly user: U; readonly json: unknown}
  | {readonly ok: false; readonly refusal: HttpRefusal};

/**
 * What every push and query request goes through before its handler runs,
 * in this order: the body is read (bounded, drained when too large — so any
 * refusal keeps the connection usable), the media type must be JSON, the
 * auth hook names the acting user (401 otherwise), and the body must be
 * strict UTF-8 JSON.
 */
export async function receiveJsonRequest<U extends ActingUser>(
  request: Request,
  authenticate: AuthenticateRequest<U>,
  maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<Received<U>> {
  const body = await readRawBody(request, maxBodyBytes);
  if (!body.ok) return body;
  const mediaType = checkJsonContentType(request);
  if (mediaType !== null) return {ok: false, refusal: mediaType};
  let user: U;
  try {
    user = await authenticate(request);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return {ok: false, refusal: {status: 401, error: error.code, message: error.message}};
  }
  const parsed = parseJsonBody(body.bytes);
  if (!parsed.ok) return parsed;
  return {ok: true, user, json: parsed.json};
}
