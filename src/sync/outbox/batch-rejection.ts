/**
 * Why the server refused a batch for good (an `app` error: validation,
 * authorization, constraint). The whole batch was rolled back, so nothing of it
 * is in PostgreSQL. `opIndex` points into `batch.ops` when one op is to blame.
 * Stored with dead letters: a persisted shape, change it only additively.
 */
export interface BatchRejection {
  readonly code: string;
  readonly message: string;
  readonly table?: string | undefined;
  readonly opIndex?: number | undefined;
}
