// Fuzzing the API server's front door (issue 14, §3): generated requests
// against the push and query endpoints of the real stack — valid batches,
// near-valid ones (one thing wrong), random JSON, oversized and deeply nested
// bodies, unicode edge cases, wrong tokens, malformed query requests. The
// properties, for every request:
//   - never a 5xx (every generated mistake is the client's);
//   - all-or-nothing: a batch is applied with every row and its id in
//     zam.applied_batches, or leaves no row and no id behind; a request
//     refused as a whole leaves every table as it was;
//   - no other user's data in any answer (a planted email);
// and for the run: the server still answers a valid push, RSS bounded.
//
// FUZZ_RUNS (default 1,000: ~1 min on a loaded 2-core machine; 2,000 took 155 s) sets the number of requests, FUZZ_SEED the seed
// (fixed by default, so a failure replays; fast-check prints the shrunk case).
import fc from 'fast-check';
import {SignJWT} from 'jose';
import {beforeAll, describe, expect, test} from 'vitest';
import {emptyQuerySpec, QUERY_SPEC_VERSION} from '../../src/contract/query-spec.ts';
import {BATCH_FORMAT_VERSION, type Batch, type BatchOp} from '../../src/contract/batch.ts';
import {rawPush} from '../support/raw-push.ts';
import {useTestStack} from '../support/test-stack.ts';

const SECRET = 'fuzz-front-door-secret-0123456789abcdef';
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const SEED = Number(process.env.FUZZ_SEED ?? 14);
/** The planted secret: another user's email, which no answer may contain. */
const PLANTED = 'planted-secret-7f3a@example.com';

const t = useTestStack({jwtSecret: SECRET});

let writer: string;
let token: string;
let clientId: string;

beforeAll(async () => {
  writer = await t.createUser(undefined, {role: 'dispatcher'});
  await t.createUser(PLANTED, {role: 'technician'});
  token = await t.token(writer);
  clientId = await t.createClientRow('Fuzz Client');
});

// ---- generators ----

const uuid = fc.uuid({version: 4});
/** Text a person could type: any grapheme, never blank. */
const text = fc.string({unit: 'grapheme', minLength: 1, maxLength: 40}).filter((s) => s.trim().length > 0);
/** The strings that break naive code: NUL, lone surrogates, BOM, RTL marks, combining runs, astral emoji. */
const edgeText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ufeff', '\u202e\u202dabc', 'e\u0301\u0301\u0301', '🧑🏽‍🔧', '\u2028\u2029', ' '),
  fc.string({unit: 'binary', minLength: 1, maxLength: 30}),
);

const clientInsert = (name: fc.Arbitrary<string>) =>
  fc.record({id: uuid, name}).map(({id, name: n}): BatchOp => ({op: 'insert', table: 'clients', value: {id, name: n}}));
const jobInsert = fc
  .record({id: uuid, title: text, priority: fc.integer({min: 0, max: 5})})
  .map(({id, title, priority}): BatchOp => ({op: 'insert', table: 'jobs', value: {id, client_id: clientId, title, priority}}));
const validOp = fc.oneof(clientInsert(text), jobInsert);
const batchOf = (ops: BatchOp[], id: string): Batch => ({v: BATCH_FORMAT_VERSION, id, ops, createdAt: 1_700_000_000_000});

/** One thing wrong in an otherwise valid op. */
const corruptions: readonly [string, (op: BatchOp) => unknown][] = [
  ['unknown table', (op) => ({...op, table: 'secrets'})],
  ['the log table written directly', (op) => ({...op, table: 'activity_logs'})],
  ['unknown column', (op) => ({...op, value: {...(op as {value: object}).value, is_admin: true}})],
  ['wrong type', (op) => ({...op, value: {...(op as {value: object}).value, [op.table === 'jobs' ? 'title' : 'name']: 42}})],
  ['an object for a string', (op) => ({...op, value: {...(op as {value: object}).value, [op.table === 'jobs' ? 'title' : 'name']: {a: 1}}})],
  ['no id', (op) => ({...op, value: {...(op as {value: object}).value, id: undefined}})],
  ['an id that is no uuid', (op) => ({...op, value: {...(op as {value: object}).value, id: 'not-a-uuid'}})],
  ['unknown op', (op) => ({...op, op: 'truncate'})],
  ['no value', (op) => ({op: op.op, table: op.table})],
  ['a foreign key to nothing', () => ({op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: crypto.randomUUID(), title: 'orphan'}})],
  ['a value out of range', () => ({op: 'insert', table: 'jobs', value: {id: crypto.randomUUID(), client_id: clientId, title: 'x', priority: 99}})],
  ['blank required text', (op) => ({...op, value: {...(op as {value: object}).value, [op.table === 'jobs' ? 'title' : 'name']: ''}})],
];
const batchCorruptions: readonly [string, (batch: Batch) => unknown][] = [
  ['format version 99', (b) => ({...b, v: 99})],
  ['no ops', (b) => ({...b, ops: undefined})],
  ['ops not an array', (b) => ({...b, ops: {0: b.ops[0]}})],
  ['an id that is a number', (b) => ({...b, id: 7})],
  ['createdAt a string', (b) => ({...b, createdAt: 'yesterday'})],
];

