import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {configExportName, modelFileStem} from './identifiers.ts';
import {tsKey} from './ts-literal.ts';

/** `generated/models.ts`: table → config of the model that owns the table (the STI base class). */
export function emitModelsIndex(context: EmitContext): GeneratedFile[] {
  const owners = context.models.filter((m) => m.ownsTable).sort((a, b) => (a.config.table < b.config.table ? -1 : 1));
  const lines = [banner(context.banner)];
  for (const m of owners) {
    lines.push(`import {${configExportName(m.config.name)}} from './models/${modelFileStem(m.config.name)}.config.ts';`);
  }
  lines.push(
    '',
    '/** Every synced model, keyed by its PostgreSQL table. */',
    'export const MODELS = {',
    ...owners.map((m) => `  ${tsKey(m.config.table)}: ${configExportName(m.config.name)},`),
    '} as const;',
    '',
    'export type TableName = keyof typeof MODELS;',
    '',
  );
  return [{path: 'models.ts', content: lines.join('\n')}];
}
