import type {Batch} from '../../../src/contract/batch.ts';

/** One batch a device made, as the chaos history records it. */
export interface MadeBatch {
  readonly device: number;
  /** Position among this device's batches (creation order). */
  readonly index: number;
  readonly batchId: string;
  readonly kind: string;
  /** The batch as made (the final-state check replays it). */
  readonly batch: Batch;
  /** Rows the batch inserts (table, id). */
  readonly created: readonly {readonly table: string; readonly id: string}[];
  /** Ids of the batch's activity-log ops (the server keeps them for the logs it derives). */
  readonly logIds: readonly string[];
  /** Jobs the batch deletes. */
  readonly destroyed: readonly string[];
  /** Records the batch's logs belong to. */
  readonly loggables: readonly string[];
}

/** What a device was told about a batch (its write's `server` promise). */
export interface Ack {
  readonly device: number;
  readonly batchId: string;
  readonly outcome: 'applied' | 'already-applied' | 'rejected';
}

export interface DeadLetterSeen {
  readonly device: number;
  readonly batchId: string;
  readonly reason: string;
}

export interface FaultInjected {
  readonly atMs: number;
  readonly kind: string;
  readonly device?: number | undefined;
}

/** Everything the checker compares PostgreSQL against. */
export class ChaosHistory {
  readonly batches: MadeBatch[] = [];
  readonly acks: Ack[] = [];
  readonly deadLetters: DeadLetterSeen[] = [];
  readonly faults: FaultInjected[] = [];
  readonly #counts = new Map<number, number>();

  made(device: number, kind: string, batch: Batch): void {
    const index = this.#counts.get(device) ?? 0;
    this.#counts.set(device, index + 1);
    this.batches.push({
      device,
      index,
      batchId: batch.id,
      kind,
      batch,
      created: batch.ops.flatMap((op) => (op.op === 'insert' ? [{table: op.table, id: String(op.value.id)}] : [])),
      logIds: batch.ops.flatMap((op) => (op.op === 'log' ? [String(op.value.id)] : [])),
      destroyed: batch.ops.flatMap((op) => (op.op === 'delete' ? [String(op.id.id)] : [])),
      loggables: batch.ops.flatMap((op) => (op.op === 'log' ? [op.loggable.id] : [])),
    });
  }

  faultCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const fault of this.faults) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
    return counts;
  }
}