interface Case {
  readonly kind: string;
  /** Does a 200 with every mutation applied count as right? */
  readonly mayApply: boolean;
  /** Batches whose rows must be all there (applied) or all absent; their ids are renewed before each run (`renewIds`). */
  readonly batches: readonly Batch[];
  send(batches: readonly Batch[]): Promise<Answer>;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly results: readonly {readonly error?: string}[];
}

const validBatch = fc.record({id: uuid, ops: fc.array(validOp, {minLength: 1, maxLength: 4})}).map(({id, ops}) => batchOf(ops, id));

const validCase = fc.array(validBatch, {minLength: 1, maxLength: 3}).map(
  (batches): Case => ({kind: 'valid', mayApply: true, batches, send: (bs) => push(bs)}),
);

const nearValidCase = fc
  .record({
    id: uuid,
    before: fc.array(validOp, {maxLength: 2}),
    target: validOp,
    corruption: fc.integer({min: 0, max: corruptions.length - 1}),
  })
  .map(({id, before, target, corruption}): Case => {
    const [name, corrupt] = corruptions[corruption]!;
    const batch = {...batchOf([...before, target], id), ops: [...before, corrupt(target) as BatchOp]};
    return {kind: `near-valid: ${name}`, mayApply: false, batches: [batch], send: (bs) => push(bs)};
  });

const badBatchCase = fc
  .record({batch: validBatch, corruption: fc.integer({min: 0, max: batchCorruptions.length - 1})})
  .map(({batch, corruption}): Case => {
    const [name, corrupt] = batchCorruptions[corruption]!;
    return {kind: `bad batch: ${name}`, mayApply: false, batches: [batch], send: (bs) => push(bs.map((b) => corrupt(b) as Batch))};
  });

const unicodeCase = fc
  .record({id: uuid, clientRow: uuid, name: edgeText})
  .map(({id, clientRow, name}): Case => {
    const batch = batchOf([{op: 'insert', table: 'clients', value: {id: clientRow, name}}], id);
    return {kind: 'unicode', mayApply: true, batches: [batch], send: (bs) => push(bs)};
  });

const randomJsonCase = fc.oneof(
  fc.jsonValue({maxDepth: 4}).map((json): Case => ({kind: 'random JSON body', mayApply: false, batches: [], send: () => post('/api/push', JSON.stringify(json))})),
  fc.jsonValue({maxDepth: 4}).map((json): Case => ({kind: 'random JSON args', mayApply: false, batches: [], send: () => pushRaw({args: [json]})})),
  fc.string({maxLength: 200}).map((body): Case => ({kind: 'not JSON', mayApply: false, batches: [], send: () => post('/api/push', body)})),
);

const oversizedCase = fc.oneof(
  fc.integer({min: 1_000, max: 200_000}).map((depth): Case => ({
    kind: `nested ${depth} deep`,
    mayApply: false,
    batches: [],
    send: () => post('/api/push', pushBody(`{"v":2,"id":"${crypto.randomUUID()}","createdAt":0,"ops":[{"op":"insert","table":"clients","value":{"id":"${crypto.randomUUID()}","name":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`)),
  })),
  fc.integer({min: 4 * 1024 * 1024 + 1, max: 5 * 1024 * 1024}).map((size): Case => ({
    kind: `body of ${size} bytes`,
    mayApply: false,
    batches: [],
    send: () => post('/api/push', pushBody(JSON.stringify(batchOf([{op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'x'.repeat(size)}}], crypto.randomUUID())))),
  })),
  fc.integer({min: 300, max: 1_000}).map((count): Case => {
    const ops = Array.from({length: count}, (): BatchOp => ({op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'many'}}));
    const batch = batchOf(ops, crypto.randomUUID());
    return {kind: `${count} ops in one batch`, mayApply: true, batches: [batch], send: (bs) => push(bs)};
  }),
);

const badTokenCase = fc
  .record({
    batch: validBatch,
    which: fc.constantFrom('none', 'garbage', 'other secret', 'expired', 'no bearer', 'alg none'),
    garbage: fc.string({maxLength: 60}),
  })
  .map(({batch, which, garbage}): Case => ({
    kind: `token: ${which}`,
    mayApply: false,
    batches: [batch],
    send: async (bs) => push(bs, await badToken(which, garbage)),
  }));

