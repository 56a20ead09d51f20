import type {JSONValue, ListConfig, ModelConfig} from '../contract/model-config.ts';
import {QUERY_SPEC_VERSION, type QuerySpec} from '../contract/query-spec.ts';
import {NotAListError} from '../errors/not-a-list-error.ts';
import type {ModelCore} from './model-core.ts';
import {transaction} from './transaction.ts';
import {openTransaction} from './transaction-scope.ts';
import {afterLoad, type WriteOperation} from './write-operation.ts';

type Rec = Record<string, unknown>;

/** Record methods of an ordered list's items (acts_as_list names), each ONE batch. */
export const LIST_METHODS = ['move_to', 'insert_at', 'move_higher', 'move_lower', 'move_to_top', 'move_to_bottom'] as const;
export type ListMethod = (typeof LIST_METHODS)[number];

function listOf(config: ModelConfig, method: string): ListConfig {
  if (config.list === undefined) throw new NotAListError(config.name, method);
  return config.list;
}

/** The spec of the list a record belongs to (same scope values), in list order. */
function listSpec(config: ModelConfig, list: ListConfig, rec: Rec): QuerySpec {
  return {
    v: QUERY_SPEC_VERSION,
    table: config.table,
    where: list.scope.map((column) => ({type: 'simple', column, op: value(rec[column]) === null ? 'IS' : '=', value: value(rec[column])}) as const),
    orderBy: [[list.column, 'asc']],
    limit: null,
    offset: 0,
    includes: [],
  };
}

const value = (v: unknown): string | number | boolean | null => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null);

/**
 * The position a new item of a list gets when none was given: after the last
 * one (acts_as_list's `add_new_at: :bottom`). Inside a transaction the tail
 * is remembered per list, so several new items of one parent made in one
 * batch get consecutive positions before any of them is stored.
 */
export async function appendPosition(core: ModelCore<object, unknown>, list: ListConfig, rec: Rec): Promise<number> {
  const key = `list-tail\0${core.config.table}\0${list.scope.map((c) => String(rec[c])).join('\0')}`;
  const tx = openTransaction();
  const remembered = tx?.memo.get(key);
  let next: number;
  if (typeof remembered === 'number') {
    next = remembered + 1;
  } else {
    const spec: QuerySpec = {...listSpec(core.config, list, rec), orderBy: [[list.column, 'desc']], limit: 1};
    const [last] = await core.deps.source.run(spec);
    const lastPosition = last?.[list.column];
    next = typeof lastPosition === 'number' ? lastPosition + 1 : list.top;
  }
  tx?.memo.set(key, next);
  return next;
}

/**
 * Moves a list item to `position` (as stored: the top is `list.top`, 1 by
 * default, as in acts_as_list), clamped to the list. The positions that
 * change are rewritten in ONE batch with ONE `reordered` log on the parent
 * (the items' own position changes log nothing each); the server derives that
 * log again from the true rows.
 */
export function moveTo(core: ModelCore<object, unknown>, rec: Rec, target: (current: number, size: number, top: number) => number, method: ListMethod): WriteOperation<unknown> {
  let list: ListConfig;
  try {
    list = listOf(core.config, method);
  } catch (error) {
    return Promise.reject(error) as never;
  }
  const pk = core.config.primaryKey;
  const load = core.deps.source.run(listSpec(core.config, list, rec));
  return afterLoad(load, (rows) =>
    transaction(async () => {
      const items: Rec[] = rows.map((row) => (row[pk] === rec[pk] ? rec : (core.wrap(row) as Rec)));
      if (!items.includes(rec)) items.push(rec);
      const index = items.indexOf(rec);
      const wanted = Math.min(Math.max(target(index + list.top, items.length, list.top), list.top), list.top + items.length - 1);
      const order = items.filter((item) => item !== rec);
      order.splice(wanted - list.top, 0, rec);
      const moves: {id: JSONValue; name?: string; from: JSONValue; to: number}[] = [];
      const display = core.config.display;
      for (const [k, item] of order.entries()) {
        const position = list.top + k;
        if (item[list.column] === position) continue;
        const name = display === undefined || display === null ? undefined : item[display];
        const move = {id: item[pk] as JSONValue, from: (item[list.column] ?? null) as JSONValue, to: position};
        moves.push(name === undefined || name === null ? move : {id: move.id, name: String(name), from: move.from, to: move.to});
        await core.change(item, {[list.column]: position});
      }
      if (moves.length > 0) await logReorder(core, list, rec, moves);
      return rec;
    }, core.deps.writer),
  );
}

/** The parent's `reordered` log, as the server will derive it (the optimistic copy the device shows at once). */
async function logReorder(core: ModelCore<object, unknown>, list: ListConfig, rec: Rec, moves: readonly {id: JSONValue; name?: string; from: JSONValue; to: number}[]): Promise<void> {
  const scope = list.scope[0];
  const toParent = Object.values(core.config.associations).find((a) => a.kind === 'belongs_to' && a.foreignKey === scope && a.table !== undefined);
  const parent = toParent?.table === undefined ? undefined : core.modelFor(toParent.table);
  const parentId = scope === undefined ? undefined : rec[scope];
  if (parent === undefined || (typeof parentId !== 'string' && typeof parentId !== 'number')) return;
  const association = Object.values(parent.associations).find((a) => a.table === core.config.table && a.foreignKey === scope && a.kind !== 'belongs_to');
  await core.logOn(parent, parentId, {action: 'reordered', metadata: {association: association?.name ?? null, moves: moves.map((m) => ({...m}))}});
}

/** How each list method picks the target position from the item's current one. */
export const LIST_TARGETS: Readonly<Record<ListMethod, (arg: number | undefined) => (current: number, size: number, top: number) => number>> = {
  move_to: (position) => () => position ?? 0,
  insert_at: (position) => () => position ?? 0,
  move_higher: () => (current) => current - 1,
  move_lower: () => (current) => current + 1,
  move_to_top: () => (_current, _size, top) => top,
  move_to_bottom: () => (_current, size, top) => top + size - 1,
};
