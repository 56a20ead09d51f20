import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {configExportName, modelFileStem} from './identifiers.ts';

/** `generated/index.ts`: one entry point, re-exporting by name (no `export *`). */
export function emitIndex(context: EmitContext): GeneratedFile[] {
  const lines = [
    banner(context.banner),
    "export {schema, type Schema} from './schema.ts';",
    "export {MODELS, type TableName} from './models.ts';",
    "export {modelQueries} from './queries.ts';",
    "export {ACTIVITY_LOG, LOGGABLE_MODELS, isLoggableModel, type LoggableTable} from './loggable.ts';",
  ];
  for (const m of [...context.models].sort((a, b) => (a.config.className < b.config.className ? -1 : 1))) {
    const n = m.config.name;
    lines.push(
      `export {${configExportName(m.config.name)}, type ${n}Create, type ${n}Row, type ${n}Update} from './models/${modelFileStem(m.config.name)}.config.ts';`,
      `export {Active${n}} from './active.ts';`,
    );
  }
  lines.push('');
  return [{path: 'index.ts', content: lines.join('\n')}];
}
