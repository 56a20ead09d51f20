import type {RowValue} from '../../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../../contract/model-config.ts';
import type {TableWriters} from '../table-writers.ts';
import type {TransactionReader} from '../transaction-reader.ts';

/**
 * Tables in memory, for unit tests of the apply step: the writers a Zero
 * transaction offers and the reads the authoritative apply makes, over the
 * same rows. No transaction semantics: a test that needs a rollback uses the
 * real stack.
 */
export class MemoryTables {
  readonly #tables = new Map<string, Map<string, RowValue>>();
  readonly #models: Readonly<Record<string, ModelConfig>>;
  /** Rows locked with `lockRow`, as `table:id`, in order. */
  readonly locked: string[] = [];

  constructor(models: Readonly<Record<string, ModelConfig>>) {
    this.#models = models;
  }

  rows(table: string): RowValue[] {
    return [...(this.#tables.get(table)?.values() ?? [])];
  }

  get(table: string, id: string): RowValue | undefined {
    return this.#tables.get(table)?.get(id);
  }

  put(table: string, row: RowValue): void {
    const pk = this.#models[table]?.primaryKey ?? 'id';
    const rows = this.#tables.get(table) ?? new Map<string, RowValue>();
    rows.set(String(row[pk]), row);
    this.#tables.set(table, rows);
  }

  get writers(): TableWriters {
    const writers: Record<string, TableWriters[string]> = {};
    for (const [table, model] of Object.entries(this.#models)) {
      const key = (row: RowValue) => String(row[model.primaryKey]);
      writers[table] = {
        insert: async (value) => {
          if (this.get(table, key(value)) !== undefined) throw Object.assign(new Error(`duplicate key in ${table}`), {code: '23505'});
          this.put(table, value);
        },
        upsert: async (value) => this.put(table, {...this.get(table, key(value)), ...value}),
        update: async (value) => {
          const row = this.get(table, key(value));
          if (row !== undefined) this.put(table, {...row, ...value});
        },
        delete: async (id) => {
          this.#tables.get(table)?.delete(key(id));
        },
      };
    }
    return writers;
  }

  get reader(): TransactionReader {
    return {
      lockRow: async (model, id) => {
        this.locked.push(`${model.table}:${String(id)}`);
        return this.get(model.table, String(id));
      },
      lockMatching: async (model, conditions) =>
        this.rows(model.table)
          .filter((row) => conditions.every(({column, value}) => (row[column] ?? null) === value))
          .map((row) => row[model.primaryKey]!)
          .sort(),
      exists: async (model, conditions, exceptId) =>
        this.rows(model.table).some(
          (row) =>
            row[model.primaryKey] !== exceptId &&
            conditions.every(({column, value, caseSensitive}) => same(row[column] ?? null, value, caseSensitive)),
        ),
      readColumn: async (table, _primaryKey, id, column) => this.get(table, String(id))?.[column],
    };
  }
}

function same(a: JSONValue, b: JSONValue, caseSensitive: boolean): boolean {
  if (!caseSensitive && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}
