import type {JSONValue, ModelConfig} from '../contract/model-config.ts';

/** The display name of a row by primary key, or null when there is none (row gone, model without a display column). */
export type NameOf = (table: string, id: JSONValue) => Promise<string | null>;

/** A `NameOf` over column reads: the target model's display column. */
export function namesFrom(models: Readonly<Record<string, ModelConfig>>, read: (table: string, primaryKey: string, id: JSONValue, column: string) => Promise<JSONValue | undefined>): NameOf {
  return async (table, id) => {
    const model = models[table];
    const display = model?.display;
    if (model === undefined || display === undefined || display === null || id === null) return null;
    const value = await read(table, model.primaryKey, id, display);
    return value === undefined || value === null ? null : String(value);
  };
}

/**
 * What a log needs so a timeline can speak from it without lookups, added to
 * its metadata inside the write's transaction (by the device for its
 * optimistic copy, by the server for the one kept): for every changed
 * belongs_to key, the associated records' names before and after
 * (`references.assigned_to_id = {association, before: {id, name}, after: …}`),
 * and the acting user's name (`actor`).
 */
export async function enrichLog(
  metadata: Readonly<Record<string, JSONValue>>,
  model: ModelConfig,
  actor: {readonly table: string | undefined; readonly id: string; readonly name?: string | null | undefined},
  nameOf: NameOf,
): Promise<Record<string, JSONValue>> {
  const out: Record<string, JSONValue> = {...metadata};
  const changes = metadata['changes'];
  const belongsTo = model.loggable?.belongsTo ?? {};
  if (changes !== null && typeof changes === 'object' && !Array.isArray(changes)) {
    const references: Record<string, JSONValue> = {};
    for (const [column, change] of Object.entries(changes as Record<string, JSONValue>)) {
      const reference = belongsTo[column];
      if (reference === undefined || !Array.isArray(change)) continue;
      const side = async (id: JSONValue | undefined) => (id === null || id === undefined ? null : {id, name: await nameOf(reference.table, id)});
      references[column] = {association: reference.association, before: await side(change[0]), after: await side(change[1])};
    }
    if (Object.keys(references).length > 0) out['references'] = references;
  }
  if (actor.table !== undefined) {
    const name = actor.name ?? (await nameOf(actor.table, actor.id));
    if (name !== null) out['actor'] = {id: actor.id, name};
  }
  return out;
}
