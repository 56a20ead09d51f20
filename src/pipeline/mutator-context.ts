import type {RowValue} from '../contract/batch.ts';
import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import type {WriteIntent} from '../contract/write-intent.ts';

/** What a model write does to its row. */
export type WriteKind = 'create' | 'update' | 'destroy' | 'discard' | 'undiscard';

/** An activity log decided by the pipeline but not yet written (it travels in the parent's batch). */
export interface PendingActivityLog {
  readonly action: string;
  readonly metadata: Readonly<Record<string, JSONValue>>;
}

/**
 * What one model write carries through its mutators. Mutators edit
 * `attributes` (the columns to write) and may set `pendingActivityLog`; none
 * of them writes anything: the writer turns the final context into ONE batch.
 */
export interface MutatorContext {
  readonly model: ModelConfig;
  readonly operation: WriteKind;
  /** Primary key value of the row being written. */
  readonly id: string;
  /** The row before the write (null for create). */
  readonly before: RowValue | null;
  /** Columns this write sets: everything for create, only the changed columns for update. */
  attributes: Record<string, JSONValue>;
  /** Epoch ms of the write, the same for parent, timestamps and log. */
  readonly now: number;
  /** A declared custom action and a note for the log, when the write names them. */
  readonly intent?: WriteIntent | undefined;
  pendingActivityLog: PendingActivityLog | null;
}

/** One step of a model write. Synchronous and pure apart from editing `ctx`. */
export type ModelMutator = (ctx: MutatorContext) => void;
