/**
 * A committed change of the outbox or dead-letter store. Listeners receive it
 * after the change is durable, in this tab and (through an
 * `OutboxChangeChannel`) in the other tabs of the device, so the replaying tab
 * wakes when another tab appends and every tab's sync status stays current.
 */
export type OutboxChange =
  | {readonly kind: 'append'; readonly batchId: string; readonly seq: number}
  | {readonly kind: 'remove'; readonly batchId: string}
  | {readonly kind: 'attempt'; readonly batchIds: readonly string[]}
  | {readonly kind: 'dead-letter'; readonly batchId: string}
  | {readonly kind: 'discard'; readonly batchId: string}
  | {readonly kind: 'retry'; readonly batchId: string; readonly newBatchId: string; readonly seq: number};

export type OutboxChangeListener = (change: OutboxChange) => void;
