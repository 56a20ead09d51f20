import {describe, expect, test} from 'vitest';
import {pushTargets} from './client-owners.ts';
import {checkJsonContentType, MAX_JSON_DEPTH, parseJsonBody, readRawBody} from './request-body.ts';

function streamed(chunks: number, size: number): {request: Request; read: () => number} {
  let read = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (read >= chunks) return controller.close();
      read += 1;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return {request: new Request('http://x/', {method: 'POST', body, duplex: 'half'} as RequestInit), read: () => read};
}

describe('readRawBody', () => {
  test('reads a body within the limit', async () => {
    const body = await readRawBody(new Request('http://x/', {method: 'POST', body: '{"a":1}'}), 100);
    expect(body.ok && new TextDecoder().decode(body.bytes)).toBe('{"a":1}');
  });

  test('drains an oversized body before refusing it (the connection stays usable), up to a cap', async () => {
    const small = streamed(10, 1024);
    expect(await readRawBody(small.request, 4096)).toMatchObject({ok: false, refusal: {status: 413, close: false}});
    expect(small.read()).toBe(10);
    const endless = streamed(1_000_000, 1024 * 1024);
    expect(await readRawBody(endless.request, 1024)).toMatchObject({ok: false, refusal: {status: 413, close: true}});
    expect(endless.read()).toBeLessThan(40);
  });
});

describe('the body must be UTF-8 JSON', () => {
  test.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON; charset="UTF-8"', true],
    ['text/plain', false],
    ['application/json; charset=latin1', false],
    ['', false],
  ])('content-type %j accepted: %s', (type, ok) => {
    const request = new Request('http://x/', {method: 'POST', headers: type ? {'content-type': type} : {}, body: '{}'});
    expect(checkJsonContentType(request) === null).toBe(ok);
  });

  test('invalid UTF-8, lone surrogates (in values and keys) and non-JSON are refused with their own codes', () => {
    expect(parseJsonBody(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toMatchObject({ok: false, refusal: {error: 'invalid_utf8'}});
    const text = (s: string) => new TextEncoder().encode(s);
    expect(parseJsonBody(text('{"a":"\\ud800x"}'))).toMatchObject({ok: false, refusal: {error: 'invalid_utf8'}});
    expect(parseJsonBody(text('{"\\udc00":1}'))).toMatchObject({ok: false, refusal: {error: 'invalid_utf8'}});
    expect(parseJsonBody(text('{"a":"\\ud83d\\ude00"}'))).toEqual({ok: true, json: {a: '😀'}});
    expect(parseJsonBody(text('{"a":'))).toMatchObject({ok: false, refusal: {error: 'invalid_json'}});
  });

  // Found by tests/integration/fuzz-front-door.test.ts: a 200,000-deep array overflowed the recursive check (500).
  test('a body nested deeper than MAX_JSON_DEPTH is refused as invalid_json, without overflowing the stack', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const nested = (depth: number) => text(`{"a":${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}}`);
    expect(parseJsonBody(nested(200_000))).toMatchObject({ok: false, refusal: {status: 400, error: 'invalid_json', message: /nests deeper than 128/}});
    expect(parseJsonBody(text(`{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`))).toMatchObject({ok: true});
    // Within the limit, a lone surrogate deep down is still found.
    expect(parseJsonBody(nested(100))).toMatchObject({ok: false, refusal: {error: 'invalid_utf8'}});
  });
});

test("pushTargets names the push's group and clients, and whatever a cleanup mutation targets", () => {
  expect(
    pushTargets({
      clientGroupID: 'g1',
      mutations: [
        {clientID: 'c1', name: 'zam.batch', args: [{}]},
        {clientID: 'c1', name: '_zero_cleanupResults', args: [{type: 'bulk', clientGroupID: 'g2', clientIDs: ['c2', 'c3']}]},
        {clientID: 'c4', name: '_zero_cleanupResults', args: [{clientGroupID: 'g3', clientID: 'c5', upToMutationID: 3}]},
      ],
    }),
  ).toEqual({groups: ['g1', 'g2', 'g3'], clients: ['c1', 'c2', 'c3', 'c4', 'c5']});
  expect(pushTargets('garbage')).toEqual({groups: [], clients: []});
});
