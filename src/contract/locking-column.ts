import type {ModelConfig} from './model-config.ts';

/** Rails' default `locking_column`: optimistic locking is on for every table that has it. */
export const LOCKING_COLUMN = 'lock_version';

/** The model's optimistic-locking column, or null when its table has none (then the last write wins, as in Rails). */
export function lockingColumn(model: ModelConfig): string | null {
  return Object.hasOwn(model.columns, LOCKING_COLUMN) ? LOCKING_COLUMN : null;
}
