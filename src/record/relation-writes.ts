import type {ModelCore} from './model-core.ts';
import {transaction} from './transaction.ts';
import {afterLoad, type WriteOperation} from './write-operation.ts';

type Rec = Record<string, unknown>;

/**
 * A write of every record a relation matches, as ONE batch (a transaction,
 * or the open one it joins): the records are loaded, then each is written as
 * a model write — with its validations and its own activity log. Unlike
 * Rails' `update_all`/`delete_all`, which skip both, so nothing a person
 * changes here escapes the audit trail. Resolves with the number of records.
 */
export function writeEach(
  core: ModelCore<object, unknown>,
  load: () => Promise<readonly unknown[]>,
  write: (record: Rec) => WriteOperation<unknown>,
): WriteOperation<number> {
  return afterLoad(load(), (records) =>
    transaction(async () => {
      // Sequential: each write sees the previous one's effects (lock versions, list positions).
      for (const record of records) await write(record as Rec);
      return records.length;
    }, core.deps.writer),
  );
}
