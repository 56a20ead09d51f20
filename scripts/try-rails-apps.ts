// `node scripts/try-rails-apps.ts <apps dir> [app …] [--reasons] [--skips=<category>] [--counts-only]`: the generator on the real Rails apps of
// /work/shared/RAILS-APPS.md, as a new user runs it (no --allow-unknown-classes). Per app: generate,
// type-check the output strictly (tsc, the flags of tests/generator/typecheck.test.ts), apply its
// schema.sql to an embedded PostgreSQL, and print tables / associations / scopes / validations
// translated vs skipped, with totals. Not part of `npm test`: the apps are not in this repository.
//
// <apps dir> holds one directory per app (named as in RAILS-APPS.md) with at least db/schema.rb,
// app/models and config/initializers, e.g. from a clone at the listed commit:
//   git --git-dir=<clone>/.git archive <commit> db/schema.rb app/models config/initializers | tar -x -C <apps dir>/<name>
// Exit code 1 when any app fails to generate, type-check or apply.
// `--reasons`: the five commonest scope/validation skip reasons per app. `--skips=<category>`: every skip of that
// category (app, subject, file:line, reason), for finding what to translate next. `--counts-only`: generate and
// count, without the type-check and the DDL (a quick measure while working; the full run is the one to report).
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import postgres from 'postgres';
import {generate} from '../src/generator/generate.ts';
import {isGeneratorError} from '../src/generator/errors/generator-error.ts';
import {UnknownClassError} from '../src/generator/errors/unknown-class-error.ts';
import type {ReportCategory} from '../src/generator/report.ts';
import {startPostgres} from './lib/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Inside the package, so the output's `import … from 'zero-active-models'` resolves (self-reference). */
const OUT = path.join(ROOT, 'node_modules/.cache/try-rails-apps');
const CATEGORIES: readonly ReportCategory[] = ['tables', 'associations', 'scopes', 'validations'];
const TSC_FLAGS = [
  '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--verbatimModuleSyntax', '--erasableSyntaxOnly',
  '--allowImportingTsExtensions', '--isolatedModules', '--skipLibCheck', '--target', 'ES2023', '--module', 'ESNext',
  '--moduleResolution', 'Bundler', '--customConditions', 'zam-source', '--lib', 'ES2023,DOM', '--types', 'node',
];

interface AppResult {
  readonly name: string;
  counts?: Record<ReportCategory, {translated: number; skipped: number; notApplicable: number}>;
  error?: string;
  /** The class an unknown-class error named; the counts are then from a run with --allow-unknown-classes. */
  unknownClass?: string;
  tsc?: string;
  ddl?: string;
  topReasons?: string[];
}

const [appsDir, ...only] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const listSkips = process.argv.find((a) => a.startsWith('--skips='))?.slice('--skips='.length);
const countsOnly = process.argv.includes('--counts-only');
const allSkips: string[] = [];
if (appsDir === undefined || !existsSync(appsDir)) {
  console.error('usage: node scripts/try-rails-apps.ts <apps dir> [app …]   (one directory per Rails app; see the header)');
  process.exit(2);
}
const names = (only.length > 0 ? only : readdirSync(appsDir, {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => e.name)).sort();
rmSync(OUT, {recursive: true, force: true});

const results: AppResult[] = [];
for (const name of names) {
  const result: AppResult = {name};
  results.push(result);
  try {
    let generated;
    try {
      generated = await generate({root: path.join(appsDir, name), label: name});
    } catch (error) {
      // A real reference to a gem's class: the error must name it and the flag; then count
      // the rest with the flag, as the user would run it next.
      if (!(error instanceof UnknownClassError)) throw error;
      result.unknownClass = `${error.className} (${error.file}:${error.line})`;
      generated = await generate({root: path.join(appsDir, name), label: name, allowUnknownClasses: true});
    }
    result.counts = generated.report.counts();
    const reasons = new Map<string, number>();
    for (const s of generated.report.skipped) {
      if (s.category !== 'scopes' && s.category !== 'validations') continue;
      const key = `${s.category}: ${s.reason.replace(/`[^`]*`/g, '`…`').replace(/"[^"]*"/g, '"…"')}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    if (listSkips !== undefined) {
      for (const s of generated.report.skipped) if (s.category === listSkips) allSkips.push(`${name}\t${s.subject}\t${s.file}:${s.line}\t${s.reason}`);
    }
    result.topReasons = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([r, n]) => `${n} × ${r}`);
    for (const f of generated.files) {
      const target = path.join(OUT, name, f.path);
      mkdirSync(path.dirname(target), {recursive: true});
      writeFileSync(target, f.content);
    }
  } catch (error) {
    if (!isGeneratorError(error)) throw error;
    result.error = `${error.code}: ${error.message}`;
  }
}

