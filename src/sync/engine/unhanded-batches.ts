/**
 * Batches of this tab that are in the outbox but not yet handed to the sync
 * client (it was offline, or an earlier batch was still waiting — handing a
 * later one first would let it overtake, I2). While any is here, new writes
 * wait too; the overlay shows them all (I6), and the replayer hands them in
 * seq order. `onChange` runs on every real change (the overlay re-filters).
 */
export class UnhandedBatches {
  readonly #ids = new Set<string>();
  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  get size(): number {
    return this.#ids.size;
  }

  has(batchId: string): boolean {
    return this.#ids.has(batchId);
  }

  add(batchId: string): void {
    if (this.#ids.has(batchId)) return;
    this.#ids.add(batchId);
    this.#onChange();
  }

  delete(batchId: string): void {
    if (this.#ids.delete(batchId)) this.#onChange();
  }
}
