import type {ColumnIR, TableIR} from '../ir.ts';
import {pgTypeOf, zeroSyncedType, zeroTypeOf} from '../model/column-types.ts';
import {banner} from './banner.ts';
import type {EmitContext, GeneratedFile} from './emit-context.ts';
import {safeIdentifier} from './identifiers.ts';
import {tsKey, tsString} from './ts-literal.ts';
import {zeroPrimaryKey} from './zero-table-key.ts';

export function tableVariable(table: string): string {
  return `${safeIdentifier(table)}Table`;
}

/** Enum values of a string column: `t.enum` or a Rails enum whose stored values are strings. */
export function stringEnumValues(column: ColumnIR, context: EmitContext, table: string): readonly string[] | null {
  if (column.array === true) return null;
  if (column.enumType !== undefined) return context.schema.enums.find((e) => e.name === column.enumType)?.values ?? null;
  if (zeroTypeOf(column) !== 'string') return null;
  const owner = context.models.find((m) => m.ownsTable && m.config.table === table);
  const values = owner?.config.enums[column.name]?.values;
  if (values === undefined) return null;
  const stored = Object.values(values);
  return stored.every((v) => typeof v === 'string') ? (stored as string[]) : null;
}

function columnBuilder(column: ColumnIR, context: EmitContext, table: string, builders: Set<string>): string {
  const enumValues = stringEnumValues(column, context, table);
  let expr: string;
  if (enumValues !== null && enumValues.length > 0) {
    builders.add('enumeration');
    expr = `enumeration<${enumValues.map(tsString).join(' | ')}>()`;
  } else {
    const type = zeroTypeOf(column);
    builders.add(type);
    expr = `${type}()`;
  }
  return column.nullable ? `${expr}.optional()` : expr;
}

/**
 * `generated/schema.ts`: the Zero schema. Column names stay snake_case exactly
 * as in PostgreSQL, so no `.from()` renames are needed and the API server can
 * check writes against the same names the database uses.
 */
export function emitSchemaTs(context: EmitContext): GeneratedFile[] {
  const builders = new Set<string>(['createSchema', 'table']);
  const lines: string[] = [];
  const inZero = new Map<string, TableIR>();
  const todos: string[] = [];
  for (const table of [...context.schema.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const pk = zeroPrimaryKey(table);
    if (table.name.includes('.')) {
      todos.push(`// TODO(generator): table ${table.name} (${table.file}:${table.line}) is outside the public schema; zero-cache does not sync it by default`);
      continue;
    }
    if (pk === null) {
      todos.push(`// TODO(generator): table ${table.name} (${table.file}:${table.line}) has no primary key or NOT NULL unique index; Zero cannot sync it`);
      continue;
    }
    inZero.set(table.name, table);
    lines.push(`const ${tableVariable(table.name)} = table(${tsString(table.name)})`, '  .columns({');
    for (const column of table.columns) {
      if (column.virtual !== undefined) {
        lines.push(`    // ${column.name}: generated column (${column.virtual.as.replace(/\s+/g, ' ').trim()}); PostgreSQL does not replicate it to Zero`);
        continue;
      }
      if (column.withheld !== undefined) {
        lines.push(`    // ${column.name}: withheld from sync (${column.withheld})`);
        continue;
      }
      if (zeroSyncedType(column) === null) {
        lines.push(`    // ${column.name}: ${pgTypeOf(column)} is not a type Zero syncs; server-side only`);
        continue;
      }
      lines.push(`    ${tsKey(column.name)}: ${columnBuilder(column, context, table.name, builders)},`);
    }
    lines.push('  })', `  .primaryKey(${pk.map(tsString).join(', ')});`, '');
  }

  const relationshipVars: string[] = [];
  for (const [tableName, associations] of [...context.associationsByTable].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const source = inZero.get(tableName);
    if (source === undefined) continue;
    const columnNames = new Set(source.columns.map((c) => c.name));
    const synced = (t: TableIR): Set<string> => new Set(t.columns.filter((c) => zeroSyncedType(c) !== null).map((c) => c.name));
    const entries: string[] = [];
    const used = new Set<string>();
    for (const a of [...associations].sort((x, y) => (x.config.name < y.config.name ? -1 : 1))) {
      const name = a.config.name;
      if ('skip' in a.zero) {
        entries.push(`  // TODO(generator): ${name} (${a.file}:${a.line}): ${a.zero.skip}`);
        continue;
      }
      if (columnNames.has(name)) {
        entries.push(`  // TODO(generator): ${name} (${a.file}:${a.line}): relationship name equals a column name`);
        continue;
      }
      let from = source;
      const problem = a.zero.hops
        .map((hop) => {
          const dest = inZero.get(hop.destTable);
          const fromColumns = synced(from);
          if (dest === undefined) return `table ${hop.destTable} is not in the Zero schema`;
          const destColumns = synced(dest);
          const missing = hop.sourceField.find((f) => !fromColumns.has(f)) ?? hop.destField.find((f) => !destColumns.has(f));
          from = dest;
          return missing === undefined ? null : `column ${missing} does not exist or is not synced by Zero`;
        })
        .find((p) => p !== null);
      if (problem !== undefined) {
        entries.push(`  // TODO(generator): ${name} (${a.file}:${a.line}): ${problem}`);
        continue;
      }
      // The scope's conditions (or the `as:` type) are not in the relationship: say so where it is declared.
      if (a.zero.existsOnly !== undefined) entries.push(`  // ${name}: for EXISTS only, which add its conditions (${a.zero.existsOnly.why}); reading it returns every keyed row`);
      used.add(a.zero.cardinality);
      const hops = a.zero.hops.map(
        (h) =>
          `{sourceField: [${h.sourceField.map(tsString).join(', ')}], destField: [${h.destField.map(tsString).join(', ')}], destSchema: ${tableVariable(h.destTable)}}`,
      );
      entries.push(`  ${tsKey(name)}: ${a.zero.cardinality}(${hops.join(', ')}),`);
    }
    if (used.size === 0) {
      if (entries.length > 0) lines.push(`// ${tableName} relationships:`, ...entries.map((e) => e.replace(/^ {2}/, '')), '');
      continue;
    }
    builders.add('relationships');
    const variable = `${safeIdentifier(tableName)}Relationships`;
    relationshipVars.push(variable);
    lines.push(
      `const ${variable} = relationships(${tableVariable(tableName)}, ({${[...used].sort().join(', ')}}) => ({`,
      ...entries,
      '}));',
      '',
    );
  }

  const tableVars = [...inZero.keys()].map(tableVariable);
  const header = [
    banner(context.banner),
    `import {${[...builders].sort().join(', ')}} from '@rocicorp/zero';`,
    '',
    ...(todos.length > 0 ? [...todos, ''] : []),
  ];
  const footer = [
    'export const schema = createSchema({',
    ...listProperty('tables', tableVars),
    ...listProperty('relationships', relationshipVars),
    '});',
    '',
    'export type Schema = typeof schema;',
    '',
  ];
  return [{path: 'schema.ts', content: [...header, ...lines, ...footer].join('\n')}];
}

function listProperty(key: string, items: readonly string[]): string[] {
  if (items.length <= 4) return [`  ${key}: [${items.join(', ')}],`];
  return [`  ${key}: [`, ...items.map((i) => `    ${i},`), '  ],'];
}
