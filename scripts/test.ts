// `npm test`: every suite, in an order that fails fast and keeps a 2-core
// machine from running two real stacks at once:
//   type check → lint → generated/ up to date → API reference (typedoc: no broken link, no undocumented export) → type tests → unit + DOM → integration (real stack)
//   → package (the packed tarball installed in fresh projects) → e2e (real browser).
// Ends with one plain summary line: "Tests: N passed, M failed".
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const outDir = path.join(root, '.tmp', 'test-results');
fs.rmSync(outDir, {recursive: true, force: true});
fs.mkdirSync(outDir, {recursive: true});

// Every process started during this run inherits this marker through its
// environment (vitest → stack → PostgreSQL, zero-cache and its workers,
// Chromium), even after it has been orphaned — so the leak check below finds
// exactly ours, not another run's on the same machine.
const RUN_MARKER = `ZAM_TEST_RUN=${process.pid}-${Date.now()}`;
process.env.ZAM_TEST_RUN = RUN_MARKER.slice('ZAM_TEST_RUN='.length);

function processesOfThisRun(): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(RUN_MARKER)) continue;
      found.set(Number(entry), fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160));
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures: string[] = [];

function step(name: string, command: string, args: string[], fix: string): boolean {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, {cwd: root, stdio: 'inherit', env: process.env});
  if (result.status !== 0) {
    failures.push(`${name} failed — reproduce with: ${fix}`);
    return false;
  }
  return true;
}

function firstLine(message: string | undefined): string {
  const line = (message ?? '').split('\n').find((l) => l.trim() !== '') ?? '(no message)';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function vitest(project: string): void {
  const json = path.join(outDir, `${project}.json`);
  step(
    `vitest --project ${project}`,
    bin('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    `npx vitest run --project ${project}`,
  );
  if (!fs.existsSync(json)) {
    failed += 1;
    failures.push(`${project}: vitest wrote no results (crashed before running tests)`);
    return;
  }
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: {
      name: string;
      status: string;
      message?: string;
      assertionResults: {fullName: string; status: string; failureMessages: string[]}[];
    }[];
  };
  // CI shows only the tail of the output, so the summary names each failing test and its first
  // error line; otherwise a flaky failure deep in a long log cannot be told from the summary.
  for (const file of report.testResults) {
    const where = path.relative(root, file.name);
    const failing = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failing) failures.push(`${where} › ${a.fullName}\n      ${firstLine(a.failureMessages[0])}`);
    if (failing.length === 0 && file.status === 'failed') failures.push(`${where} (file failed before its tests)\n      ${firstLine(file.message)}`);
  }
  if (report.numTotalTests === 0) {
    failed += 1;
    failures.push(`${project}: no tests ran`);
  }
  if (report.numPendingTests + report.numTodoTests > 0) {
    failed += 1;
    failures.push(`${project}: ${report.numPendingTests + report.numTodoTests} skipped/todo tests (skips do not count as passing)`);
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}

const projects = only.length > 0 ? only : ['check', 'lint', 'generate', 'docs', 'types', 'unit', 'dom', 'integration', 'dom-integration', 'package', 'e2e'];
for (const project of projects) {
  if (project === 'check') {
    if (step('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], 'npm run check')) passed += 1;
    else failed += 1;
    // tsc does not see inside .svelte files (props, snippets, runes): svelte-check does, warnings included.
    if (step('type check of Svelte components (svelte-check)', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'], 'npm run check')) passed += 1;
    else failed += 1;
  } else if (project === 'lint') {
    if (step('lint (eslint: promises, layer order, Zero boundary, Svelte)', bin('eslint'), ['--max-warnings=0', '.'], 'npm run lint')) passed += 1;
    else failed += 1;
  } else if (project === 'docs') {
    if (step('API reference (typedoc: broken links, undocumented exports)', process.execPath, [path.join(root, 'node_modules/typedoc/bin/typedoc')], 'npm run docs')) passed += 1;
    else failed += 1;
  } else if (project === 'generate') {
    if (step('generated/ is up to date', process.execPath, ['scripts/generate.ts', '--check'], 'npm run generate')) passed += 1;
    else failed += 1;
  } else {
    vitest(project);
  }
}

// Every process a test started, it must have stopped.
await new Promise((r) => setTimeout(r, 1000));
const leaked = [...processesOfThisRun()];
if (leaked.length > 0) {
  failed += 1;
  failures.push(`processes left running after the tests:\n${leaked.map(([pid, cmd]) => `      ${pid} ${cmd}`).join('\n')}`);
  for (const [pid] of leaked) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
} else {
  passed += 1;
  console.log('\n✓ no process started by the tests is left running');
}

if (failures.length > 0) {
  console.log('\nFailures:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
