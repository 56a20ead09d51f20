import type {ColumnConfig, ModelConfig} from '../../contract/model-config.ts';
import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {configExportName, modelFileStem} from './identifiers.ts';
import {tsKey, tsLiteral, tsString} from './ts-literal.ts';

/** Timestamps Rails fills in itself on create/update, so callers never have to. */
const RAILS_TIMESTAMPS = new Set(['created_at', 'updated_at', 'created_on', 'updated_on']);

function tsTypeOf(column: ColumnConfig): string {
  let base: string;
  if (column.enumValues !== undefined && column.enumValues.length > 0 && column.zeroType === 'string') {
    base = column.enumValues.map(tsString).join(' | ');
  } else {
    // Zero's own JSON type, so these rows are exactly Zero's `Row<…>` for the table.
    base = column.zeroType === 'json' ? 'ReadonlyJSONValue' : column.zeroType;
  }
  return column.nullable ? `${base} | null` : base;
}

/** Required on create: NOT NULL, no default, not database-assigned, not a Rails timestamp, not generated. */
export function requiredOnCreate(column: ColumnConfig, config: ModelConfig, autoIncrement: boolean): boolean {
  if (column.nullable || column.default !== undefined || column.virtual === true) return false;
  if (autoIncrement || RAILS_TIMESTAMPS.has(column.name)) return false;
  if (config.sti !== null && column.name === config.sti.column) return false;
  return true;
}

function rowType(name: string, doc: string, fields: readonly string[]): string[] {
  return [`/** ${doc} */`, `export type ${name} = {`, ...fields.map((f) => `  ${f};`), '};', ''];
}

/**
 * `generated/models/<model>.config.ts`: the ModelConfig (data only, checked
 * against the contract with `satisfies`) and the row types:
 *   <Name>Row     every column as read (nullable → `| null`),
 *   <Name>Create  what `create` needs: required keys are NOT NULL columns with
 *                 no default that neither the database nor Rails fills in,
 *   <Name>Update  every writable column except the primary key, all optional.
 * Columns Zero does not sync (`synced: false`) are in the config only.
 */
export function emitModelConfigs(context: EmitContext): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const output of context.models) {
    const {config, model, todos} = output;
    const exportName = configExportName(config.name);
    const columns = Object.values(config.columns);
    const autoIncrement = new Set(model.table.columns.filter((c) => c.autoIncrement === true).map((c) => c.name));
    const usesJson = columns.some((c) => c.zeroType === 'json' && c.synced !== false);
    const lines: string[] = [
      banner(context.banner),
      ...(usesJson ? ["import type {ReadonlyJSONValue} from '@rocicorp/zero';"] : []),
      "import type {ModelConfig} from 'zero-active-models';",
      '',
      ...todos.map((t) => `// TODO(generator): ${t.replace(/\n/g, ' ')}`),
      ...(todos.length > 0 ? [''] : []),
      `/** Rails \`${config.className}\` (${model.definition.file}:${model.definition.line}), table \`${config.table}\`. */`,
      `export const ${exportName} = ${tsLiteral(config)} as const satisfies ModelConfig;`,
      '',
      ...rowType(`${config.name}Row`, `A \`${config.table}\` row as Zero returns it (timestamps are epoch milliseconds).`, columns.filter((c) => c.synced !== false).map((c) => `${tsKey(c.name)}: ${tsTypeOf(c)}`)),
      ...rowType(
        `${config.name}Create`,
        `Attributes for \`${config.className}.create\`; the database or Rails fills the optional ones.`,
        columns.filter((c) => c.synced !== false).map((c) => `${tsKey(c.name)}${requiredOnCreate(c, config, autoIncrement.has(c.name)) ? '' : '?'}: ${tsTypeOf(c)}`),
      ),
      ...rowType(
        `${config.name}Update`,
        `Attributes for \`${config.className}#update\`: any writable column except the primary key.`,
        columns.filter((c) => c.synced !== false && c.name !== config.primaryKey).map((c) => `${tsKey(c.name)}?: ${tsTypeOf(c)}`),
      ),
    ];
    files.push({path: `models/${modelFileStem(config.name)}.config.ts`, content: lines.join('\n')});
  }
  return files;
}
