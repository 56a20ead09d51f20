// The chaos suite, bounded (issue 14, §2): simulated devices write on the
// real stack while a seeded scheduler cuts and slows their links, crashes
// them, expires their tokens, switches them to a second zero-cache app,
// kills the API server and zero-cache (their own processes) with SIGKILL and
// restarts PostgreSQL; the history checker (tests/support/chaos/check-history.ts,
// with the replay of the applied batches in check-final-state.ts) must find
// nothing. A second run plants server bugs — idempotency switched off, a
// job's priority change silently lost — and the checker must report the
// duplicates and the state that no sequential replay explains. Longer runs:
// `npm run chaos -- …`.
//
// What it found: on one of three 4 × 500 runs (seed 14) per-device ORDER
// anomalies (a device's #58–#63 applied after its #81). The likely cause,
// fixed in SyncEngine#mayHand: while the replayer waited to resend a batch
// whose outcome was unknown (API server killed mid-push), new writes were
// still handed straight to Zero and reached the server first. Later runs were
// clean; being timing-dependent, the seed does not always replay it.
import {afterAll, expect, test} from 'vitest';
import {FAULT_KINDS, killChaosProcesses, runChaos} from '../support/chaos/chaos-run.ts';

const DEVICES = Number(process.env.CHAOS_DEVICES ?? 4);
const BATCHES = Number(process.env.CHAOS_BATCHES ?? 500);
const SEED = Number(process.env.CHAOS_SEED ?? 14);

// A run its test's timeout cut short never reaches its own cleanup.
afterAll(() => {
  const killed = killChaosProcesses();
  if (killed.length > 0) console.error(`chaos: killed processes a timed-out run left: ${killed.join(', ')}`);
});

test(`${DEVICES} devices × ${BATCHES} batches under every fault kind: no anomaly`, async () => {
  const result = await runChaos({devices: DEVICES, batches: BATCHES, seed: SEED, faultEveryMs: 500});
  console.log(
    `chaos (seed ${SEED}): ${result.batches} batches, ${result.applied} applied, ${result.deadLetters} dead letters, faults ${JSON.stringify(result.faults)}, ${Math.round(result.durationMs / 1000)} s${result.supervisorRestarts.length > 0 ? `; supervisor restarted ${result.supervisorRestarts.join('; ')}` : ''}`,
  );
  expect(result.anomalies).toEqual([]);
  expect(result.batches).toBeGreaterThan(DEVICES * BATCHES * 0.8);
  expect(result.applied + result.deadLetters).toBe(result.batches);
  // Every kind was injected at least once (the seed's schedule covers them all).
  expect(Object.keys(result.faults).sort()).toEqual([...FAULT_KINDS].sort());
}, 600_000);

test('the checker catches planted bugs: with idempotency off, replayed batches show as duplicates; a lost priority change, as a state no replay explains', async () => {
  const result = await runChaos({devices: 2, batches: 60, seed: SEED, faults: ['crash'], faultEveryMs: 400, plant: ['no-idempotency', 'lost-update']});
  console.log(`planted (seed ${SEED}): ${result.anomalies.length} anomalies, faults ${JSON.stringify(result.faults)}: ${result.anomalies.slice(0, 3).map((a) => a.detail).join('; ')}`);
  const kinds = result.anomalies.map((a) => a.kind);
  expect(kinds).toContain('duplicate');
  expect(kinds).toContain('state');
  expect(result.anomalies.filter((a) => a.kind === 'state').map((a) => a.detail)).toContainEqual(expect.stringMatching(/^job .*: priority: replay \d, PostgreSQL \d/));
}, 600_000);
