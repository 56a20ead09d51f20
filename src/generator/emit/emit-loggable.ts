import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {tsKey, tsLiteral, tsString} from './ts-literal.ts';

/**
 * `generated/loggable.ts`: which tables are activity-logged (models that
 * include `Loggable`, directly or through a concern or superclass) and where
 * the logs go. Per-model details (excluded columns, actions, reference paths)
 * live in each model's `loggable` config.
 */
export function emitLoggable(context: EmitContext): GeneratedFile[] {
  const loggable = context.models
    .filter((m) => m.ownsTable && m.config.loggable !== null)
    .sort((a, b) => (a.config.table < b.config.table ? -1 : 1));
  const log = context.activityLog;
  const lines = [
    banner(context.banner),
    "import type {ActivityLogConfig} from 'zero-active-models';",
    '',
    '/** Table → model name of every model whose writes are activity-logged. */',
    loggable.length === 0 ? 'export const LOGGABLE_MODELS = {} as const;' : 'export const LOGGABLE_MODELS = {',
    ...(loggable.length === 0 ? [] : [...loggable.map((m) => `  ${tsKey(m.config.table)}: ${tsString(m.config.className)},`), '} as const;']),
    '',
    'export type LoggableTable = keyof typeof LOGGABLE_MODELS;',
    '',
    'export function isLoggableModel(table: string): table is LoggableTable {',
    '  return Object.hasOwn(LOGGABLE_MODELS, table);',
    '}',
    '',
    log === null
      ? '/** The app has no ActivityLog model: nothing is logged. */\nexport const ACTIVITY_LOG: ActivityLogConfig | null = null;'
      : `/** The activity-log table (\`${log.model}\`); the server sets \`${log.userColumn}\` from the token. */\nexport const ACTIVITY_LOG: ActivityLogConfig = ${tsLiteral(log)};`,
    '',
  ];
  return [{path: 'loggable.ts', content: lines.join('\n')}];
}
