/**
 * The `code` in the details of the app error the server mutator answers with
 * for a batch id it had applied before (exactly once, I3). Clients read it as
 * a confirmation, not a rejection.
 */
export const ALREADY_APPLIED = 'already_applied' as const;
