import type {PlainRow} from '../../contract/evaluate-query-spec.ts';
import type {QuerySpec} from '../../contract/query-spec.ts';
import type {Batch} from '../../contract/batch.ts';
import type {OutboxRecord} from '../outbox/outbox-record.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';
import {applyOverlay, type OverlayModels} from './apply-overlay.ts';

/**
 * What a data source calls to show pending writes Zero does not hold (I6).
 *
 * @example
 * // in a ModelDataSource: wrap Zero's view
 * const show = () => listener(overlay.apply(spec, view.data), resultType);
 * view.addListener(show); const off = overlay.subscribe(show);
 */
export interface OverlaySource {
  /** Pending batches Zero does not hold, oldest first. */
  readonly batches: readonly Batch[];
  /** `rows` (Zero's result for `spec`) with those batches applied; `rows` itself when nothing applies. */
  apply(spec: QuerySpec, rows: readonly PlainRow[]): readonly PlainRow[];
  /** Called whenever `batches` changes. */
  subscribe(listener: () => void): () => void;
}

/**
 * The overlay over the outbox: every pending batch (from any tab of the
 * device) except those this tab's Zero holds optimistically (`heldByZero`).
 *
 * Cost: the outbox is read once at start; after that every committed change
 * is applied incrementally (an append or retry reads that one record, a
 * removal reads nothing), so replaying 10,000 batches does not re-read the
 * outbox 10,000 times. `invalidate()` (Zero took or dropped a batch) only
 * re-filters in memory. Listeners hear only real changes of `batches`.
 */
export class OutboxOverlay implements OverlaySource {
  readonly #store: OutboxStore;
  readonly #heldByZero: (batchId: string) => boolean;
  readonly #config: OverlayModels;
  readonly #listeners = new Set<() => void>();
  /** Every pending record, in seq order (Map insertion order is fixed by `#insert`). */
  #records = new Map<string, OutboxRecord>();
  #lastSeq = 0;
  #batches: readonly Batch[] = [];
  #reads: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(store: OutboxStore, heldByZero: (batchId: string) => boolean, config: OverlayModels) {
    this.#store = store;
    this.#heldByZero = heldByZero;
    this.#config = config;
  }

  get batches(): readonly Batch[] {
    return this.#batches;
  }

  async start(): Promise<void> {
    this.#unsubscribe = this.#store.subscribe((change) => {
      switch (change.kind) {
        case 'append':
          return this.#read(change.batchId);
        case 'retry':
          return this.#read(change.newBatchId);
        case 'remove':
        case 'dead-letter':
          if (this.#records.delete(change.batchId)) this.invalidate();
          return;
        default:
          return;
      }
    });
    const all = await this.#store.peek(1_000_000);
    for (const record of all) this.#insert(record);
    this.invalidate();
  }

  apply(spec: QuerySpec, rows: readonly PlainRow[]): readonly PlainRow[] {
    if (this.#batches.length === 0) return rows;
    return applyOverlay(spec, rows, this.#batches, this.#config);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Re-filters the pending batches (Zero took or dropped one); notifies on a change. */
  invalidate(): void {
    if (this.#closed) return;
    const next: Batch[] = [];
    for (const record of this.#records.values()) if (!this.#heldByZero(record.batchId)) next.push(record.batch);
    if (sameIds(next, this.#batches)) return;
    this.#batches = next;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves once every change notified before the call is reflected. */
  async caughtUp(): Promise<void> {
    await this.#reads;
    this.invalidate();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe?.();
    this.#listeners.clear();
  }

  #read(batchId: string): void {
    this.#reads = this.#reads.then(async () => {
      try {
        const record = await this.#store.get(batchId);
        if (record === undefined || this.#closed) return;
        this.#insert(record);
        this.invalidate();
      } catch {
        // The store closed: keep the last view.
      }
    });
  }

  #insert(record: OutboxRecord): void {
    this.#records.set(record.batchId, record);
    if (record.seq > this.#lastSeq) {
      this.#lastSeq = record.seq;
      return;
    }
    // A retry at its original seq: restore seq order (rare).
    this.#records = new Map([...this.#records.values()].sort((a, b) => a.seq - b.seq).map((r) => [r.batchId, r]));
  }
}

function sameIds(a: readonly Batch[], b: readonly Batch[]): boolean {
  return a.length === b.length && a.every((batch, i) => batch.id === b[i]?.id);
}
