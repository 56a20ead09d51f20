/**
 * The PostgreSQL publication zero-cache replicates (`ZERO_APP_PUBLICATIONS`).
 * The generator writes it (`generated/publication.sql`): every table of the
 * Zero schema with a column list of only its synced columns, so secrets and
 * `ZERO_PRIVATE` columns never leave PostgreSQL — zero-cache does not even
 * hold them. Without it zero-cache would publish every column of every table.
 * Publication names may not start with `_` (zero-cache reserves the prefix).
 */
export const SYNC_PUBLICATION = 'zero_active_models';
