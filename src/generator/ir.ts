/**
 * The generator's intermediate representation: what parse/ extracts from
 * schema.rb and app/models, before model/ resolves names and emit/ writes files.
 * Every piece keeps its source position so warnings and TODOs can point at it.
 */
import type {JSONValue} from '../contract/model-config.ts';

export interface Located {
  readonly file: string;
  readonly line: number;
}

export type ColumnDefault = {readonly kind: 'literal'; readonly value: JSONValue} | {readonly kind: 'sql'; readonly sql: string};

export interface ColumnIR extends Located {
  readonly name: string;
  /** The Rails type as dumped (`string`, `datetime`, `jsonb`, `enum`, `virtual` resolved to its `type:`). */
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: ColumnDefault | undefined;
  readonly limit?: number | undefined;
  readonly precision?: number | null | undefined;
  readonly scale?: number | undefined;
  readonly array?: boolean | undefined;
  /** PostgreSQL enum type name of a `t.enum` column. */
  readonly enumType?: string | undefined;
  readonly virtual?: {readonly as: string; readonly stored: boolean} | undefined;
  /** A serial/identity primary key: the database assigns it. */
  readonly autoIncrement?: boolean | undefined;
  /** Why the column is never synced (a secret, `encrypts`, `ZERO_PRIVATE`); set by model/withheld-columns.ts. */
  readonly withheld?: string | undefined;
}

export interface IndexIR extends Located {
  readonly name: string;
  /** Column names, or one SQL expression (`lower((email)::text)`). */
  readonly columns: readonly string[] | {readonly expression: string};
  readonly unique: boolean;
  readonly where?: string | undefined;
  readonly using?: string | undefined;
  readonly order?: Readonly<Record<string, string>> | undefined;
  readonly opclass?: Readonly<Record<string, string>> | undefined;
  readonly include?: readonly string[] | undefined;
  readonly nullsNotDistinct?: boolean | undefined;
}

export interface CheckIR extends Located {
  readonly name: string | null;
  readonly expression: string;
}

export interface TableIR extends Located {
  readonly name: string;
  /** Primary-key column names; empty for `id: false` tables. */
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnIR[];
  readonly indexes: IndexIR[];
  readonly checks: CheckIR[];
  readonly comment?: string | undefined;
}

export interface ForeignKeyIR extends Located {
  readonly fromTable: string;
  readonly toTable: string;
  readonly column: string;
  readonly primaryKey: string;
  readonly name?: string | undefined;
  readonly onDelete?: 'cascade' | 'nullify' | 'restrict' | undefined;
  readonly onUpdate?: 'cascade' | 'nullify' | 'restrict' | undefined;
  readonly deferrable?: 'immediate' | 'deferred' | undefined;
  readonly validate?: boolean | undefined;
}

export interface TodoIR extends Located {
  readonly message: string;
}

export interface SchemaIR {
  readonly file: string;
  readonly extensions: readonly string[];
  /** `create_schema "analytics"` (tables may then be named `analytics.events`). */
  readonly schemas: readonly string[];
  readonly enums: readonly {readonly name: string; readonly values: readonly string[]; readonly line: number}[];
  readonly tables: readonly TableIR[];
  readonly foreignKeys: readonly ForeignKeyIR[];
  /** Statements schema.rb has that the DDL/Zero schema cannot express (views, FTS5 tables, …). */
  readonly todos: readonly TodoIR[];
}
