// `npm run chaos -- --devices 4 --batches 500 --seed 7 [--faults cut,slow,crash,…] [--fault-every-ms 1500] [--stack-log FILE]`:
// a chaos run on the real stack (tests/support/chaos/chaos-run.ts) — simulated
// devices writing while a seeded scheduler cuts and slows links, crashes
// devices, expires their tokens, switches them to a second zero-cache, kills
// the API server and zero-cache with SIGKILL and restarts PostgreSQL; then
// the history checker. Exits 1 on any anomaly; the same seed replays the
// same schedule (the timing of the real processes around it varies).
import {appendFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {FAULT_KINDS, killChaosProcesses, runChaos, type FaultKind} from '../tests/support/chaos/chaos-run.ts';

const {values} = parseArgs({
  options: {
    devices: {type: 'string', default: '4'},
    batches: {type: 'string', default: '500'},
    seed: {type: 'string', default: String(Date.now() % 100_000)},
    faults: {type: 'string', default: FAULT_KINDS.join(',')},
    'fault-every-ms': {type: 'string', default: '1500'},
    // PostgreSQL's and every zero-cache app's output, appended to this file (a post-mortem of a run that failed).
    'stack-log': {type: 'string'},
  },
});
const stackLogFile = values['stack-log'];
const faults = values.faults.split(',').filter(Boolean) as FaultKind[];
for (const fault of faults) {
  if (!FAULT_KINDS.includes(fault)) {
    console.error(`Unknown fault "${fault}"; use ${FAULT_KINDS.join(', ')}.`);
    process.exit(2);
  }
}
// Ctrl-C (or a supervisor's SIGTERM) must not leave PostgreSQL, zero-cache or the API server running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const killed = killChaosProcesses();
    console.error(`chaos: ${signal}; stopped ${killed.length} processes (${killed.join(', ')})`);
    process.exit(130);
  });
}
const result = await runChaos({
  devices: Number(values.devices),
  batches: Number(values.batches),
  seed: Number(values.seed),
  faults,
  faultEveryMs: Number(values['fault-every-ms']),
  log: (line) => console.log(line),
  stackLog: stackLogFile === undefined ? undefined : (line) => appendFileSync(stackLogFile, `${new Date().toISOString()} ${line.endsWith('\n') ? line : `${line}\n`}`),
});
console.log(
  `chaos: ${result.batches} batches (${result.applied} applied, ${result.deadLetters} dead letters), faults ${JSON.stringify(result.faults)}, ${Math.round(result.durationMs / 1000)} s; anomalies: ${result.anomalies.length}`,
);
if (result.supervisorRestarts.length > 0) console.log(`  zero-cache restarted by the supervisor: ${result.supervisorRestarts.join('; ')}`);
// By kind, a few of each: thousands of "lost" batches behind one device that never reconnected must not hide why.
const byKind = Map.groupBy(result.anomalies, (a) => a.kind);
for (const [kind, anomalies] of byKind) {
  console.log(`  ${kind}: ${anomalies.length}`);
  for (const anomaly of anomalies.slice(0, 10)) console.log(`    ${anomaly.detail}`);
}
process.exit(result.anomalies.length === 0 ? 0 : 1);
