/**
 * Tables zero-active-models itself needs in the application database. They
 * live in their own schema, outside `public`, so zero-cache does not replicate
 * them and they never clash with Rails tables. Idempotent: run on every start
 * (it also upgrades a database made by an earlier version).
 */
export const INFRASTRUCTURE_DDL = `
CREATE SCHEMA IF NOT EXISTS zam;
-- I3 exactly once: a batch id is recorded in the same transaction as the
-- batch's rows; a second arrival of the same id finds it and applies nothing.
-- content_hash: sha256 of the batch's canonical JSON, so a reused id with
-- other content is told apart from a replay (batch_id_conflict).
CREATE TABLE IF NOT EXISTS zam.applied_batches (
  batch_id uuid PRIMARY KEY,
  user_id text NOT NULL,
  op_count integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_txid bigint NOT NULL DEFAULT txid_current()
);
ALTER TABLE zam.applied_batches ADD COLUMN IF NOT EXISTS content_hash text;
-- Zero client groups and clients belong to the user who first pushed for them:
-- nobody else may consume their mutation ids or clean up their results.
CREATE TABLE IF NOT EXISTS zam.client_owners (
  kind text NOT NULL CHECK (kind IN ('group', 'client')),
  id text NOT NULL,
  user_id text NOT NULL,
  bound_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, id)
);
`;
