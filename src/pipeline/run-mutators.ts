import type {ModelMutator, MutatorContext} from './mutator-context.ts';

/**
 * Runs the model mutators over a fresh context, in order, and returns it: the
 * attributes to write and the pending activity log. The same function runs on
 * the device (the write pipeline) and on the server (which derives the log
 * again from the row's true values), so both compute logs the same way.
 */
export function runMutators(mutators: readonly ModelMutator[], input: Omit<MutatorContext, 'pendingActivityLog'>): MutatorContext {
  const ctx: MutatorContext = {...input, attributes: {...input.attributes}, pendingActivityLog: null};
  for (const mutator of mutators) mutator(ctx);
  return ctx;
}
