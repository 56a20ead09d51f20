import {comparator, existsOver, matches, type PlainRow} from '../../contract/evaluate-query-spec.ts';
import type {ActivityLogConfig, ModelConfig} from '../../contract/model-config.ts';
import type {QueryCondition, QuerySpec} from '../../contract/query-spec.ts';
import type {Batch, BatchOp} from '../../contract/batch.ts';

export interface OverlayModels {
  readonly models: Readonly<Record<string, ModelConfig>>;
  readonly activityLog?: ActivityLogConfig | undefined;
}

/**
 * Applies pending batches (oldest first) to the rows Zero returned for
 * `spec`, so a read shows writes Zero does not hold (I6): inserts appear,
 * updates patch, deletes hide. Rows are keyed by primary key, so a row Zero
 * already has is patched, never doubled. The result is filtered, ordered and
 * limited like the query (`limit + offset` rows, the offset not dropped — the
 * model layer drops it, as for Zero's rows).
 *
 * Limits, by design of a pure function over one query's rows: an update can
 * only patch a row that is in `rows` or inserted by an earlier pending batch
 * (a row outside the query's filter is not known here); overlay rows carry no
 * `includes` of their own; an activity log's reference columns are resolved
 * only from its loggable (its id, and columns of a pending insert of it).
 * An EXISTS condition (a joined association) keeps Zero's verdict for a row
 * Zero returned whose key column for that association no pending op changed;
 * for any other row it is decided over the rows pending batches insert, so a
 * record written offline that points at a row only the server has shows once
 * Zero has it (and a pending delete of a related row is not seen).
 *
 * Returns `rows` itself when no pending op touches `spec.table`.
 */
export function applyOverlay(
  spec: QuerySpec,
  rows: readonly PlainRow[],
  batches: readonly Batch[],
  config: OverlayModels,
): readonly PlainRow[] {
  const table = spec.table;
  if (!batches.some((b) => b.ops.some((op) => op.table === table))) return rows;
  const pk = config.models[table]?.primaryKey ?? 'id';
  const byKey = new Map<string, PlainRow>();
  for (const row of rows) byKey.set(keyOf(row[pk]), row);
  // Rows inserted by pending batches, any table: log references resolve against them.
  const inserted = new Map<string, PlainRow>();

  for (const batch of batches) {
    for (const op of batch.ops) {
      if (op.op === 'insert' || op.op === 'upsert') inserted.set(`${op.table}:${keyOf(op.value[primaryKeyOf(config, op.table)])}`, op.value);
      if (op.table !== table) continue;
      applyOp(op, byKey, pk, config, inserted);
    }
  }

  const fromZero = new Map<string, PlainRow>();
  for (const row of rows) fromZero.set(keyOf(row[pk]), row);
  const models = new Map(Object.values(config.models).map((m) => [m.table, m] as const));
  const pendingRows = new Map<string, PlainRow[]>();
  for (const [key, row] of inserted) {
    const t = key.slice(0, key.indexOf(':'));
    pendingRows.set(t, [...(pendingRows.get(t) ?? []), row]);
  }
  const exists = existsOver((t) => pendingRows.get(t) ?? [], models, models.get(table));
  const keeps = (row: PlainRow, c: QueryCondition): boolean => {
    if (c.type === 'exists') {
      const original = fromZero.get(keyOf(row[pk]));
      const column = existsSourceColumn(config.models[table], c.association);
      if (original !== undefined && column !== undefined && original[column] === row[column]) return true;
    }
    return matches(row, c, exists);
  };
  let result = [...byKey.values()].filter((row) => spec.where.every((c) => keeps(row, c)));
  result.sort(comparator([...spec.orderBy, [pk, 'asc']]));
  if (spec.limit !== null) result = result.slice(0, spec.limit + spec.offset);
  return result;
}

function applyOp(
  op: BatchOp,
  byKey: Map<string, PlainRow>,
  pk: string,
  config: OverlayModels,
  inserted: ReadonlyMap<string, PlainRow>,
): void {
  switch (op.op) {
    case 'insert': {
      const key = keyOf(op.value[pk]);
      if (!byKey.has(key)) byKey.set(key, op.value);
      return;
    }
    case 'upsert': {
      const key = keyOf(op.value[pk]);
      byKey.set(key, {...byKey.get(key), ...op.value});
      return;
    }
    case 'update': {
      const key = keyOf(op.value[pk]);
      const existing = byKey.get(key);
      if (existing !== undefined) byKey.set(key, {...existing, ...op.value});
      return;
    }
    case 'delete':
      byKey.delete(keyOf(op.id[pk]));
      return;
    case 'log': {
      const key = keyOf(op.value[pk]);
      if (byKey.has(key)) return;
      byKey.set(key, logRow(op, config, inserted));
      return;
    }
  }
}

function logRow(op: Extract<BatchOp, {op: 'log'}>, config: OverlayModels, inserted: ReadonlyMap<string, PlainRow>): PlainRow {
  const log = config.activityLog;
  if (log === undefined) return op.value;
  const loggableModel = config.models[op.loggable.table];
  const parent = inserted.get(`${op.loggable.table}:${op.loggable.id}`);
  const row: Record<string, unknown> = {
    ...op.value,
    [log.loggableTypeColumn]: loggableModel?.className ?? op.loggable.table,
    [log.loggableIdColumn]: op.loggable.id,
  };
  for (const [column, target] of Object.entries(log.referenceColumns)) {
    if (target === op.loggable.table) row[column] = op.loggable.id;
    else if (parent?.[column] !== undefined) row[column] = parent[column];
  }
  return row;
}

/** The column of the queried row an association's EXISTS depends on (its first hop's source). */
function existsSourceColumn(model: ModelConfig | undefined, name: string, depth = 0): string | undefined {
  const assoc = model?.associations[name];
  if (assoc === undefined || depth > 4) return undefined;
  if (assoc.through !== undefined) return existsSourceColumn(model, assoc.through, depth + 1);
  return assoc.kind === 'belongs_to' ? assoc.foreignKey : assoc.primaryKey;
}

function primaryKeyOf(config: OverlayModels, table: string): string {
  return config.models[table]?.primaryKey ?? 'id';
}

function keyOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
