// Delete with a 5-second Undo for models without soft delete: the row is
// destroyed now (its `deleted` log written), and Undo writes it back — same id,
// same values — in a new batch. Soft-deletable models use discard/undiscard
// instead (JobScreen).
import {announce, type Write} from './feedback.ts';

interface Destroyable {
  readonly id: string;
  destroy(): Write;
}

interface Creatable {
  readonly config: {readonly columns: Readonly<Record<string, unknown>>};
  create(attrs: never): Write;
}

const SERVER_STAMPS = new Set(['created_at', 'updated_at', 'lock_version']);

export function undoableDestroy(what: string, record: Destroyable, Model: Creatable): void {
  const values: Record<string, unknown> = {};
  for (const column of Object.keys(Model.config.columns)) {
    if (!SERVER_STAMPS.has(column)) values[column] = (record as unknown as Record<string, unknown>)[column];
  }
  announce(`${what} deleted`, () => record.destroy(), {
    undo: () => {
      announce(`${what} restored`, () => (Model.create as (attrs: object) => Write)(values));
    },
  });
}
