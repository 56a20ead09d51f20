import {beforeEach, describe, expect, it} from 'vitest';
import {fixtureModels} from '../../contract/testing/fixture-models.ts';
import {RecordInvalidError} from '../../errors/record-invalid-error.ts';
import {transaction} from '../transaction.ts';
import {MemoryModelStore} from './memory-model-store.ts';
import {seedFixtures, type ConformanceFlavour, type ConformanceModels} from './model-conformance.ts';

/**
 * Writes that span records, the same for every flavour: `transaction`,
 * `Model.transaction` and relation writes collect into ONE batch (the
 * in-memory store records each committed batch), or write nothing.
 */
export function describeTransactionConformance(flavour: ConformanceFlavour): void {
  describe(`writes that span records: ${flavour.name}`, () => {
    let store: MemoryModelStore;
    let m: ConformanceModels;

    beforeEach(() => {
      store = new MemoryModelStore(fixtureModels);
      seedFixtures(store);
      m = flavour.makeModels({source: store, writer: store, models: fixtureModels});
    });

    it('a transaction is one batch; records made inside reference each other; writes resolve at once', async () => {
      const result = transaction(async () => {
        const job = await m.Job.create({title: 'Replace boiler', status: 'open', priority: 2, tags: [], settings: {}});
        await m.Task.create({job_id: job.id, name: 'Drain', position: 1});
        await m.Task.create({job_id: job.id, name: 'Fit', position: 2});
        expect(store.writes).toHaveLength(0); // nothing stored before commit
        return job.id;
      }, store);
      const jobId = await result;
      await expect(result.server).resolves.toMatchObject({status: 'applied'});
      expect(store.batches).toHaveLength(1);
      expect(store.batches[0]!.map((w) => `${w.op} ${w.table}`)).toEqual(['create jobs', 'create tasks', 'create tasks']);
      expect(await m.Task.where({job_id: jobId}).count()).toBe(2);
    });

    it('Model.transaction is the same, and a nested transaction joins the outer one', async () => {
      await m.Job.transaction(async () => {
        await m.Client.create({name: 'Initech', active: true});
        await transaction(async () => {
          await m.Client.create({name: 'Umbrella', active: true});
        });
      });
      expect(store.batches.map((b) => b.length)).toEqual([2]);
    });

    it('a throw inside writes nothing, and every write inside rejects on the server side', async () => {
      let created: PromiseLike<unknown> & {server: Promise<unknown>} = Promise.resolve() as never;
      const result = transaction(async () => {
        created = m.Client.create({name: 'Doomed', active: true});
        await created;
        throw new Error('changed my mind');
      }, store);
      await expect(result).rejects.toThrow('changed my mind');
      await expect(result.server).rejects.toThrow('changed my mind');
      await expect(created.server).rejects.toThrow('changed my mind');
      expect(store.writes).toHaveLength(0);
      expect(await m.Client.where({name: 'Doomed'}).count()).toBe(0);
    });

    it('a validation failure inside, even one not awaited, drops the whole batch', async () => {
      const result = transaction(async () => {
        await m.Client.create({name: 'Valid', active: true});
        void m.Job.create({title: '', status: 'open', priority: 2, tags: [], settings: {}}).catch(() => {});
      }, store);
      await expect(result).rejects.toBeInstanceOf(RecordInvalidError);
      expect(store.writes).toHaveLength(0);
    });

    it('update_all, discard_all and destroy_all: one batch each, a write per record', async () => {
      await expect(m.Job.where({status: 'open'}).update_all({priority: 5})).resolves.toBe(3);
      expect(store.batches.at(-1)!.map((w) => w.op)).toEqual(['update', 'update', 'update']);
      expect(await m.Job.where({status: 'open', priority: 5}).count()).toBe(3);
      await expect(m.Job.where({client_id: 'c2'}).discard_all()).resolves.toBe(1); // j4 was discarded already
      expect(store.batches.at(-1)!.map((w) => `${w.op} ${String(w.id)}`)).toEqual(['discard j2']);
      await expect(m.Task.where({job_id: 'j3'}).destroy_all()).resolves.toBe(2);
      expect(store.batches.at(-1)!.map((w) => w.op)).toEqual(['destroy', 'destroy']);
      expect(await m.Task.where({job_id: 'j3'}).count()).toBe(0);
    });

    it('a relation write on no records sends nothing', async () => {
      const write = m.Job.where({status: 'cancelled'}).update_all({priority: 1});
      await expect(write).resolves.toBe(0);
      await expect(write.server).resolves.toEqual({status: 'unchanged', batchId: null});
      expect(store.batches).toHaveLength(0);
    });

    describe('ordered lists (acts_as_list)', () => {
      type Item = {id: string; position: number; move_to(p: number): PromiseLike<unknown> & {server: Promise<unknown>}; move_lower(): PromiseLike<unknown>; move_to_bottom(): PromiseLike<unknown>; move_higher(): PromiseLike<unknown>};
      const item = async (id: string) => (await m.Task.find(id)) as unknown as Item;
      const order = async (jobId: string) => (await m.Task.where({job_id: jobId}).order('position')).map((t) => t.id);

      it('a new item goes to the end of its list; several in one transaction get consecutive positions', async () => {
        const one = await m.Task.create({job_id: 'j3', name: 'Test'});
        expect(one.position).toBe(3);
        await transaction(async () => {
          await m.Task.create({job_id: 'j3', name: 'A'});
          await m.Task.create({job_id: 'j3', name: 'B'});
        }, store);
        expect((await m.Task.where({job_id: 'j3'}).order('position')).map((t) => [t.name, t.position])).toEqual([
          ['Inspect', 1],
          ['Order part', 2],
          ['Test', 3],
          ['A', 4],
          ['B', 5],
        ]);
        const first = await m.Task.create({job_id: 'j5', name: 'First of its list'});
        expect(first.position).toBe(1);
      });

      it('move_to rewrites the positions that change in ONE batch with ONE reordered log on the parent', async () => {
        await m.Task.create({job_id: 'j3', name: 'Third'});
        const third = (await m.Task.find_by({name: 'Third'})) as unknown as Item;
        await third.move_to(1);
        expect(await order('j3')).toEqual([third.id, 't1', 't2']);
        const batch = store.batches.at(-1)!;
        expect(batch.map((w) => `${w.op} ${w.table}`)).toEqual(['update tasks', 'update tasks', 'update tasks', 'log jobs']);
        expect(batch.at(-1)).toMatchObject({id: 'j3', values: {action: 'reordered', metadata: {association: 'tasks', moves: [{id: third.id, from: 3, to: 1}, {id: 't1', from: 1, to: 2}, {id: 't2', from: 2, to: 3}]}}});
      });

      it('move_lower, move_higher, move_to_bottom; moves are clamped to the list; a no-op move writes nothing', async () => {
        await (await item('t1')).move_lower();
        expect(await order('j3')).toEqual(['t2', 't1']);
        await (await item('t1')).move_higher();
        expect(await order('j3')).toEqual(['t1', 't2']);
        await (await item('t1')).move_to_bottom();
        expect(await order('j3')).toEqual(['t2', 't1']);
        const before = store.batches.length;
        await (await item('t1')).move_to(99); // already last
        expect(store.batches.length).toBe(before);
      });

      it('the association reads in list order', async () => {
        await (await item('t2')).move_to(1);
        const job = await m.Job.includes('tasks').find('j3');
        expect((job as unknown as {tasks: {id: string}[]}).tasks.map((t) => t.id)).toEqual(['t2', 't1']);
      });
    });
  });
}
