/** An HTTP refusal before any handler logic ran: status plus a JSON body `{error, message}`. */
export interface HttpRefusal {
  readonly status: 400 | 401 | 403 | 413 | 415 | 500;
  readonly error: string;
  readonly message: string;
  /** Ask the client to open a new connection (the rest of its body was not read). */
  readonly close?: boolean | undefined;
}

/** The request body, read in full (never more than the limit) and not yet decoded. */
export type RawBody = {readonly ok: true; readonly bytes: Uint8Array} | {readonly ok: false; readonly refusal: HttpRefusal};

/**
 * How much of an oversized body is read and thrown away before answering 413,
 * so the answer does not break the keep-alive connection other requests share.
 * Beyond it the connection is closed instead.
 */
const DRAIN_FACTOR = 4;
const MIN_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Reads a request body up to `maxBytes`. An oversized body is drained (read
 * and discarded, up to a cap) before the 413, so the client's connection stays
 * usable; an early answer on an unread body would reset it, failing the
 * other pushes that share it. Every refusal of a request goes through here
 * first for the same reason (401, 415 are answered after the body was read).
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<RawBody> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const drainLimit = Math.max(maxBytes * DRAIN_FACTOR, MIN_DRAIN_BYTES);
  if (request.body === null) return {ok: true, bytes: new Uint8Array(0)};
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = Number.isFinite(declared) && declared > maxBytes;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(value);
    if (total > drainLimit) {
      await reader.cancel().catch(() => {});
      return {ok: false, refusal: payloadTooLarge(maxBytes, true)};
    }
  }
  if (tooLarge) return {ok: false, refusal: payloadTooLarge(maxBytes, false)};
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return {ok: true, bytes};
}

function payloadTooLarge(maxBytes: number, close: boolean): HttpRefusal {
  return {
    status: 413,
    error: 'payload_too_large',
    message: `Request body is larger than ${maxBytes} bytes; send smaller batches.`,
    close,
  };
}

/** `application/json`, optionally with `charset=utf-8`; anything else is refused with 415. */
export function checkJsonContentType(request: Request): HttpRefusal | null {
  const header = request.headers.get('content-type') ?? '';
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (type === 'application/json' && (charset === undefined || charset === 'utf-8')) return null;
  return {
    status: 415,
    error: 'unsupported_media_type',
    message: `Send the body as "Content-Type: application/json" (UTF-8), not ${JSON.stringify(header || '(none)')}.`,
  };
}

const UTF8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false});

/**
 * Decodes the body as strict UTF-8 and parses it as JSON. Invalid UTF-8 is
 * refused (400 `invalid_utf8`) instead of being replaced with U+FFFD, which
 * would store text the client never sent; so is a string holding a lone
 * surrogate escape (`"\ud800"`), which PostgreSQL cannot store as text.
 */
export function parseJsonBody(bytes: Uint8Array): {readonly ok: true; readonly json: unknown} | {readonly ok: false; readonly refusal: HttpRefusal} {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return {ok: false, refusal: {status: 400, error: 'invalid_utf8', message: 'The request body is not valid UTF-8.'}};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {ok: false, refusal: {status: 400, error: 'invalid_json', message: `The request body is not JSON: ${(error as Error).message}`}};
  }
  const problem = checkJsonTree(json);
  if (problem === 'too-deep') {
    return {
      ok: false,
      refusal: {status: 400, error: 'invalid_json', message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels; send flatter values.`},
    };
  }
  if (problem === 'lone-surrogate') {
    return {ok: false, refusal: {status: 400, error: 'invalid_utf8', message: 'The request body holds a string with a lone UTF-16 surrogate (\\uD800–\\uDFFF escape).'}};
  }
  return {ok: true, json};
}

/**
 * How deep a request body may nest. A push is ~8 levels down to a column
 * value; JSON columns get the rest. Deeper bodies are refused before any code
 * walks them recursively (a 200,000-deep array overflowed the stack: a 500).
 */
export const MAX_JSON_DEPTH = 128;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Walks the parsed body without recursion (any depth is safe here): too deep, a lone surrogate, or fine. */
function checkJsonTree(root: unknown): 'too-deep' | 'lone-surrogate' | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, depth] = item;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return 'lone-surrogate';
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_JSON_DEPTH) return 'too-deep';
      if (Array.isArray(value)) {
        for (const v of value) stack.push([v, depth + 1]);
      } else {
        for (const [key, v] of Object.entries(value)) {
          if (LONE_SURROGATE.test(key)) return 'lone-surrogate';
          stack.push([v, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

/** The refusal as a Response (JSON body; `Connection: close` when the body was not drained). */
export function refusalResponse(refusal: HttpRefusal): Response {
  const headers: Record<string, string> = {'content-type': 'application/json'};
  if (refusal.close === true) headers.connection = 'close';
  return new Response(JSON.stringify({error: refusal.error, message: refusal.message}), {status: refusal.status, headers});
}
