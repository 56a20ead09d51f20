import {Zero} from '@rocicorp/zero';
import postgres from 'postgres';
import {ACTIVITY_LOG} from '../../generated/loggable.ts';
import {MODELS} from '../../generated/models.ts';
import {schema} from '../../generated/schema.ts';
import {createWritePipeline} from '../../src/pipeline/write-pipeline.ts';
import type {BatchWrite} from '../../src/sync/batch-write.ts';
import {createZamClient} from '../../src/zero/zam-client.ts';
import {startStack} from '../lib/stack.ts';
import {bareMutators} from './bare-job-mutator.ts';
import {percentile, type BenchRow} from './stats.ts';

/**
 * The write path's cost, one stack, one run: latency from a model create
 * (pipeline + outbox + mutateBatch, then the server's guard, locked reads,
 * derived log and validations) to server confirmation, against the same two
 * inserts as a bare Zero custom mutator (the baseline) and as one direct
 * PostgreSQL transaction (the floor); and a model update against a bare
 * update + log. Rounds alternate (and swap which side goes first) so drift on a shared
 * machine hits both sides alike; the direct floor is timed in its own loop.
 */
export async function benchBackbone(options: {iterations?: number} = {}): Promise<BenchRow[]> {
  const iterations = options.iterations ?? 240;
  const stack = await startStack({extraMutators: [bareMutators]});
  const sql = postgres(stack.databaseUrl, {max: 1, onnotice: () => {}});
  try {
    const userID = crypto.randomUUID();
    const clientId = crypto.randomUUID();
    await sql`insert into users (id, email, name, created_at, updated_at) values (${userID}, 'bench@example.com', 'Bench', now(), now())`;
    await sql`insert into clients (id, name, created_at, updated_at) values (${clientId}, 'Bench client', now(), now())`;
    const auth = await stack.auth.issue(userID, {tokenVersion: 0});
    const zam = createZamClient({cacheURL: stack.cacheURL, userID, auth, schema, models: MODELS, activityLog: ACTIVITY_LOG, kvStore: 'mem'});
    const bare = new Zero({cacheURL: stack.cacheURL, userID, auth, schema, mutators: bareMutators, kvStore: 'mem', logLevel: 'error', storageKey: 'bench-bare'} as never) as unknown as {
      mutate(request: unknown): {server: Promise<{type: string}>};
      close(): Promise<void>;
    };
    const writer = createWritePipeline<BatchWrite>({models: MODELS, activityLog: ACTIVITY_LOG, send: (b) => zam.mutateBatch(b)});

    const viaModel = async () => {
      const {write} = writer.create('jobs', {client_id: clientId, title: 'Bench job'});
      await write.server;
    };
    const viaBare = async () => {
      const now = Date.now();
      const jobId = crypto.randomUUID();
      const result = await bare.mutate(
        bareMutators.bench.jobWithLog({
          job: {id: jobId, client_id: clientId, title: 'Bench job', created_at: now, updated_at: now},
          log: {id: crypto.randomUUID(), user_id: userID, action: 'created', loggable_type: 'Job', loggable_id: jobId, client_id: clientId, job_id: jobId, metadata: {}, created_at: now, updated_at: now},
        } as never),
      ).server;
      if (result.type !== 'success') throw new Error(`bare mutator failed: ${JSON.stringify(result)}`);
    };
    const direct = async () => {
      const jobId = crypto.randomUUID();
      await sql.begin(async (tx) => {
        await tx`insert into jobs (id, client_id, title, created_at, updated_at) values (${jobId}, ${clientId}, 'Bench job', now(), now())`;
        await tx`insert into activity_logs (id, user_id, action, loggable_type, loggable_id, client_id, job_id, metadata, created_at, updated_at)
          values (${crypto.randomUUID()}, ${userID}, 'created', 'Job', ${jobId}, ${clientId}, ${jobId}, '{}', now(), now())`;
      });
    };

    // Updates: one job per path, renamed again and again (each based on the version the last one left).
    const updated = writer.create('jobs', {client_id: clientId, title: 'Bench update 0'});
    await updated.write.server;
    let modelRow: Record<string, string | number | null> = {id: updated.id, client_id: clientId, title: 'Bench update 0', status: 'open', priority: 2, lock_version: 0};
    let modelRound = 0;
    const updateViaModel = async () => {
      const title = `Bench update ${++modelRound}`;
      const write = writer.update('jobs', modelRow as never, {title});
      if (write === null) throw new Error('the bench update changed nothing');
      await write.server;
      modelRow = {...modelRow, title, lock_version: Number(modelRow.lock_version) + 1};
    };
    const bareJobId = crypto.randomUUID();
    await sql`insert into jobs (id, client_id, title, created_at, updated_at) values (${bareJobId}, ${clientId}, 'Bench update 0', now(), now())`;
    let bareRound = 0;
    let bareTitle = 'Bench update 0';
    const updateViaBare = async () => {
      const now = Date.now();
      const title = `Bench update ${++bareRound}`;
      const result = await bare.mutate(
        bareMutators.bench.jobUpdateWithLog({
          job: {id: bareJobId, title, updated_at: now},
          log: {id: crypto.randomUUID(), user_id: userID, action: 'renamed', loggable_type: 'Job', loggable_id: bareJobId, client_id: clientId, job_id: bareJobId, metadata: {changes: {title: [bareTitle, title]}} as never, created_at: now, updated_at: now},
        } as never),
      ).server;
      if (result.type !== 'success') throw new Error(`bare update failed: ${JSON.stringify(result)}`);
      bareTitle = title;
    };

    const runs = {model: [] as number[], bare: [] as number[], direct: [] as number[], modelUpdate: [] as number[], bareUpdate: [] as number[]};
    const time = async (fn: () => Promise<void>, into: number[]) => {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    };
    // Warm-up: connections, JIT, zero-cache's first pushes.
    for (let i = 0; i < 20; i++) {
      await viaModel();
      await viaBare();
      await direct();
      await updateViaModel();
      await updateViaBare();
    }
    // Each pair alternates which side goes first, and the direct transactions
    // run in a loop of their own: a direct commit reaches zero-cache through
    // replication AFTER it is timed, so whatever Zero write came next would pay
    // for that replication (the update on the model side did, at +0.15×).
    for (let i = 0; i < iterations; i++) {
      const pairs: [() => Promise<void>, number[], () => Promise<void>, number[]][] = [
        [viaModel, runs.model, viaBare, runs.bare],
        [updateViaModel, runs.modelUpdate, updateViaBare, runs.bareUpdate],
      ];
      for (const [a, intoA, b, intoB] of pairs) {
        if (i % 2 === 0) {
          await time(a, intoA);
          await time(b, intoB);
        } else {
          await time(b, intoB);
          await time(a, intoA);
        }
      }
    }
    for (let i = 0; i < iterations; i++) await time(direct, runs.direct);
    await zam.close();
    await bare.close();

    const at = (p: number) => ({
      model: percentile(runs.model, p),
      bare: percentile(runs.bare, p),
      direct: percentile(runs.direct, p),
      modelUpdate: percentile(runs.modelUpdate, p),
      bareUpdate: percentile(runs.bareUpdate, p),
    });
    const p50 = at(50);
    const p95 = at(95);
    return [
      {name: 'model create → server confirmed (job + log)', value: `p50 ${p50.model.toFixed(2)} ms, p95 ${p95.model.toFixed(2)} ms (n=${iterations})`},
      {name: 'bare Zero custom mutator (baseline)', value: `p50 ${p50.bare.toFixed(2)} ms, p95 ${p95.bare.toFixed(2)} ms`},
      {name: 'direct PostgreSQL transaction (floor)', value: `p50 ${p50.direct.toFixed(2)} ms, p95 ${p95.direct.toFixed(2)} ms`},
      {name: 'ratio model / bare Zero (target ≤ 1.1×)', value: `p50 ${(p50.model / p50.bare).toFixed(2)}×, p95 ${(p95.model / p95.bare).toFixed(2)}×`},
      {name: 'ratio model / direct PostgreSQL', value: `p50 ${(p50.model / p50.direct).toFixed(1)}×`},
      {name: 'model update → server confirmed (locked read, derived log, validations)', value: `p50 ${p50.modelUpdate.toFixed(2)} ms, p95 ${p95.modelUpdate.toFixed(2)} ms`},
      {name: 'bare Zero update + log (baseline)', value: `p50 ${p50.bareUpdate.toFixed(2)} ms, p95 ${p95.bareUpdate.toFixed(2)} ms`},
      {name: 'ratio model update / bare Zero (target ≤ 1.15×)', value: `p50 ${(p50.modelUpdate / p50.bareUpdate).toFixed(2)}×, p95 ${(p95.modelUpdate / p95.bareUpdate).toFixed(2)}×`},
    ];
  } finally {
    await sql.end();
    await stack.stop();
  }
}
