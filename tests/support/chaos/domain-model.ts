import type {Batch, RowValue} from '../../../src/contract/batch.ts';
import type {JSONValue} from '../../../src/contract/model-config.ts';

/** A job as the model expects it in PostgreSQL (the columns the chaos devices write, plus what the server derives from them). */
export interface ModelJob {
  readonly id: string;
  client_id: string;
  title: string;
  status: string;
  priority: number;
  /** `discarded_at` is the server's clock: the model knows only whether it is set. */
  discarded: boolean;
  /** Bumped by the server on every update that changes something: counts effective updates, so a double apply shows. */
  lock_version: number;
}

/** A task as the model expects it. */
export interface ModelTask {
  readonly id: string;
  job_id: string;
  title: string;
  completed: boolean;
  position: number;
}

/** An activity log the model expects, keyed by the id of the device's log op (the server keeps it). */
export interface ModelLog {
  readonly id: string;
  readonly action: string;
  readonly loggable_type: string;
  readonly loggable_id: string;
  readonly user_id: string;
}

const CLASS_OF: Readonly<Record<string, string>> = {jobs: 'Job', tasks: 'Task'};
/** Columns the server owns: the device's values are never taken (Rails timestamps, the lock version). */
const SERVER_OWNED = new Set(['created_at', 'updated_at', 'lock_version']);

/**
 * The chaos checker's model of the domain tables: a sequential replay of
 * the applied batches, in server order, written independently of the
 * server's apply code (src/apply) so that the two can disagree. It knows
 * the semantics the chaos devices rely on:
 * - insert: a new row, defaults for what the batch leaves out; one
 *   `created` log;
 * - update: only columns whose value really changes count; none ⇒ nothing
 *   is written or logged (and the lock version stays); otherwise the lock
 *   version goes up by one; `discarded_at` null → set is a discard;
 * - delete: the row goes, and (Rails' `dependent: :destroy`) its tasks; a
 *   delete of a row already gone is a no-op;
 * - a log op is written when its record's row op in the same batch was.
 * The activity logs of dependents (ids the server makes up) are not
 * modelled; every log whose id a device made is.
 */
export class DomainModel {
  readonly jobs = new Map<string, ModelJob>();
  readonly tasks = new Map<string, ModelTask>();
  readonly logs = new Map<string, ModelLog>();
  /** Problems of the replay itself (a batch the model cannot apply, though the server says it did). */
  readonly problems: string[] = [];

  /** Applies one batch that the server applied, made by a device acting as `userID`. */
  apply(batch: Batch, userID: string): void {
    const written = new Map<string, string>(); // `table\0id` → the log action the write carries
    for (const op of batch.ops) {
      if (op.op === 'log') continue;
      if (op.table !== 'jobs' && op.table !== 'tasks') {
        this.problems.push(`batch ${batch.id}: table ${op.table} is not modelled`);
        continue;
      }
      if (op.op === 'insert' || op.op === 'upsert') {
        const id = String(op.value.id);
        if (op.table === 'jobs') this.jobs.set(id, newJob(op.value));
        else this.tasks.set(id, newTask(op.value));
        written.set(key(op.table, id), 'created');
      } else if (op.op === 'update') {
        const id = String(op.value.id);
        const row: ModelJob | ModelTask | undefined = op.table === 'jobs' ? this.jobs.get(id) : this.tasks.get(id);
        if (row === undefined) {
          this.problems.push(`batch ${batch.id}: update of ${op.table} ${id}, which the replay does not have`);
          continue;
        }
        if (this.#update(op.table, row, op.value)) written.set(key(op.table, id), 'updated');
      } else {
        const id = String(op.id.id);
        if (op.table === 'jobs') {
          if (!this.jobs.delete(id)) continue;
          for (const task of [...this.tasks.values()]) if (task.job_id === id) this.tasks.delete(task.id);
        } else if (!this.tasks.delete(id)) continue;
        written.set(key(op.table, id), 'deleted');
      }
    }
    for (const op of batch.ops) {
      if (op.op !== 'log') continue;
      const kind = written.get(key(op.loggable.table, op.loggable.id));
      if (kind === undefined) continue;
      // An update's action is the device's (the model's column → action mapping is the generated one); the others are fixed.
      const action = kind === 'updated' ? String(op.value.action) : kind;
      const id = String(op.value.id);
      this.logs.set(id, {id, action, loggable_type: CLASS_OF[op.loggable.table] ?? op.loggable.table, loggable_id: op.loggable.id, user_id: userID});
    }
  }

  /** Applies the changed columns; true when anything changed. */
  #update(table: string, row: ModelJob | ModelTask, value: RowValue): boolean {
    let changed = false;
    const target = row as unknown as Record<string, JSONValue>;
    for (const [column, next] of Object.entries(value)) {
      if (column === 'id' || SERVER_OWNED.has(column)) continue;
      if (table === 'jobs' && column === 'discarded_at') {
        const discarded = next !== null;
        // null → set, or set → null: a change; set → set: the server writes the new time (still a change of the row).
        if (discarded !== (row as ModelJob).discarded || discarded) {
          (row as ModelJob).discarded = discarded;
          changed = true;
        }
        continue;
      }
      if (target[column] !== next) {
        target[column] = next;
        changed = true;
      }
    }
    if (changed && table === 'jobs') (row as ModelJob).lock_version += 1;
    return changed;
  }
}

function key(table: string, id: string): string {
  return `${table}\0${id}`;
}

function newJob(value: RowValue): ModelJob {
  return {
    id: String(value.id),
    client_id: String(value.client_id),
    title: String(value.title),
    status: typeof value.status === 'string' ? value.status : 'open',
    priority: typeof value.priority === 'number' ? value.priority : 2,
    discarded: value.discarded_at !== undefined && value.discarded_at !== null,
    lock_version: 0,
  };
}

function newTask(value: RowValue): ModelTask {
  return {
    id: String(value.id),
    job_id: String(value.job_id),
    title: String(value.title),
    completed: value.completed === true,
    position: typeof value.position === 'number' ? value.position : 0,
  };
}
