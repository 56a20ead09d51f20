/**
 * Tables zero-active-models itself needs in the application database. They
 * live in their own schema, outside `public`, so zero-cache does not replicate
 * them and they never clash with Rails tables. Idempotent: run on every start.
 */
export const INFRASTRUCTURE_DDL = `
CREATE SCHEMA IF NOT EXISTS zam;
-- I3 exactly once: a batch id is recorded in the same transaction as the
-- batch's rows; a second arrival of the same id finds it and applies nothing.
CREATE TABLE IF NOT EXISTS zam.applied_batches (
  batch_id uuid PRIMARY KEY,
  user_id text NOT NULL,
  op_count integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_txid bigint NOT NULL DEFAULT txid_current()
);
`;