// One tsc run over every app's output (a start per app costs more than the checking).
const generatedApps = results.filter((r) => r.error === undefined);
const tsFiles = generatedApps.flatMap((r) =>
  readdirSync(path.join(OUT, r.name), {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name)),
);
if (tsFiles.length > 0 && !countsOnly) {
  let output = '';
  try {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), ...TSC_FLAGS, ...tsFiles], {cwd: ROOT, maxBuffer: 64 << 20});
  } catch (error) {
    output = String((error as {stdout?: string}).stdout ?? error);
  }
  for (const r of generatedApps) {
    const prefix = path.relative(ROOT, path.join(OUT, r.name)) + path.sep;
    const lines = output.split('\n').filter((l) => l.startsWith(prefix));
    r.tsc = lines.length === 0 ? 'ok' : `${lines.length} error(s), first: ${lines[0]!.slice(prefix.length)}`;
  }
}

if (!countsOnly) {
  const pg = await startPostgres({database: 'zam_try_rails_apps'});
  try {
    const admin = postgres(pg.url, {max: 1, onnotice: () => {}});
    for (const r of generatedApps) {
      const db = `try_${r.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
      await admin.unsafe(`drop database if exists "${db}"`);
      await admin.unsafe(`create database "${db}"`);
      const url = new URL(pg.url);
      url.pathname = `/${db}`;
      const sql = postgres(url.toString(), {max: 1, onnotice: () => {}});
      try {
        await sql.file(path.join(OUT, r.name, 'schema.sql'));
        r.ddl = 'ok';
      } catch (error) {
        r.ddl = `failed: ${(error as Error).message}`;
      } finally {
        await sql.end();
      }
    }
    await admin.end();
  } finally {
    await pg.stop();
  }
}

type Count = {translated: number; skipped: number; notApplicable: number};
// Not applicable (validations of columns withheld from sync) is its own number: neither translated nor skipped.
const cell = (c: Count | undefined): string =>
  c === undefined ? '—' : `${c.translated}/${c.skipped}${c.notApplicable > 0 ? ` (+${c.notApplicable} n/a)` : ''}`;
console.log(`| app | ${CATEGORIES.map((c) => `${c} ok/skipped`).join(' | ')} | tsc | DDL |`);
console.log(`| --- | ${CATEGORIES.map(() => '---').join(' | ')} | --- | --- |`);
const totals = Object.fromEntries(CATEGORIES.map((c) => [c, {translated: 0, skipped: 0, notApplicable: 0}])) as Record<ReportCategory, Count>;
for (const r of results) {
  for (const c of CATEGORIES) {
    totals[c].translated += r.counts?.[c].translated ?? 0;
    totals[c].skipped += r.counts?.[c].skipped ?? 0;
    totals[c].notApplicable += r.counts?.[c].notApplicable ?? 0;
  }
  const status = r.error ?? `${r.tsc ?? '—'} | ${r.ddl ?? '—'}`;
  const label = r.unknownClass === undefined ? r.name : `${r.name} (needs --allow-unknown-classes: ${r.unknownClass})`;
  console.log(`| ${label} | ${CATEGORIES.map((c) => cell(r.counts?.[c])).join(' | ')} | ${r.error === undefined ? status : `generate failed: ${status} | —`} |`);
}
const pct = (c: Count): string => `${((100 * c.translated) / Math.max(1, c.translated + c.skipped)).toFixed(1)} %`;
console.log(`| **total** | ${CATEGORIES.map((c) => `${cell(totals[c])} (${pct(totals[c])})`).join(' | ')} | | |`);
for (const c of CATEGORIES) {
  const t = totals[c];
  if (t.notApplicable === 0) continue;
  const all = t.translated + t.skipped + t.notApplicable;
  console.log(
    `${c}: ${t.translated} translated of ${t.translated + t.skipped} that can apply to a client write (${pct(t)}); ` +
      `${t.notApplicable} not applicable (withheld columns); ${t.translated} of all ${all} = ${((100 * t.translated) / all).toFixed(1)} %`,
  );
}
if (listSkips !== undefined) console.log(`\n${allSkips.join('\n')}`);
if (process.argv.includes('--reasons')) {
  for (const r of results) if (r.topReasons !== undefined) console.log(`\n${r.name}:\n  ${r.topReasons.join('\n  ')}`);
}
const failed = results.filter((r) => r.error !== undefined || r.unknownClass !== undefined || (!countsOnly && (r.tsc !== 'ok' || r.ddl !== 'ok')));
process.exitCode = failed.length > 0 ? 1 : 0;
