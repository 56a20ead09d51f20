import type {RowValue} from '../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {ReadColumn} from './resolve-log-references.ts';

/** One column condition of a uniqueness check: `column = value` (`lower()` on both sides when case-insensitive). */
export interface UniqueCondition {
  readonly column: string;
  readonly value: JSONValue;
  readonly caseSensitive: boolean;
}

/** What the authoritative apply reads inside the batch's transaction (the server implements it over SQL). */
export interface TransactionReader {
  /**
   * Locks the row (`SELECT … FOR UPDATE`, so no concurrent batch changes it
   * before this one commits) and returns it as Zero rows look (timestamps as
   * epoch ms), or undefined when there is no such row.
   */
  lockRow(model: ModelConfig, id: JSONValue): Promise<RowValue | undefined>;
  /**
   * The primary keys of the rows of `model` matching every condition, locked
   * (`FOR UPDATE`) and in key order — the children a `dependent:` option acts on.
   */
  lockMatching(model: ModelConfig, conditions: readonly {readonly column: string; readonly value: JSONValue}[]): Promise<JSONValue[]>;
  /** Whether a row other than `exceptId` matches every condition (Rails' uniqueness validation). */
  exists(model: ModelConfig, conditions: readonly UniqueCondition[], exceptId: JSONValue | null): Promise<boolean>;
  /** One column of one row by primary key (activity-log references). */
  readColumn: ReadColumn;
}
