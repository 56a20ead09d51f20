import type {PlainRow} from '../../record/evaluate-query-spec.ts';
import type {QuerySpec} from '../../record/query-spec.ts';
import type {Batch} from '../batch.ts';
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

/** Most pending batches the overlay reads (a bound, not a policy: 10,000 pending is already extreme). */
const MAX_OVERLAY_BATCHES = 20_000;

/**
 * The overlay over the outbox: every pending batch (from any tab of the
 * device) except those this tab's Zero holds optimistically (`heldByZero`),
 * re-read after every committed outbox change and whenever `invalidate()` is
 * called (Zero took or dropped a batch). Reads are coalesced.
 */
export class OutboxOverlay implements OverlaySource {
  readonly #store: OutboxStore;
  readonly #heldByZero: (batchId: string) => boolean;
  readonly #config: OverlayModels;
  readonly #listeners = new Set<() => void>();
  #batches: readonly Batch[] = [];
  #refreshing: Promise<void> = Promise.resolve();
  #queued = false;
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
      if (change.kind !== 'attempt') this.invalidate();
    });
    this.invalidate();
    await this.#refreshing;
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

  /** Re-reads the pending batches (coalesced). */
  invalidate(): void {
    if (this.#queued || this.#closed) return;
    this.#queued = true;
    this.#refreshing = this.#refreshing.then(async () => {
      this.#queued = false;
      if (this.#closed) return;
      try {
        const records = await this.#store.peek(MAX_OVERLAY_BATCHES);
        const next = records.filter((r) => !this.#heldByZero(r.batchId)).map((r) => r.batch);
        if (sameIds(next, this.#batches)) return;
        this.#batches = next;
        for (const listener of [...this.#listeners]) listener();
      } catch {
        // The store closed: keep the last view.
      }
    });
  }

  /** Resolves once the overlay reflects every change made before the call. */
  async settled(): Promise<void> {
    this.invalidate();
    await this.#refreshing;
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe?.();
    this.#listeners.clear();
  }
}

function sameIds(a: readonly Batch[], b: readonly Batch[]): boolean {
  return a.length === b.length && a.every((batch, i) => batch.id === b[i]?.id);
}
