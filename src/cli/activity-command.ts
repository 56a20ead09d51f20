import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {pathToFileURL} from 'node:url';
import postgres from 'postgres';
import type {ActivityLogConfig} from '../contract/model-config.ts';
import {ActivityCommandError, isActivityCommandError} from '../errors/activity-command-error.ts';
import {CliUsageError, isCliUsageError} from '../errors/cli-usage-error.ts';
import {classify} from '../generator/naming/inflector.ts';
import {findAuditTriggers, type AuditTrigger} from './activity/audit-triggers.ts';
import {compareTrails} from './activity/compare-trails.ts';
import {migrationPlan} from './activity/migration-plan.ts';
import {pruneActivity} from './activity/prune-activity.ts';
import type {CliContext} from './cli-command.ts';

const OPTIONS = {
  'database-url': {type: 'string'},
  generated: {type: 'string'},
  out: {type: 'string'},
  since: {type: 'string'},
  'audit-table': {type: 'string'},
  'older-than': {type: 'string'},
  'batch-size': {type: 'string'},
  'dry-run': {type: 'boolean', default: false},
  help: {type: 'boolean', short: 'h', default: false},
} as const;

function usage(program: string): string {
  return `usage: ${program} migrate analyze | migrate generate <table> [--out <file>] | migrate validate [--since 1h] [--audit-table <t>]
       ${program} prune --older-than 90d [--dry-run] [--batch-size 1000]
  The way off database audit triggers, and retention of the activity log.
  migrate analyze    every trigger whose function writes into an audit-like table: table, events,
                     audit table, captured columns, and whether the model is Loggable in generated/
  migrate generate   the include Loggable / LOGGABLE_OPTIONS lines and the DROP TRIGGER IF EXISTS SQL
                     for <table>, written to a file to review (default activity-migrate-<table>.sql); drops nothing
  migrate validate   during the parallel run: every write in one trail and missing from the other
                     over the window (default 1h); exit 1 when they disagree
  prune              deletes log rows older than --older-than (e.g. 90d, 12h) in batches (default 1000)
  --database-url     PostgreSQL (env DATABASE_URL)
  --generated        the generated directory (default generated)
  Durations: <n>s, <n>m, <n>h or <n>d. Exit codes: 0 ok, 1 failed or trails differ, 2 usage.`;
}

/** `90d`, `1h`, `30m`, `45s` → seconds; CliUsageError otherwise. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (match === null) throw new CliUsageError(`${flag} takes a duration like 90d, 12h, 30m or 45s (got ${JSON.stringify(text)})`);
  return Number(match[1]) * {s: 1, m: 60, h: 3_600, d: 86_400}[match[2] as 's' | 'm' | 'h' | 'd'];
}

interface Loggable {
  readonly activityLog: ActivityLogConfig;
  /** table → Rails class name of every Loggable model. */
  readonly models: Readonly<Record<string, string>>;
}

async function loadLoggable(dir: string): Promise<Loggable> {
  const file = path.join(dir, 'loggable.ts');
  if (!fs.existsSync(file)) throw new ActivityCommandError(`No ${file}. Run \`zero-active-models generate\` first, or pass --generated <dir>.`);
  const loaded = (await import(pathToFileURL(file).href)) as {ACTIVITY_LOG?: ActivityLogConfig | null; LOGGABLE_MODELS?: Record<string, string>};
  if (!loaded.ACTIVITY_LOG) throw new ActivityCommandError(`${file} has no ACTIVITY_LOG: the Rails app needs an ActivityLog model (see README, "Activity log").`);
  return {activityLog: loaded.ACTIVITY_LOG, models: loaded.LOGGABLE_MODELS ?? {}};
}

