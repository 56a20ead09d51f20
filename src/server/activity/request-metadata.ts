import type {JSONValue} from '../../contract/model-config.ts';

/** What an event keeps of the request that caused it (in its log's metadata as `request`). */
export interface RequestMetadata {
  /** The peer's address as the socket saw it (never a client-sent header: those are the client's to forge). */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** `x-request-id` when the client sent a well-formed one, else one made here. */
  readonly requestId: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_USER_AGENT = 256;

/** The request's metadata; `ip` comes from the server's connection info (Hono's `getConnInfo`). */
export function requestMetadata(request: Request, ip: string | null | undefined): RequestMetadata {
  const sent = request.headers.get('x-request-id');
  const ua = request.headers.get('user-agent');
  return {
    ip: ip ?? null,
    userAgent: ua === null ? null : ua.slice(0, MAX_USER_AGENT),
    requestId: sent !== null && REQUEST_ID.test(sent) ? sent : crypto.randomUUID(),
  };
}

/** The part of an event's metadata that describes its request. */
export function requestMetadataJson(meta: RequestMetadata): Record<string, JSONValue> {
  return {request: {ip: meta.ip, user_agent: meta.userAgent, id: meta.requestId}};
}
