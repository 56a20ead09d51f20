import type {RowValue} from '../contract/batch.ts';

/** The CRUD surface of a Zero transaction (`tx.mutate.<table>`), schema-agnostic. */
export interface TableWriter {
  insert(value: RowValue): Promise<void>;
  upsert(value: RowValue): Promise<void>;
  update(value: RowValue): Promise<void>;
  delete(id: RowValue): Promise<void>;
}

export type TableWriters = Readonly<Record<string, TableWriter>>;
