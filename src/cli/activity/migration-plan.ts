import type {AuditTrigger} from './audit-triggers.ts';

/** Columns Loggable leaves out by default (LOGGABLE_OPTIONS need not list them). */
const DEFAULT_EXCLUDED = new Set(['created_at', 'updated_at', 'lock_version']);

export interface MigrationPlanInput {
  readonly table: string;
  /** Its Rails model (`Job`). */
  readonly className: string;
  /** Every column of the table. */
  readonly columns: readonly string[];
  readonly primaryKey: string;
  readonly triggers: readonly AuditTrigger[];
  /** Already `include Loggable` (per generated/loggable.ts). */
  readonly loggable: boolean;
}

/**
 * What moving one table off its audit triggers takes, as a file to review:
 * the Rails model lines (`include Loggable`, and `LOGGABLE_OPTIONS` whose
 * `except:` leaves out exactly the columns the triggers did not capture, so
 * the same columns are tracked) and the `DROP TRIGGER IF EXISTS` statements
 * to run once `activity migrate validate` agrees. Nothing is executed.
 */
export function migrationPlan(input: MigrationPlanInput): string {
  const captured = new Set(input.triggers.flatMap((t) => t.columns));
  const except = input.columns.filter((c) => !captured.has(c) && !DEFAULT_EXCLUDED.has(c) && c !== input.primaryKey).sort();
  const events = [...new Set(input.triggers.flatMap((t) => t.events))];
  const options = except.length === 0 ? null : `  LOGGABLE_OPTIONS = { except: %w[${except.join(' ')}] }.freeze`;
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return [
    `# Moving ${input.table} off its audit triggers (${input.triggers.map((t) => t.trigger).join(', ')} → ${[...new Set(input.triggers.map((t) => t.auditTable))].join(', ')}).`,
    `# The triggers capture ${input.triggers.some((t) => t.wholeRow) ? 'whole rows' : `columns ${[...captured].sort().join(', ')}`} on ${events.join('/')}.`,
    '#',
    `# 1. In app/models/${underscoreClass(input.className)}.rb${input.loggable ? ' (already Loggable: check its options)' : ''}:`,
    '#',
    `#   class ${input.className} < ApplicationRecord`,
    `#     include Loggable`,
    ...(options === null ? ['#     # every column the triggers captured is tracked by default: no LOGGABLE_OPTIONS needed'] : [`#   ${options}`]),
    '#   end',
    '#',
    '# 2. npm run generate, deploy, and let both trails run side by side; then',
    `#    npm run activity:migrate -- validate --since 24h   must report no differences for ${input.table}.`,
    '#',
    '# 3. Only then, in a Rails migration (execute <<~SQL … SQL) or psql:',
    '',
    ...input.triggers.map((t) => `DROP TRIGGER IF EXISTS ${q(t.trigger)} ON ${q(t.schema)}.${q(t.table)};`),
    '',
    `-- The function(s) ${[...new Set(input.triggers.map((t) => t.function))].join(', ')} may serve other tables: drop them only when no trigger uses them.`,
    '',
  ].join('\n');
}

function underscoreClass(className: string): string {
  return className
    .split('::')
    .map((part) => part.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase())
    .join('/');
}
