// A maintenance script in the old style: CRUD mutators and a batch through the Zero client.
import {zero} from '../src/lib/zero.ts';
import {mutateBatch} from 'zero-active-models';
import {ActiveJob} from '../../../../generated/index.ts';

export async function closeJob(jobId: string, taskIds: readonly string[]): Promise<void> {
  await ActiveJob.update(jobId, {status: 'done', description: 'closed by script'});
  await mutateBatch(async (tx) => {
    for (const id of taskIds) await tx.tasks.update({id, done: true});
  });
}

export async function archive(row: {id: string}): Promise<void> {
  // TODO(zero-active-models): `zero.mutate.jobs.delete(…)`: the row is not an object literal naming `id`; write ActiveJob.destroy(id)
  await zero.mutate.jobs.delete(row);
}

export async function importClient(name: string): Promise<void> {
  await mutateBatch((tx) => tx.clients.upsert({id: `client-${name}`, name}));
}
