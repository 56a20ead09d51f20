import type {Batch} from '../../contract/batch.ts';
import type {DeadLetterRecord, OutboxRecord} from '../outbox/outbox-record.ts';
import type {OutboxStore} from '../outbox/outbox-store.ts';

/**
 * What the UI does with rejected batches (I5): list them, retry (possibly
 * after editing) or discard. Retrying puts the batch where the replay policy
 * needs it (see `OutboxStore.retry`): at the tail with `continue`, back at its
 * original place with `halt`, so a halted queue keeps its creation order. A
 * halted replayer resumes by itself once the blocking dead letter is gone.
 *
 * @example
 * const deadLetters = new DeadLetters(store, {onRejection: 'continue'});
 * for (const d of await deadLetters.list()) console.log(d.batchId, d.rejection.message);
 * await deadLetters.retry(d.batchId, {...d.batch, id: crypto.randomUUID(), ops: fixedOps});
 */
export class DeadLetters {
  readonly #store: OutboxStore;
  readonly #position: 'tail' | 'original';

  constructor(store: OutboxStore, options: {onRejection?: 'continue' | 'halt' | undefined} = {}) {
    this.#store = store;
    this.#position = options.onRejection === 'halt' ? 'original' : 'tail';
  }

  /** Oldest first. */
  list(): Promise<readonly DeadLetterRecord[]> {
    return this.#store.listDeadLetters();
  }

  count(): Promise<number> {
    return this.#store.countDeadLetters();
  }

  /**
   * Queues the batch again. Unedited, it keeps its id (the server never
   * recorded a rejected batch). Edited, it must carry a new id
   * (`EditedBatchIdError`); the caller re-applies its optimistic effects.
   */
  retry(batchId: string, editedBatch?: Batch): Promise<OutboxRecord> {
    return this.#store.retry(batchId, {batch: editedBatch, position: this.#position});
  }

  /** Forgets the batch for good; its optimistic effects were already undone when it was rejected. */
  discard(batchId: string): Promise<void> {
    return this.#store.discard(batchId);
  }

  subscribe(listener: () => void): () => void {
    return this.#store.subscribe((change) => {
      if (change.kind === 'dead-letter' || change.kind === 'discard' || change.kind === 'retry') listener();
    });
  }
}
