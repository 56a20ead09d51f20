import * as P from '@ruby/prism/src/nodes.js';
import {DuplicateTableError} from '../errors/duplicate-table-error.ts';
import type {JSONValue} from '../../contract/model-config.ts';
import type {CheckIR, ColumnDefault, ColumnIR, ForeignKeyIR, IndexIR, SchemaIR, TableIR, TodoIR} from '../ir.ts';
import {singularize} from '../naming/inflector.ts';
import {callArguments, hashOf, literalJson, nameOf, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {RubySource} from '../ruby/ruby-source.ts';

/** Column helpers schema.rb's `create_table` block may use (`t.<type>`). */
const COLUMN_TYPES = new Set([
  'string', 'text', 'integer', 'bigint', 'smallint', 'float', 'decimal', 'numeric', 'boolean', 'date', 'datetime',
  'timestamp', 'timestamptz', 'time', 'json', 'jsonb', 'uuid', 'binary', 'blob', 'enum', 'inet', 'cidr', 'macaddr',
  'hstore', 'interval', 'tsvector', 'tsquery', 'citext', 'ltree', 'xml', 'money', 'point', 'line', 'lseg', 'box',
  'path', 'polygon', 'circle', 'bit', 'bit_varying', 'oid', 'int4range', 'int8range', 'numrange', 'tsrange',
  'tstzrange', 'daterange', 'serial', 'bigserial', 'virtual', 'float4', 'float8', 'real', 'double', 'char',
  'character', 'varchar', 'mediumtext', 'longtext', 'tinytext', 'mediumblob', 'longblob', 'tinyblob', 'year',
  'geometry', 'geography', 'st_point', 'unsigned_integer', 'unsigned_bigint', 'unsigned_float', 'unsigned_decimal',
]);

type MutableTable = {
  name: string;
  line: number;
  file: string;
  idOption: RubyValue | undefined;
  primaryKeyOption: RubyValue | undefined;
  pkDefault: RubyValue | undefined;
  pkLimit: number | undefined;
  columns: ColumnIR[];
  indexes: IndexIR[];
  checks: CheckIR[];
  comment?: string | undefined;
};

function sqlOf(value: RubyValue | undefined): string | null {
  if (value?.kind !== 'lambda') return null;
  const node = value.node;
  const body = node instanceof P.LambdaNode ? node.body : node.block instanceof P.BlockNode ? node.block.body : null;
  const statements = statementsOf(body);
  const only = statements.length === 1 ? rubyValue(statements[0]!) : undefined;
  return only?.kind === 'string' ? only.value : null;
}

function defaultOf(value: RubyValue | undefined): ColumnDefault | undefined {
  if (value === undefined || value.kind === 'nil') return undefined;
  const sql = sqlOf(value);
  if (sql !== null) return {kind: 'sql', sql};
  const json = literalJson(value);
  if (json === undefined) return undefined;
  return {kind: 'literal', value: json as JSONValue};
}

function intOf(value: RubyValue | undefined): number | undefined {
  return value?.kind === 'integer' ? value.value : undefined;
}

function stringList(value: RubyValue | undefined): string[] | null {
  if (value === undefined) return null;
  const single = nameOf(value);
  if (single !== null) return [single];
  if (value.kind !== 'array') return null;
  const names = value.items.map(nameOf);
  return names.every((n): n is string => n !== null) ? names : null;
}

function nameMap(value: RubyValue | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  const single = nameOf(value);
  if (single !== null) return {'*': single};
  for (const [k, v] of hashOf(value)) {
    const n = nameOf(v);
    if (n !== null) out[k] = n;
  }
  return out;
}

/**
 * Reads `db/schema.rb` into a SchemaIR. Only the statements Rails' schema dumper
 * writes are understood; anything else becomes a TODO (with its line) rather
 * than a guess. Positional/option shapes follow ActiveRecord::SchemaDumper.
 */
export function parseSchema(source: RubySource): SchemaIR {
  const file = source.file;
  const todos: TodoIR[] = [];
  const extensions: string[] = [];
  const schemas: string[] = [];
  const enums: {name: string; values: string[]; line: number}[] = [];
  const tables: MutableTable[] = [];
  const foreignKeys: ForeignKeyIR[] = [];
  const looseIndexes: {table: string; index: IndexIR}[] = [];
  const looseChecks: {table: string; check: CheckIR}[] = [];
  // Rails ≥ 5.1 dumps integer serial keys as `id: :serial`; older dumps leave
  // them implicit. Seeing any modern marker means an implicit key is bigserial.
  let modern = false;

  const todo = (node: P.Node, message: string): void => {
    todos.push({file, line: source.lineOf(node), message});
  };

  const indexFrom = (args: ReturnType<typeof callArguments>, node: P.Node, table: string, colsArg: RubyValue | undefined): IndexIR | null => {
    const opts = args.options;
    const cols = stringList(colsArg);
    const expression = colsArg?.kind === 'string' && (/[()\s]/.test(colsArg.value)) ? colsArg.value : null;
    if (cols === null && expression === null) {
      todo(node, `index on ${table} with unsupported columns ${colsArg === undefined ? '' : source.textOf(colsArg.node)}`);
      return null;
    }
    const name = nameOf(opts.get('name')) ?? `index_${table}_on_${(cols ?? ['expression']).join('_and_')}`;
    return {
      file,
      line: source.lineOf(node),
      name,
      columns: expression !== null ? {expression} : cols!,
      unique: opts.get('unique')?.kind === 'boolean' && (opts.get('unique') as {value: boolean}).value,
      where: nameOf(opts.get('where')) ?? undefined,
      using: nameOf(opts.get('using')) ?? undefined,
      order: nameMap(opts.get('order')),
      opclass: nameMap(opts.get('opclass')),
      include: stringList(opts.get('include')) ?? undefined,
      nullsNotDistinct: opts.get('nulls_not_distinct')?.kind === 'boolean' ? true : undefined,
    };
  };

  const columnFrom = (node: P.CallNode, name: string, type: string, opts: Map<string, RubyValue>): ColumnIR => {
    const nul = opts.get('null');
    let resolvedType = type;
    let virtual: ColumnIR['virtual'];
    if (type === 'virtual') {
      resolvedType = nameOf(opts.get('type')) ?? 'string';
      const as = nameOf(opts.get('as'));
      virtual = as === null ? undefined : {as, stored: opts.get('stored')?.kind === 'boolean' && (opts.get('stored') as {value: boolean}).value};
    }
    const precisionValue = opts.get('precision');
    return {
      file,
      line: source.lineOf(node),
      name,
      type: resolvedType,
      nullable: !(nul?.kind === 'boolean' && !nul.value),
      default: defaultOf(opts.get('default')),
      limit: intOf(opts.get('limit')),
      precision: precisionValue?.kind === 'nil' ? null : intOf(precisionValue),
      scale: intOf(opts.get('scale')),
      array: opts.get('array')?.kind === 'boolean' ? (opts.get('array') as {value: boolean}).value || undefined : undefined,
      enumType: type === 'enum' ? (nameOf(opts.get('enum_type')) ?? name) : undefined,
      virtual,
    };
  };

  const readTable = (call: P.CallNode): void => {
    const args = callArguments(call);
    const name = nameOf(args.positional[0]);
    if (name === null) {
      todo(call, `create_table with a dynamic name: ${source.textOf(call).split('\n')[0]}`);
      return;
    }
    const previous = tables.find((t) => t.name === name);
    if (previous !== undefined) throw new DuplicateTableError(file, source.lineOf(call), name, previous.line);
    const id = args.options.get('id');
    if (id?.kind === 'symbol' && (id.value === 'serial' || id.value === 'bigserial')) modern = true;
    const table: MutableTable = {
      name,
      line: source.lineOf(call),
      file,
      idOption: id,
      primaryKeyOption: args.options.get('primary_key'),
      pkDefault: args.options.get('default'),
      pkLimit: intOf(args.options.get('limit')),
      columns: [],
      indexes: [],
      checks: [],
      comment: nameOf(args.options.get('comment')) ?? undefined,
    };
    tables.push(table);
    const blockParam = args.block?.parameters;
    for (const stmt of statementsOf(args.block?.body ?? null)) {
      if (!(stmt instanceof P.CallNode) || !(stmt.receiver instanceof P.LocalVariableReadNode) || blockParam === null) {
        todo(stmt, `unsupported statement in create_table "${name}": ${source.textOf(stmt).split('\n')[0]}`);
        continue;
      }
      const inner = callArguments(stmt);
      const method = stmt.name;
      if (method === 'index') {
        const index = indexFrom(inner, stmt, name, inner.positional[0]);
        if (index !== null) table.indexes.push(index);
      } else if (method === 'check_constraint') {
        const expression = nameOf(inner.positional[0]);
        if (expression === null) todo(stmt, `check constraint with a dynamic expression on ${name}`);
        else table.checks.push({file, line: source.lineOf(stmt), name: nameOf(inner.options.get('name')), expression});
      } else if (method === 'timestamps') {
        const opts = new Map(inner.options);
        if (!opts.has('null')) opts.set('null', {kind: 'boolean', value: false, node: stmt});
        table.columns.push(columnFrom(stmt, 'created_at', 'datetime', opts), columnFrom(stmt, 'updated_at', 'datetime', opts));
      } else if (method === 'references' || method === 'belongs_to') {
        for (const ref of inner.positional) {
          const refName = nameOf(ref);
          if (refName === null) continue;
          const type = nameOf(inner.options.get('type')) ?? 'bigint';
          table.columns.push(columnFrom(stmt, `${refName}_id`, type, inner.options));
          if (inner.options.get('polymorphic')?.kind === 'boolean') {
            table.columns.push(columnFrom(stmt, `${refName}_type`, 'string', inner.options));
          }
        }
      } else if (method === 'column') {
        const colName = nameOf(inner.positional[0]);
        const type = nameOf(inner.positional[1]);
        if (colName === null || type === null) todo(stmt, `t.column with dynamic name or type on ${name}`);
        else {
          if (!COLUMN_TYPES.has(type)) todo(stmt, `column ${name}.${colName} has type ${JSON.stringify(type)}; mapped to text (best effort)`);
          table.columns.push(columnFrom(stmt, colName, COLUMN_TYPES.has(type) ? type : 'text', inner.options));
        }
      } else if (COLUMN_TYPES.has(method)) {
        if (method === 'bigint') modern = true;
        for (const arg of inner.positional) {
          const colName = nameOf(arg);
          if (colName === null) todo(stmt, `column with a dynamic name on ${name}`);
          else table.columns.push(columnFrom(stmt, colName, method, inner.options));
        }
      } else {
        todo(stmt, `unknown column type t.${method} on "${name}"; column skipped`);
      }
    }
  };

  const readForeignKey = (call: P.CallNode): void => {
    const args = callArguments(call);
    const from = nameOf(args.positional[0]);
    const to = nameOf(args.positional[1]);
    if (from === null || to === null) {
      todo(call, 'add_foreign_key with dynamic table names');
      return;
    }
    const action = (v: RubyValue | undefined): ForeignKeyIR['onDelete'] => {
      const n = nameOf(v);
      return n === 'cascade' || n === 'nullify' || n === 'restrict' ? n : undefined;
    };
    const deferrable = nameOf(args.options.get('deferrable'));
    const validate = args.options.get('validate');
    foreignKeys.push({
      file,
      line: source.lineOf(call),
      fromTable: from,
      toTable: to,
      column: nameOf(args.options.get('column')) ?? `${singularize(to.split('.').pop()!)}_id`,
      primaryKey: nameOf(args.options.get('primary_key')) ?? 'id',
      name: nameOf(args.options.get('name')) ?? undefined,
      onDelete: action(args.options.get('on_delete')),
      onUpdate: action(args.options.get('on_update')),
      deferrable: deferrable === 'immediate' || deferrable === 'deferred' ? deferrable : undefined,
      validate: validate?.kind === 'boolean' ? validate.value : undefined,
    });
  };

  const readStatement = (stmt: P.Node): void => {
    if (!(stmt instanceof P.CallNode) || stmt.receiver !== null) {
      todo(stmt, `unsupported statement in schema.rb: ${source.textOf(stmt).split('\n')[0]}`);
      return;
    }
    const args = callArguments(stmt);
    switch (stmt.name) {
      case 'enable_extension': {
        const ext = nameOf(args.positional[0]);
        // Rails 7.1+ dumps `enable_extension "pg_catalog.plpgsql"`; CREATE EXTENSION wants the bare name.
        if (ext !== null) extensions.push(ext.replace(/^pg_catalog\./, ''));
        return;
      }
      case 'create_schema': {
        const schemaName = nameOf(args.positional[0]);
        if (schemaName !== null) schemas.push(schemaName);
        return;
      }
      case 'create_enum': {
        const enumName = nameOf(args.positional[0]);
        const values = stringList(args.positional[1]);
        if (enumName === null || values === null) todo(stmt, 'create_enum with dynamic name or values');
        else enums.push({name: enumName, values, line: source.lineOf(stmt)});
        return;
      }
      case 'create_table':
        readTable(stmt);
        return;
      case 'add_foreign_key':
        readForeignKey(stmt);
        return;
      case 'add_index': {
        const table = nameOf(args.positional[0]);
        const index = table === null ? null : indexFrom(args, stmt, table, args.positional[1]);
        if (table !== null && index !== null) looseIndexes.push({table, index});
        return;
      }
      case 'add_check_constraint': {
        const table = nameOf(args.positional[0]);
        const expression = nameOf(args.positional[1]);
        if (table === null || expression === null) todo(stmt, 'add_check_constraint with dynamic arguments');
        else looseChecks.push({table, check: {file, line: source.lineOf(stmt), name: nameOf(args.options.get('name')), expression}});
        return;
      }
      default:
        // create_virtual_table (SQLite FTS5), create_view (scenic), execute, create_function (fx), …
        todo(stmt, `${stmt.name} is not translated (${source.textOf(stmt).split('\n')[0]!.slice(0, 100)})`);
    }
  };

  const defineBlock = findDefineBlock(source.statements);
  if (defineBlock === null) {
    todos.push({file, line: 1, message: 'no ActiveRecord::Schema.define block found; schema is empty'});
  } else {
    if (defineBlock.modern) modern = true;
    for (const stmt of statementsOf(defineBlock.block.body)) readStatement(stmt);
  }

  for (const {table, index} of looseIndexes) {
    const t = tables.find((x) => x.name === table);
    if (t === undefined) todos.push({file, line: index.line, message: `add_index on unknown table "${table}"`});
    else t.indexes.push(index);
  }
  for (const {table, check} of looseChecks) {
    const t = tables.find((x) => x.name === table);
    if (t === undefined) todos.push({file, line: check.line, message: `check constraint on unknown table "${table}"`});
    else t.checks.push(check);
  }

  return {
    file,
    extensions,
    schemas,
    enums,
    // Before Rails 7 (no `Schema[x.y]` header) datetime columns had no precision unless dumped.
    tables: tables.map((t) => finishTable(legacyPrecision(t, defineBlock?.modern ?? false), modern)),
    foreignKeys,
    todos,
  };
}

function findDefineBlock(statements: readonly P.Node[]): {block: P.BlockNode; modern: boolean} | null {
  for (const stmt of statements) {
    if (stmt instanceof P.CallNode && stmt.name === 'define' && stmt.block instanceof P.BlockNode) {
      // `ActiveRecord::Schema[7.1].define` (Rails ≥ 7) vs `ActiveRecord::Schema.define`.
      const modern = stmt.receiver instanceof P.CallNode && stmt.receiver.name === '[]';
      return {block: stmt.block, modern};
    }
  }
  return null;
}

function legacyPrecision(t: MutableTable, bracketHeader: boolean): MutableTable {
  if (bracketHeader) return t;
  t.columns = t.columns.map((c) =>
    (c.type === 'datetime' || c.type === 'timestamp' || c.type === 'timestamptz') && c.precision === undefined ? {...c, precision: null} : c,
  );
  return t;
}

/** Adds the implicit primary-key column `create_table` creates unless `id: false`. */
function finishTable(t: MutableTable, modern: boolean): TableIR {
  const id = t.idOption;
  const pkOption = t.primaryKeyOption;
  const compositeKey = pkOption?.kind === 'array' ? stringList(pkOption) : null;
  if (compositeKey !== null) {
    return {name: t.name, line: t.line, file: t.file, primaryKey: compositeKey, columns: t.columns, indexes: t.indexes, checks: t.checks, comment: t.comment};
  }
  if (id?.kind === 'boolean' && !id.value) {
    return {name: t.name, line: t.line, file: t.file, primaryKey: [], columns: t.columns, indexes: t.indexes, checks: t.checks, comment: t.comment};
  }
  const pkName = nameOf(pkOption) ?? 'id';
  let type = nameOf(id) ?? (modern ? 'bigserial' : 'serial');
  if (type === 'primary_key') type = modern ? 'bigserial' : 'serial';
  const explicitDefault = t.pkDefault;
  let autoIncrement = false;
  if (type === 'serial' || type === 'bigserial') {
    autoIncrement = true;
    type = type === 'serial' ? 'integer' : 'bigint';
  } else if ((type === 'integer' || type === 'bigint') && explicitDefault === undefined) {
    // `id: :integer` without `default: nil` is an auto-increment key (MySQL dumps it this way).
    autoIncrement = true;
  }
  const existing = t.columns.find((c) => c.name === pkName);
  const pkColumn: ColumnIR = existing ?? {
    file: t.file,
    line: t.line,
    name: pkName,
    type,
    nullable: false,
    default: defaultOf(explicitDefault),
    limit: t.pkLimit,
    autoIncrement: autoIncrement || undefined,
  };
  const columns = existing === undefined ? [pkColumn, ...t.columns] : t.columns.map((c) => (c === existing ? {...c, nullable: false} : c));
  return {name: t.name, line: t.line, file: t.file, primaryKey: [pkName], columns, indexes: t.indexes, checks: t.checks, comment: t.comment};
}
