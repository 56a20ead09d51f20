import type {ModelConfig} from '../contract/model-config.ts';
import type {WriteIntent} from '../contract/write-intent.ts';
import type {EnumPredicates, ListMethods} from './model-types.ts';
import type {WriteOperation} from './write-operation.ts';
import type {ValidationResult} from '../contract/validate-record.ts';

/**
 * Instance methods every record has. They live on ONE prototype per model
 * (see `createRecordPrototype`), so a record is a plain object holding only
 * its column values: direct property access, no proxies, no per-record
 * closures.
 */
export interface RecordMethods<TRow> {
  /**
   * Validates, writes only the given columns, resolves with this record once
   * applied locally. Rails: `job.update(title: 'x')`.
   * A declared custom action and a note go into the write's activity log.
   * @example await job.update({title: 'Fix boiler'}); await job.update({title: 'x'}).server
   * @example await job.update({status: 'done'}, {action: 'completed', note: 'signed by customer'})
   */
  update(changes: Partial<TRow>, intent?: WriteIntent): WriteOperation<this>;
  /** Creates a new record or writes the columns changed since load. Rails: `job.save!`. */
  save(): WriteOperation<this>;
  /** Rails: `job.destroy`; a note goes into the `deleted` log. */
  destroy(intent?: WriteIntent): WriteOperation<this>;
  /** Soft delete (discard gem): `job.discard`. Throws on models without `discardable`. */
  discard(): WriteOperation<this>;
  /** Rails (discard gem): `job.undiscard`. */
  undiscard(): WriteOperation<this>;
  /** Runs client validations without writing. Rails: `job.valid?` + `job.errors`. */
  validate(): ValidationResult;
  /** Runs the model's validations on the current values: true when there are no errors (Rails `valid?`). */
  isValid(): boolean;
  /** Rails: `new_record?` — built with `Model.new`, not saved yet. */
  readonly isNewRecord: boolean;
  /** Rails: `persisted?` — saved and not destroyed. */
  readonly isPersisted: boolean;
  /** Rails: `destroyed?`. */
  readonly isDestroyed: boolean;
  /** discard gem: `discarded?` / `kept?`. */
  readonly isDiscarded: boolean;
  readonly isKept: boolean;
  /** The generated config of this record's model. */
  readonly modelConfig: ModelConfig;
}

/** Row columns made writable for forms (`bind:value={job.title}`); `save()` writes them. */
export type Writable<TRow> = {-readonly [K in keyof TRow]: TRow[K]};

/** A loaded or new record: columns as own properties, methods and enum predicates from the prototype. */
export type ModelRecord<TRow, C = ModelConfig> = Writable<TRow> & RecordMethods<TRow> & EnumPredicates<C> & ListMethods<C>;