/** `zero-active-models activity …`: migrate (analyze, generate, validate) and prune. */
export async function runActivity(argv: readonly string[], context: CliContext): Promise<number> {
  let sql: postgres.Sql | undefined;
  try {
    const {values, positionals} = parseArgs({args: [...argv], options: OPTIONS, allowPositionals: true, strict: true});
    if (values.help) {
      console.log(usage(context.program));
      return 0;
    }
    const [group, command, table] = positionals;
    const url = values['database-url'] ?? context.env.DATABASE_URL;
    const known = (group === 'migrate' && ['analyze', 'generate', 'validate'].includes(command ?? '')) || group === 'prune';
    if (!known) throw new CliUsageError(`unknown command ${JSON.stringify(positionals.join(' '))}`);
    if (url === undefined || url === '') throw new ActivityCommandError('No database: pass --database-url <postgres://…> or set DATABASE_URL (`npm start` prints its URL).');
    const loggable = await loadLoggable(path.resolve(context.cwd, values.generated ?? 'generated'));
    sql = postgres(url, {max: 2, onnotice: () => {}, connect_timeout: 10});

    if (group === 'prune') {
      if (values['older-than'] === undefined) throw new CliUsageError('prune needs --older-than <duration> (e.g. 90d)');
      const olderThanSeconds = parseDuration(values['older-than'], '--older-than');
      const batchSize = Number(values['batch-size'] ?? '1000');
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new CliUsageError('--batch-size takes a whole number from 1 to 100000');
      const result = await pruneActivity(sql, loggable.activityLog, {olderThanSeconds, batchSize, dryRun: values['dry-run'], onBatch: (n) => console.log(`  deleted ${n}`)});
      console.log(
        values['dry-run']
          ? `${result.matched} ${loggable.activityLog.table} row(s) older than ${values['older-than']} would be deleted (dry run: nothing deleted).`
          : `Deleted ${result.deleted} of ${result.matched} ${loggable.activityLog.table} row(s) older than ${values['older-than']} in ${result.batches} batch(es).`,
      );
      return 0;
    }

    const triggers = await findAuditTriggers(sql, loggable.activityLog.table);
    if (command === 'analyze') {
      if (triggers.length === 0) {
        console.log('No trigger writes into an audit-like table.');
        return 0;
      }
      printTable(
        ['trigger', 'table', 'events', 'audit table', 'columns captured', 'Loggable'],
        triggers.map((t) => [
          t.enabled ? t.trigger : `${t.trigger} (disabled)`,
          t.table,
          t.events.join('/'),
          t.auditTable,
          t.wholeRow ? `all (${t.columns.length})` : t.columns.join(', '),
          Object.hasOwn(loggable.models, t.table) ? 'yes' : 'no',
        ]),
      );
      return 0;
    }
    if (command === 'generate') {
      if (table === undefined) throw new CliUsageError('migrate generate needs the table: migrate generate <table>');
      const mine = triggers.filter((t) => t.table === table);
      if (mine.length === 0) throw new ActivityCommandError(`No audit trigger on ${table}. \`${context.rerun(['migrate', 'analyze'])}\` lists the audited tables.`);
      const columns = (await sql<{column: string}[]>`select column_name as column from information_schema.columns where table_schema = ${mine[0]!.schema} and table_name = ${table} order by ordinal_position`).map((c) => c.column);
      const [pk] = await sql<{column: string}[]>`
        select a.attname as column from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${`${mine[0]!.schema}.${table}`}::regclass and i.indisprimary limit 1`;
      const plan = migrationPlan({
        table,
        className: loggable.models[table] ?? classify(table),
        columns,
        primaryKey: pk?.column ?? 'id',
        triggers: mine,
        loggable: Object.hasOwn(loggable.models, table),
      });
      const out = path.resolve(context.cwd, values.out ?? `activity-migrate-${table.replace(/[^\w-]/g, '_')}.sql`);
      fs.writeFileSync(out, plan);
      console.log(plan);
      console.log(`Written to ${path.relative(context.cwd, out) || out}. Review it; nothing was changed in the database.`);
      return 0;
    }
    // validate
    const sinceSeconds = parseDuration(values.since ?? '1h', '--since');
    const byAudit = new Map<string, AuditTrigger[]>();
    for (const t of triggers) if (Object.hasOwn(loggable.models, t.table)) byAudit.set(t.auditTable, [...(byAudit.get(t.auditTable) ?? []), t]);
    const wanted = values['audit-table'];
    if (wanted !== undefined) for (const key of [...byAudit.keys()]) if (key !== wanted) byAudit.delete(key);
    if (byAudit.size === 0) throw new ActivityCommandError('No audit trigger on a Loggable table: nothing to compare. Make the model Loggable first (`migrate generate <table>`).');
    let differences = 0;
    for (const [auditTable, list] of byAudit) {
      const tables = new Map(list.map((t) => [t.table, loggable.models[t.table]!] as const));
      const result = await compareTrails(sql, {auditTable, activityLog: loggable.activityLog, tables, sinceSeconds});
      for (const c of result.compared) console.log(`${c.table}: ${c.audit} write(s) in ${auditTable}, ${c.activity} in ${loggable.activityLog.table}`);
      for (const w of result.missingFromAuditTable) console.log(`  missing from ${auditTable}: ${w.table} ${w.id} ${w.action}`);
      for (const w of result.missingFromActivityLog) console.log(`  missing from ${loggable.activityLog.table}: ${w.table} ${w.id} ${w.action}`);
      differences += result.missingFromAuditTable.length + result.missingFromActivityLog.length;
    }
    console.log(differences === 0 ? `Both trails agree over the last ${values.since ?? '1h'}.` : `${differences} write(s) differ between the trails.`);
    return differences === 0 ? 0 : 1;
  } catch (error) {
    if (isCliUsageError(error) || (error as {code?: unknown}).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${(error as Error).message}\n\n${usage(context.program)}`);
      return 2;
    }
    if (isActivityCommandError(error)) {
      console.error(error.message);
      return 1;
    }
    console.error(`activity: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await sql?.end({timeout: 5});
  }
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
