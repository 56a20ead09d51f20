// `npm run chaos -- --devices 4 --batches 500 --seed 7 [--faults cut,crash,api-kill] [--fault-every-ms 1500]`:
// a chaos run on the real stack (tests/support/chaos/chaos-run.ts) — simulated
// devices writing while a seeded scheduler cuts links, crashes devices and
// kills the API server with SIGKILL; then the history checker. Exits 1 on
// any anomaly; the same seed replays the same schedule.
import {parseArgs} from 'node:util';
import {runChaos, type FaultKind} from '../tests/support/chaos/chaos-run.ts';

const {values} = parseArgs({
  options: {
    devices: {type: 'string', default: '4'},
    batches: {type: 'string', default: '500'},
    seed: {type: 'string', default: String(Date.now() % 100_000)},
    faults: {type: 'string', default: 'cut,crash,api-kill'},
    'fault-every-ms': {type: 'string', default: '1500'},
  },
});
const faults = values.faults.split(',').filter(Boolean) as FaultKind[];
for (const fault of faults) {
  if (!['cut', 'crash', 'api-kill'].includes(fault)) {
    console.error(`Unknown fault "${fault}"; use cut, crash, api-kill.`);
    process.exit(2);
  }
}
const result = await runChaos({
  devices: Number(values.devices),
  batches: Number(values.batches),
  seed: Number(values.seed),
  faults,
  faultEveryMs: Number(values['fault-every-ms']),
  log: (line) => console.log(line),
});
console.log(
  `chaos: ${result.batches} batches (${result.applied} applied, ${result.deadLetters} dead letters), faults ${JSON.stringify(result.faults)}, ${Math.round(result.durationMs / 1000)} s; anomalies: ${result.anomalies.length}`,
);
for (const anomaly of result.anomalies.slice(0, 50)) console.log(`  ${anomaly.kind}: ${anomaly.detail}`);
process.exit(result.anomalies.length === 0 ? 0 : 1);
