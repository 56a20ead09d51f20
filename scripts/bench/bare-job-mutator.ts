import {defineMutator, defineMutators} from '@rocicorp/zero';

export interface BareJobArgs {
  readonly job: Readonly<Record<string, string | number>>;
  readonly log: Readonly<Record<string, string | number | Record<string, never>>>;
}

/**
 * The benchmark's baseline: the same two inserts as a model create (job + its
 * activity log) in ONE bare Zero custom mutator — no pipeline, no guard, no
 * idempotency record. Registered on both client and server by the benchmark only.
 */
export const bareMutators = defineMutators({
  bench: {
    jobWithLog: defineMutator(async ({tx, args}) => {
      const {job, log} = args as unknown as BareJobArgs;
      const mutate = tx.mutate as unknown as Record<string, {insert(v: unknown): Promise<void>}>;
      await mutate.jobs!.insert(job);
      await mutate.activity_logs!.insert(log);
    }),
    /** The update baseline: the changed columns of the job and its log, as a hand-written mutator would. */
    jobUpdateWithLog: defineMutator(async ({tx, args}) => {
      const {job, log} = args as unknown as BareJobArgs;
      const mutate = tx.mutate as unknown as Record<string, {insert(v: unknown): Promise<void>; update(v: unknown): Promise<void>}>;
      await mutate.jobs!.update(job);
      await mutate.activity_logs!.insert(log);
    }),
  },
});
