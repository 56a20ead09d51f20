import type {RowValue} from '../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import {ConditionRaisedError, columnDefaults, conditionHolds, humanizeAttribute} from '../contract/validate-record.ts';
import type {TransactionReader, UniqueCondition} from './transaction-reader.ts';

/**
 * Rails' uniqueness validations of `model`, checked against the table inside
 * the batch's transaction (`scope:` columns included, `case_sensitive: false`
 * compares lower-cased). Two concurrent batches may still both pass; the
 * database's unique index then refuses one of them (`constraint_violation`).
 */
export async function uniquenessErrors(
  model: ModelConfig,
  row: RowValue,
  exceptId: JSONValue | null,
  reader: TransactionReader,
  /** The persisted row before this write (update), for `attr_changed?` conditions; creates compare with the column defaults. */
  previous?: Readonly<Record<string, unknown>>,
): Promise<{errors: Record<string, string[]>; fullMessages: string[]}> {
  const errors: Record<string, string[]> = {};
  const fullMessages: string[] = [];
  for (const v of model.validations) {
    if (v.kind !== 'uniqueness') continue;
    // The same `on:` / `if:` / `unless:` as every other validation (validateRecord).
    const on = v.options['on'];
    const context = exceptId === null ? 'create' : 'update';
    if ((on === 'create' || on === 'update') && on !== context) continue;
    // A condition where Ruby raises is already an error of validateRecord (the same conditions): no query.
    try {
      const before = previous ?? (context === 'create' ? columnDefaults(model) : undefined);
      if (v.if !== undefined && !conditionHolds(v.if, row, context, before)) continue;
      if (v.unless !== undefined && conditionHolds(v.unless, row, context, before)) continue;
    } catch (error) {
      if (error instanceof ConditionRaisedError) continue;
      throw error;
    }
    const value = row[v.attribute] ?? null;
    if ((v.allowNil || v.allowBlank) && (value === null || value === '')) continue;
    const scope = v.options['scope'];
    const scopeColumns = typeof scope === 'string' ? [scope] : Array.isArray(scope) ? scope.filter((s): s is string => typeof s === 'string') : [];
    const caseSensitive = v.options['caseSensitive'] !== false;
    const conditions: UniqueCondition[] = [
      {column: v.attribute, value, caseSensitive},
      ...scopeColumns.map((column) => ({column, value: row[column] ?? null, caseSensitive: true})),
    ];
    if (!(await reader.exists(model, conditions, exceptId))) continue;
    const message = v.message ?? 'has already been taken';
    (errors[v.attribute] ??= []).push(message);
    fullMessages.push(`${humanizeAttribute(v.attribute)} ${message}`);
  }
  return {errors, fullMessages};
}
