// Query endpoint with the shipped policies vs without (issue 9), ratios
// measured in one run: the API server's query handler resolving 100 synced
// queries — as one transform request (what zero-cache sends when a client
// group connects) and as 100 one-query requests.
// - policies vs none: the same standard auth hook (token + the acting user
//   loaded from PostgreSQL, active, token version) on both sides; one applies
//   the demo's read policies to every resolved AST, the other serves every
//   query as built. This is the cost of the policies (target ≤ 1.1×).
// - all of issue 9 vs main before it: the standard hook and the policies vs a
//   token-only check and no policies — adds the one user lookup per request.
// The handlers are called in-process (Request → Response), so the HTTP stack
// is not in the ratio; PostgreSQL is real.
import fs from 'node:fs';
import type {AnyQueryRegistry} from '@rocicorp/zero';
import postgres from 'postgres';
import {modelQueries} from '../../generated/queries.ts';
import {schema} from '../../generated/schema.ts';
import {fieldServicePolicies} from '../../src/app/policies.ts';
import {emptyQuerySpec, type QuerySpec} from '../../src/contract/query-spec.ts';
import {createAuthenticator} from '../../src/server/auth.ts';
import {definePolicies} from '../../src/server/policy/define-policies.ts';
import {createQueryHandler} from '../../src/server/query-handler.ts';
import {createUserAuth} from '../../src/server/user-auth.ts';
import {startPostgres} from '../lib/postgres.ts';
import {SCHEMA_SQL_PATH} from '../lib/stack.ts';
import {percentile, type BenchRow} from './stats.ts';

const QUERIES = 100;

/** 100 specs of the kinds the demo and the model layer send (filters, order, limits, includes). */
function specs(userID: string): QuerySpec[] {
  const out: QuerySpec[] = [];
  for (let i = 0; i < QUERIES; i++) {
    switch (i % 5) {
      case 0:
        out.push({...emptyQuerySpec('jobs'), where: [{type: 'simple', column: 'discarded_at', op: 'IS', value: null}], orderBy: [['created_at', 'desc']], includes: [{name: 'client', includes: []}, {name: 'timeline', includes: []}]});
        break;
      case 1:
        out.push({...emptyQuerySpec('users'), orderBy: [['name', 'asc']]});
        break;
      case 2:
        out.push({...emptyQuerySpec('activity_logs'), where: [{type: 'simple', column: 'user_id', op: '=', value: userID}], limit: 50, includes: [{name: 'user', includes: []}]});
        break;
      case 3:
        out.push({...emptyQuerySpec('tasks'), where: [{type: 'simple', column: 'position', op: '>=', value: i}], includes: [{name: 'job', includes: []}]});
        break;
      default:
        out.push({...emptyQuerySpec('clients'), where: [{type: 'simple', column: 'name', op: 'ILIKE', value: `%${i}%`}], includes: [{name: 'jobs', includes: []}]});
    }
  }
  return out;
}

export async function benchQueryPolicies(log: (line: string) => void = () => {}): Promise<readonly BenchRow[]> {
  const pg = await startPostgres({database: 'zam_bench_query'});
  const sql = postgres(pg.url, {max: 4, onnotice: () => {}});
  try {
    await sql.unsafe(fs.readFileSync(SCHEMA_SQL_PATH, 'utf8'));
    const userID = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, created_at, updated_at) values (${userID}, 'bench@example.com', 'Bench Tech', 'technician', now(), now())`;
    const authenticator = createAuthenticator('query-policy-bench-secret-0123456789abcdef');
    const token = `Bearer ${await authenticator.issue(userID, {tokenVersion: 0})}`;
    const queries = [modelQueries as unknown as AnyQueryRegistry];

    const userAuth = createUserAuth({authenticator, sql, activeColumn: 'active', tokenVersionColumn: 'token_version'}) as never;
    const tokenOnly = async (request: Request) => ({id: await authenticator.verifyHeader(request.headers.get('authorization'))});
    const everything = definePolicies(schema, Object.fromEntries(Object.keys(schema.tables).map((table) => [table, {read: () => true}])));
    const withPolicies = createQueryHandler({schema, queries, policies: fieldServicePolicies, authenticate: userAuth});
    const withoutPolicies = createQueryHandler({schema, queries, policies: everything, authenticate: userAuth});
    const beforeIssue = createQueryHandler({schema, queries, policies: everything, authenticate: tokenOnly});
    type Handler = typeof withPolicies;

    const all = specs(userID).map((spec, i) => ({id: `q${i}`, name: `zam.${spec.table}`, args: [spec]}));
    const request = (body: unknown) =>
      new Request('http://127.0.0.1/api/query', {method: 'POST', headers: {'content-type': 'application/json', authorization: token}, body: JSON.stringify(['transform', body])});
    const oneRequest = async (handler: Handler) => {
      const res = await handler(request(all));
      // The endpoint's work ends with the serialised body; parsing it is zero-cache's.
      const text = await res.text();
      if (res.status !== 200 || text.split('"ast":').length !== QUERIES + 1) throw new Error(`query endpoint failed: ${res.status} ${text.slice(0, 300)}`);
    };
    const hundredRequests = async (handler: Handler) => {
      for (const query of all) {
        const res = await handler(request([query]));
        if (res.status !== 200) throw new Error(`query endpoint failed: ${res.status}`);
        await res.arrayBuffer();
      }
    };

    /** p50 of `a` and of `b`, interleaved (alternating which goes first, so neither always runs on a warmer cache). */
    const measure = async (run: (h: Handler) => Promise<void>, a: Handler, b: Handler, rounds: number) => {
      const times: [number[], number[]] = [[], []];
      for (let i = 0; i < 5; i++) {
        await run(a);
        await run(b);
      }
      for (let i = 0; i < rounds; i++) {
        for (const which of i % 2 === 0 ? [0, 1] : [1, 0]) {
          const started = performance.now();
          await run(which === 0 ? a : b);
          times[which]!.push(performance.now() - started);
        }
      }
      return {with: percentile(times[0], 50), without: percentile(times[1], 50)};
    };
    const row = (name: string, r: {with: number; without: number}): BenchRow => ({
      name,
      value: `${(r.with / r.without).toFixed(2)}× p50 (${r.with.toFixed(2)} vs ${r.without.toFixed(2)} ms)`,
    });
    log('query policies: one request of 100 queries');
    const batched = await measure(oneRequest, withPolicies, withoutPolicies, 400);
    const batchedAll = await measure(oneRequest, withPolicies, beforeIssue, 200);
    log('query policies: 100 one-query requests');
    const separate = await measure(hundredRequests, withPolicies, withoutPolicies, 20);
    const separateAll = await measure(hundredRequests, withPolicies, beforeIssue, 20);
    return [
      row('query endpoint, 100 synced queries in one request: policies vs none (target ≤ 1.1×)', batched),
      row('query endpoint, 100 one-query requests: policies vs none', separate),
      row('  all of issue 9 (user loaded from PostgreSQL + policies) vs token only, 100 queries in one request', batchedAll),
      row('  all of issue 9 vs token only, 100 one-query requests (one user lookup each)', separateAll),
    ];
  } finally {
    await sql.end();
    await pg.stop();
  }
}