const querySpec = fc.oneof(
  fc.jsonValue({maxDepth: 3}),
  fc.constantFrom('jobs', 'clients', 'users', 'secrets', 'activity_logs').chain((table) =>
    fc.record({
      v: fc.oneof(fc.constant(QUERY_SPEC_VERSION), fc.integer()),
      table: fc.oneof(fc.constant(table), fc.string()),
      where: fc.oneof(fc.constant([]), fc.array(fc.record({column: fc.constantFrom('id', 'email', 'name', 'nope'), op: fc.constantFrom('=', 'LIKE', 'drop'), value: fc.jsonValue({maxDepth: 1})}))),
      limit: fc.oneof(fc.constant(undefined), fc.integer(), fc.double()),
    }).map((spec) => ({...emptyQuerySpec(table), ...spec})),
  ),
);
const queryCase = fc
  .record({name: fc.oneof(fc.constantFrom('zam.jobs', 'zam.users', 'zam.clients', 'zam.nope'), fc.string({maxLength: 20})), spec: querySpec, garbage: fc.boolean()})
  .map(({name, spec, garbage}): Case => ({
    kind: 'query',
    mayApply: false,
    batches: [],
    send: () => post('/api/query', garbage ? JSON.stringify(spec) : JSON.stringify(['transform', [{id: 'q1', name, args: [spec]}]])),
  }));

const anyCase = fc.oneof(
  {arbitrary: validCase, weight: 3},
  {arbitrary: nearValidCase, weight: 4},
  {arbitrary: badBatchCase, weight: 1},
  {arbitrary: unicodeCase, weight: 2},
  {arbitrary: randomJsonCase, weight: 2},
  {arbitrary: oversizedCase, weight: 1},
  {arbitrary: badTokenCase, weight: 1},
  {arbitrary: queryCase, weight: 2},
);

// ---- requests ----

let sequence = 0;
function pushBody(batchJson: string): string {
  sequence += 1;
  return `{"clientGroupID":"cg-fuzz-${sequence}","mutations":[{"type":"custom","id":1,"clientID":"c-fuzz-${sequence}","name":"zam.batch","timestamp":0,"args":[${batchJson}]}],"pushVersion":1,"timestamp":0,"requestID":"r${sequence}"}`;
}

async function pushRaw(mutation: {args: unknown[]}): Promise<Answer> {
  sequence += 1;
  const body = {
    clientGroupID: `cg-fuzz-${sequence}`,
    mutations: [{type: 'custom', id: 1, clientID: `c-fuzz-${sequence}`, name: 'zam.batch', timestamp: 0, ...mutation}],
    pushVersion: 1,
    timestamp: 0,
    requestID: `r${sequence}`,
  };
  return post('/api/push', JSON.stringify(body));
}

/** `authorization`: the header to send; `null` sends none (an explicit undefined would take the default). */
async function push(batches: readonly Batch[], authorization: string | null = `Bearer ${token}`): Promise<Answer> {
  const res = await rawPush(t.stack, authorization ?? undefined, batches);
  return {status: res.status, text: JSON.stringify(res.body), results: res.results};
}

async function post(path: string, body: string): Promise<Answer> {
  const res = await fetch(`${t.stack.apiURL}${path}?schema=zero_0&appID=zero`, {
    method: 'POST',
    headers: {'content-type': 'application/json', authorization: `Bearer ${token}`},
    body,
  });
  const text = await res.text();
  let results: Answer['results'] = [];
  try {
    results = ((JSON.parse(text) as {mutations?: {result: {error?: string}}[]} | null)?.mutations ?? []).map((m) => m.result);
  } catch {
    // not JSON
  }
  return {status: res.status, text, results};
}

