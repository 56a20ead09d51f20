// The chaos suite, bounded (issue 14, §2): simulated devices write on the
// real stack while a seeded scheduler cuts their links, crashes them and
// kills the API server (its own process) with SIGKILL; the history checker
// (tests/support/chaos/check-history.ts) must find nothing. A second run
// plants a server bug — idempotency switched off — and the checker must
// report the duplicates it causes. Longer runs: `npm run chaos -- …`.
//
// What it found: on one of three 4 × 500 runs (seed 14) per-device ORDER
// anomalies (a device's #58–#63 applied after its #81). The likely cause,
// fixed in SyncEngine#mayHand: while the replayer waited to resend a batch
// whose outcome was unknown (API server killed mid-push), new writes were
// still handed straight to Zero and reached the server first. Later runs were
// clean; being timing-dependent, the seed does not always replay it.
import {expect, test} from 'vitest';
import {runChaos} from '../support/chaos/chaos-run.ts';

const DEVICES = Number(process.env.CHAOS_DEVICES ?? 4);
const BATCHES = Number(process.env.CHAOS_BATCHES ?? 500);
const SEED = Number(process.env.CHAOS_SEED ?? 14);

test(`${DEVICES} devices × ${BATCHES} batches under link cuts, device crashes and API server kills: no anomaly`, async () => {
  const result = await runChaos({devices: DEVICES, batches: BATCHES, seed: SEED, faultEveryMs: 500});
  console.log(
    `chaos (seed ${SEED}): ${result.batches} batches, ${result.applied} applied, ${result.deadLetters} dead letters, faults ${JSON.stringify(result.faults)}, ${Math.round(result.durationMs / 1000)} s`,
  );
  expect(result.anomalies).toEqual([]);
  expect(result.batches).toBeGreaterThan(DEVICES * BATCHES * 0.8);
  expect(result.applied + result.deadLetters).toBe(result.batches);
  expect(Object.values(result.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}, 600_000);

test('the checker catches a planted bug: with idempotency off, crashed devices replaying applied batches show as duplicates', async () => {
  const result = await runChaos({devices: 2, batches: 60, seed: SEED, faults: ['crash'], faultEveryMs: 400, plant: 'no-idempotency'});
  console.log(`planted (seed ${SEED}): ${result.anomalies.length} anomalies, faults ${JSON.stringify(result.faults)}: ${result.anomalies.slice(0, 3).map((a) => a.detail).join('; ')}`);
  expect(result.anomalies.map((a) => a.kind)).toContain('duplicate');
}, 600_000);
