/**
 * The one custom mutator every write travels through, as [namespace, name]
 * (`zam.batch`). Client and server registries must use the same name.
 */
export const BATCH_MUTATOR_NAME = ['zam', 'batch'] as const;