async function badToken(which: string, garbage: string): Promise<string | null> {
  const sign = (secret: string, exp: number | string) =>
    new SignJWT({ver: 0})
      .setProtectedHeader({alg: 'HS256'})
      .setSubject(writer)
      .setIssuer('zero-active-models')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(secret));
  switch (which) {
    case 'none':
      return null;
    case 'garbage':
      return `Bearer ${garbage}`;
    case 'other secret':
      return `Bearer ${await sign('another-secret-0123456789abcdef-xyz', '1h')}`;
    case 'expired':
      return `Bearer ${await sign(SECRET, Math.floor(Date.now() / 1000) - 60)}`;
    case 'no bearer':
      return token;
    default: {
      const [, payload] = token.split('.');
      return `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    }
  }
}

// ---- checks ----

const TABLES = ['clients', 'jobs', 'tasks', 'users', 'activity_logs'] as const;

// The server's own events are what a refused request may leave behind (`batch_rejected`, and `offline_replay_finished`,
// written a few seconds after batches that were made long ago — these carry createdAt 0); everything else must be unchanged.
async function counts(): Promise<Record<string, number>> {
  const [row] = await t.sql`select
    (select count(*) from clients)::int as clients, (select count(*) from jobs)::int as jobs,
    (select count(*) from tasks)::int as tasks, (select count(*) from users)::int as users,
    (select count(*) from activity_logs where action not in ('batch_rejected', 'offline_replay_finished'))::int as activity_logs, (select count(*) from zam.applied_batches)::int as applied`;
  return row as Record<string, number>;
}

/** Ids of the rows a batch would insert, by table (only well-formed insert ops with a string id). */
function insertedIds(batch: Batch): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const op of Array.isArray(batch.ops) ? batch.ops : []) {
    if (op.op !== 'insert' || !(TABLES as readonly string[]).includes(op.table) || typeof op.value?.id !== 'string') continue;
    ids.set(op.table, [...(ids.get(op.table) ?? []), op.value.id]);
  }
  return ids;
}

/**
 * The batch with every generated uuid replaced by a fresh one (the same one
 * for the same uuid, so references inside a batch still match): fast-check
 * replays and shrinks cases, and a shrunk id (all zeros) would otherwise name a
 * batch or row an earlier run already wrote. The fixture client keeps its id.
 */
function renewIds(batch: Batch): Batch {
  const renewed = new Map<string, string>([[clientId, clientId]]);
  const json = JSON.stringify(batch).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
    if (!renewed.has(id)) renewed.set(id, crypto.randomUUID());
    return renewed.get(id)!;
  });
  return JSON.parse(json) as Batch;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** All of the batch's rows and its id, or none of them. Returns whether it was applied. */
async function allOrNothing(batch: Batch): Promise<boolean> {
  const [applied] = await t.sql`select count(*)::int as n from zam.applied_batches where batch_id = ${String(batch.id)}`;
  const wasApplied = applied?.n === 1;
  for (const [table, ids] of insertedIds(batch)) {
    const valid = ids.filter((id) => UUID.test(id));
    const [row] = valid.length === 0 ? [{n: 0}] : await t.sql`select count(*)::int as n from ${t.sql(table)} where id = any(${valid}::uuid[])`;
    expect(row?.n, `${table} rows of batch ${batch.id} (applied: ${wasApplied})`).toBe(wasApplied ? ids.length : 0);
  }
  return wasApplied;
}

describe('the front door under generated requests', () => {
  test(
    `${RUNS} generated push and query requests: never 5xx, all or nothing, nothing leaked, still serving`,
    async () => {
      const seen = new Map<string, number>();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      await fc.assert(
        fc.asyncProperty(anyCase, async (c) => {
          seen.set(c.kind.replace(/\d+/g, 'N'), (seen.get(c.kind.replace(/\d+/g, 'N')) ?? 0) + 1);
          const before = c.batches.length === 0 ? await counts() : undefined;
          const batches = c.batches.map(renewIds);
          const answer = await c.send(batches);
          expect(answer.status, `${c.kind}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          expect(answer.text).not.toContain(PLANTED);
          if (before !== undefined) expect(await counts(), c.kind).toEqual(before);
          for (const batch of batches) {
            const applied = await allOrNothing(batch);
            if (applied && !c.mayApply) throw new Error(`${c.kind}: a batch that should be refused was applied`);
          }
          if (c.kind === 'valid') {
            expect(answer.status).toBe(200);
            expect(answer.results.every((r) => r.error === undefined), answer.text.slice(0, 300)).toBe(true);
          }
          if (c.kind.startsWith('token')) expect(answer.status).toBe(401);
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }),
        {numRuns: RUNS, seed: SEED},
      );
      // Still alive and serving.
      const ok = await push([batchOf([{op: 'insert', table: 'clients', value: {id: crypto.randomUUID(), name: 'after the storm'}}], crypto.randomUUID())]);
      expect(ok.status).toBe(200);
      expect(ok.results).toEqual([{}]);
      const rssAfter = process.memoryUsage().rss;
      console.log(
        `fuzz: ${RUNS} requests, seed ${SEED}; RSS ${mb(rssBefore)} → peak ${mb(rssPeak)} → ${mb(rssAfter)} MB; cases ${JSON.stringify(Object.fromEntries(seen))}`,
      );
      // The API server runs in this process: its memory must not grow with the request count.
      expect(rssAfter - rssBefore).toBeLessThan(400 * 1024 * 1024);
    },
    30 * 60_000,
  );
});

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
