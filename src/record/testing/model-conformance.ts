import {beforeEach, describe, expect, it} from 'vitest';
import type {ActiveModel} from '../create-active-model.ts';
import {InvalidQuerySpecError} from '../../errors/invalid-query-spec-error.ts';
import {InvalidTtlError} from '../../errors/invalid-ttl-error.ts';
import {RecordInvalidError} from '../../errors/record-invalid-error.ts';
import {RecordNotFoundError} from '../../errors/record-not-found-error.ts';
import {UnknownAttributeError} from '../../errors/unknown-attribute-error.ts';
import type {ModelDeps} from '../model-core.ts';
import type {ClientRow, JobRow, TaskRow} from './fixture-rows.ts';
import {clientConfig, fixtureModels, jobConfig, taskConfig} from '../../contract/testing/fixture-models.ts';
import {MemoryModelStore} from './memory-model-store.ts';
import {preloadStatus} from '../preload-status.ts';
import type {SubscribeInfo} from '../relation.ts';

/**
 * The model API seen through its awaitable surface, which both flavours
 * share: ActiveRecord returns promises; ReactiveRecord's relations and single
 * results are awaitable with the same results.
 */
export type ConformanceModels = {
  readonly Job: ActiveModel<JobRow, typeof jobConfig>;
  readonly Client: ActiveModel<ClientRow, typeof clientConfig>;
  readonly Task: ActiveModel<TaskRow, typeof taskConfig>;
};

export type ConformanceFlavour = {
  readonly name: string;
  readonly makeModels: (deps: ModelDeps) => ConformanceModels;
};

async function failure(fn: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const T0 = 1_600_000_000_000;

/** Rows: 2 clients, 5 jobs (ids j1..j5, one discarded, one without client), 3 tasks. */
export function seedFixtures(store: MemoryModelStore): void {
  store.insertRow('clients', {id: 'c1', name: 'Acme', active: true});
  store.insertRow('clients', {id: 'c2', name: 'Globex', active: false});
  const job = (id: string, title: string, status: string, priority: number, client_id: string | null, extra = {}) =>
    store.insertRow('jobs', {
      id, title, status, priority, client_id, tags: [], settings: {}, discarded_at: null,
      created_at: T0 + Number(id.slice(1)) * 1000, updated_at: T0, ...extra,
    });
  job('j3', 'Boiler', 'open', 5, 'c1');
  job('j1', 'Roof', 'done', 1, 'c1');
  job('j2', 'Pipes', 'open', 3, 'c2');
  job('j5', 'Garden', 'scheduled', 2, null);
  job('j4', 'Old shed', 'open', 4, 'c2', {discarded_at: T0 + 99});
  store.insertRow('tasks', {id: 't2', job_id: 'j3', name: 'Order part', position: 2});
  store.insertRow('tasks', {id: 't1', job_id: 'j3', name: 'Inspect', position: 1});
  store.insertRow('tasks', {id: 't3', job_id: 'j2', name: 'Replace', position: 1});
}

/**
 * ONE behavioural spec of the model API (Rails' Active Record Query
 * Interface semantics), run against every flavour. Here it runs over the
 * in-memory store; the lead runs the same function over the real stack.
 */
export function describeModelConformance(flavour: ConformanceFlavour): void {
  describe(`model conformance: ${flavour.name}`, () => {
    let store: MemoryModelStore;
    let deps: ModelDeps;
    let Job: ConformanceModels['Job'];
    let Client: ConformanceModels['Client'];

    beforeEach(() => {
      store = new MemoryModelStore(fixtureModels);
      seedFixtures(store);
      deps = {source: store, writer: store, models: fixtureModels};
      ({Job, Client} = flavour.makeModels(deps));
    });

    describe('find / find_by', () => {
      it('find returns a plain record with direct property access', async () => {
        const job = await Job.find('j3');
        expect(job.title).toBe('Boiler');
        expect(Object.keys(job).sort()).toEqual(Object.keys(jobConfig.columns).sort());
        expect(JSON.parse(JSON.stringify(job))).toMatchObject({id: 'j3', title: 'Boiler'});
        expect(job.isPersisted).toBe(true);
        expect(job.isNewRecord).toBe(false);
      });

      it('find throws RecordNotFoundError with model and id', async () => {
        const error = await failure(() => Job.find('nope'));
        expect(error).toBeInstanceOf(RecordNotFoundError);
        expect(error).toMatchObject({code: 'record_not_found', model: 'Job', id: 'nope'});
      });

      it('find with a list needs every id', async () => {
        expect((await Job.find(['j1', 'j2'])).map(j => j.id)).toEqual(['j1', 'j2']);
        expect(await failure(() => Job.find(['j1', 'zz']))).toMatchObject({id: 'zz'});
      });

      it('find_by returns the record or null', async () => {
        expect((await Job.find_by({title: 'Pipes'}))?.id).toBe('j2');
        expect(await Job.find_by({title: 'Nothing'})).toBeNull();
        expect(await Job.findBy({status: 'done'})).toMatchObject({id: 'j1'});
      });
    });

    describe('where', () => {
      it('always resolves to an array', async () => {
        expect(await Job.where({title: 'Nothing'})).toEqual([]);
        const open = await Job.where({status: 'open'});
        expect(Array.isArray(open)).toBe(true);
        expect(open.map(j => j.id)).toEqual(['j2', 'j3', 'j4']);
      });

      it('arrays are IN, null is IS NULL, an array with null matches both', async () => {
        expect((await Job.where({status: ['done', 'scheduled']})).map(j => j.id)).toEqual(['j1', 'j5']);
        expect((await Job.where({client_id: null})).map(j => j.id)).toEqual(['j5']);
        expect((await Job.where({client_id: ['c1', null]})).map(j => j.id)).toEqual(['j1', 'j3', 'j5']);
        expect(await Job.where({status: []})).toEqual([]);
      });

      it('whereNot is NAND and, as in SQL, does not match NULL', async () => {
        expect((await Job.whereNot({client_id: 'c1'})).map(j => j.id)).toEqual(['j2', 'j4']);
        expect((await Job.whereNot({status: 'open', client_id: 'c2'})).map(j => j.id)).toEqual(['j1', 'j3', 'j5']);
        expect((await Job.whereNot({client_id: null})).map(j => j.id)).toEqual(['j1', 'j2', 'j3', 'j4']);
      });

      it('comparison and LIKE operators', async () => {
        expect((await Job.where('priority', '>=', 4)).map(j => j.id)).toEqual(['j3', 'j4']);
        expect((await Job.where('priority', '<', 2)).map(j => j.id)).toEqual(['j1']);
        expect((await Job.where('title', 'ILIKE', '%o%')).map(j => j.id)).toEqual(['j1', 'j3', 'j4']);
        expect((await Job.where('status', 'NOT IN', ['open'])).map(j => j.id)).toEqual(['j1', 'j5']);
      });

      it('relations are immutable', async () => {
        const base = Job.where({status: 'open'});
        const narrowed = base.where({client_id: 'c2'});
        expect((await base).length).toBe(3);
        expect((await narrowed).length).toBe(2);
      });

      it('rejects unknown columns before anything is sent', async () => {
        const error = await failure(() => Job.where({nope: 1} as never));
        expect(error).toBeInstanceOf(InvalidQuerySpecError);
        expect(error).toMatchObject({reason: 'unknown_column'});
      });
    });

    describe('order, first, last, limit, offset', () => {
      it('first/last go by primary key when unordered', async () => {
        expect((await Job.first())?.id).toBe('j1');
        expect((await Job.last())?.id).toBe('j5');
        expect((await Job.first(2)).map(j => j.id)).toEqual(['j1', 'j2']);
        expect((await Job.last(2)).map(j => j.id)).toEqual(['j4', 'j5']);
        expect(await Job.where({title: 'x'}).first()).toBeNull();
        expect(await Job.where({title: 'x'}).last()).toBeNull();
      });

      it('first/last follow the order; last reverses it', async () => {
        const byPriority = Job.order('priority', 'desc');
        expect((await byPriority).map(j => j.id)).toEqual(['j3', 'j4', 'j2', 'j5', 'j1']);
        expect((await byPriority.first())?.id).toBe('j3');
        expect((await byPriority.last())?.id).toBe('j1');
        expect((await Job.order({status: 'asc', priority: 'asc'})).map(j => j.id)).toEqual(['j1', 'j2', 'j4', 'j3', 'j5']);
      });

      it('limit and offset', async () => {
        expect((await Job.order('priority', 'desc').limit(2)).map(j => j.id)).toEqual(['j3', 'j4']);
        expect((await Job.order('priority', 'desc').limit(2).offset(1)).map(j => j.id)).toEqual(['j4', 'j2']);
        expect((await Job.order('priority', 'desc').offset(3)).map(j => j.id)).toEqual(['j5', 'j1']);
        expect((await Job.order('priority', 'desc').limit(2).offset(1).last())?.id).toBe('j2');
      });
    });

    describe('count, exists, pluck', () => {
      it('count and exists', async () => {
        expect(await Job.count()).toBe(5);
        expect(await Job.where({status: 'open'}).count()).toBe(3);
        expect(await Job.exists()).toBe(true);
        expect(await Job.where({title: 'x'}).exists()).toBe(false);
        expect(await Job.exists({status: 'done'})).toBe(true);
      });

      it('pluck: one column flat, several as arrays', async () => {
        expect(await Job.order('priority', 'asc').pluck('priority')).toEqual([1, 2, 3, 4, 5]);
        expect(await Job.where({status: 'open'}).pluck('id', 'priority')).toEqual([['j2', 3], ['j3', 5], ['j4', 4]]);
        expect(await Job.where({title: 'x'}).pluck('id')).toEqual([]);
        expect(await Job.order('priority', 'desc').pick('title')).toBe('Boiler');
      });
    });

    describe('scopes and enums', () => {
      it('scopes are methods on the model and on relations', async () => {
        expect((await Job.urgent()).map(j => j.id)).toEqual(['j2', 'j3', 'j4']);
        expect((await Job.where({client_id: 'c2'}).urgent()).map(j => j.id)).toEqual(['j2', 'j4']);
        expect((await Job.forClient('c1')).map(j => j.id)).toEqual(['j1', 'j3']);
        expect((await Job.urgent().forClient('c1')).map(j => j.id)).toEqual(['j3']);
      });

      it('scopes call other scopes and take parameters for limits', async () => {
        expect((await Job.hot()).map(j => j.id)).toEqual(['j4', 'j3', 'j2']);
        expect((await Job.topN(2)).map(j => j.id)).toEqual(['j3', 'j4']);
      });

      it('enum scopes and predicates', async () => {
        expect((await Job.open()).map(j => j.id)).toEqual(['j2', 'j3', 'j4']);
        expect((await Job.scheduled()).map(j => j.id)).toEqual(['j5']);
        expect((await Job.open().urgent().forClient('c1')).map(j => j.id)).toEqual(['j3']);
        const job = await Job.find('j1');
        expect(job.isDone).toBe(true);
        expect(job.isOpen).toBe(false);
      });
    });

    describe('soft delete (discard gem semantics)', () => {
      it('default is not filtered; kept/discarded/withDiscarded', async () => {
        expect(await Job.count()).toBe(5);
        expect((await Job.kept()).map(j => j.id)).toEqual(['j1', 'j2', 'j3', 'j5']);
        expect((await Job.discarded()).map(j => j.id)).toEqual(['j4']);
        expect(await Job.discarded().withDiscarded().count()).toBe(5);
        expect((await Job.find('j4')).isDiscarded).toBe(true);
      });

      it('discard and undiscard', async () => {
        const job = await Job.find('j1');
        await job.discard();
        expect(job.isDiscarded).toBe(true);
        expect(await Job.kept().exists({id: 'j1'})).toBe(false);
        await job.undiscard();
        expect(job.isKept).toBe(true);
        expect(await Job.kept().exists({id: 'j1'})).toBe(true);
        expect(store.writes.map(w => w.op)).toEqual(['discard', 'undiscard']);
      });
    });

    describe('includes', () => {
      it('loads belongs_to and has_many associations', async () => {
        const [job] = await Job.where({id: 'j3'}).includes('client', 'tasks');
        const loaded = job as unknown as {client: ClientRow; tasks: TaskRow[]};
        expect(loaded.client.name).toBe('Acme');
        expect(loaded.tasks.map(t => t.id)).toEqual(['t1', 't2']);
        const garden = (await Job.includes('client').find('j5')) as unknown as {client: unknown};
        expect(garden.client).toBeUndefined();
        const acme = (await Client.includes('jobs').find('c1')) as unknown as {jobs: JobRow[]};
        expect(acme.jobs.map(j => j.id)).toEqual(['j1', 'j3']);
      });

      it('rejects unknown associations', async () => {
        expect(await failure(() => Job.includes('nope' as never))).toMatchObject({reason: 'unknown_association'});
      });
    });

    describe('new and save', () => {
      it('new applies literal defaults with independent copies', () => {
        const a = Job.new({title: 'A'});
        const b = Job.new();
        expect(a).toMatchObject({title: 'A', status: 'open', priority: 1, tags: [], id: null});
        expect(a.isNewRecord).toBe(true);
        expect(a.isPersisted).toBe(false);
        a.tags.push('x');
        (a.settings['notify'] as {email: boolean}).email = false;
        expect(b.tags).toEqual([]);
        expect(b.settings).toEqual({notify: {email: true}});
        expect(Job.new().settings).toEqual({notify: {email: true}});
      });

      it('save creates the record and makes it persisted', async () => {
        const job = Job.new({title: 'Gutters', client_id: 'c1'});
        await job.save();
        expect(job.isPersisted).toBe(true);
        expect(typeof job.id).toBe('string');
        expect(job.created_at).toBeTypeOf('number');
        expect((await Job.find(job.id)).title).toBe('Gutters');
      });

      it('save on a persisted record writes only changed columns', async () => {
        const job = await Job.find('j2');
        job.title = 'Pipes!';
        await job.save();
        const write = store.writes.at(-1);
        expect(write).toMatchObject({op: 'update', id: 'j2', before: {title: 'Pipes'}});
        expect(Object.keys(write?.values ?? {}).sort()).toEqual(['title', 'updated_at']);
      });

      it('unknown attributes are errors', () => {
        expect(() => Job.new({nope: 1} as never)).toThrow(UnknownAttributeError);
      });
    });

    describe('create / update / destroy', () => {
      it('create resolves locally with the record and exposes the server outcome', async () => {
        const op = Job.create({title: 'Paint', priority: 2});
        const job = await op;
        expect(job.title).toBe('Paint');
        expect(job.isPersisted).toBe(true);
        await expect(op.server).resolves.toMatchObject({status: 'applied'});
        expect(await Job.where({title: 'Paint'}).count()).toBe(1);
      });

      it('validations fail with Rails-style messages and write nothing', async () => {
        const op = Job.create({title: '', priority: 2.5, status: 'weird'});
        const error = await failure(() => op);
        await expect(op.server).rejects.toBe(error);
        expect(error).toBeInstanceOf(RecordInvalidError);
        const invalid = error as RecordInvalidError;
        expect(invalid.errors).toEqual({
          title: ["can't be blank"],
          priority: ['must be an integer'],
          status: ['is not included in the list'],
        });
        expect(invalid.fullMessages).toEqual(["Title can't be blank", 'Priority must be an integer', 'Status is not included in the list']);
        expect(store.writes).toEqual([]);
        expect(await failure(() => Client.create({name: 'lower'}))).toMatchObject({errors: {name: ['must start with a capital letter']}});
      });

      it('normalizes runs before validation and the write, on create and on update (Rails normalizes)', async () => {
        const client = await Client.create({name: '  Acme \n  Corp '});
        expect(client.name).toBe('Acme Corp');
        expect(store.writes.at(-1)).toMatchObject({op: 'create', values: {name: 'Acme Corp'}});
        await client.update({name: ' Zenith\tLtd '});
        expect(client.name).toBe('Zenith Ltd');
        expect(store.writes.at(-1)).toMatchObject({op: 'update', values: {name: 'Zenith Ltd'}});
        // the format validation sees the normalized value (leading spaces would not start with a capital)
        expect(await failure(() => Client.create({name: '  lower'}))).toMatchObject({errors: {name: ['must start with a capital letter']}});
      });

      it('record.update writes the changes; Model.update(id) loads first', async () => {
        const job = await Job.find('j1');
        const same = await job.update({title: 'New roof'});
        expect(same).toBe(job);
        expect(job.title).toBe('New roof');
        expect(store.writes.at(-1)).toMatchObject({op: 'update', values: {title: 'New roof'}, before: {title: 'Roof'}});
        const viaModel = Job.update('j2', {priority: 7});
        await expect(viaModel.server).resolves.toMatchObject({status: 'applied'});
        expect((await viaModel).priority).toBe(7);
        expect((await Job.find('j2')).priority).toBe(7);
        expect(await failure(() => job.update({title: 'x'.repeat(21)}))).toMatchObject({
          errors: {title: ['is too long (maximum is 20 characters)']},
        });
        expect(await failure(() => Job.update('zz', {title: 'y'}))).toBeInstanceOf(RecordNotFoundError);
      });

      it('destroy', async () => {
        const job = await Job.find('j5');
        await job.destroy();
        expect(job.isDestroyed).toBe(true);
        expect(job.isPersisted).toBe(false);
        expect(await Job.find_by({id: 'j5'})).toBeNull();
        await Job.destroy('j1');
        expect(await Job.count()).toBe(3);
      });
    });

    describe('subscribe', () => {
      it('delivers live results and destroys the view on unsubscribe', async () => {
        const seen: string[][] = [];
        const stop = Job.open().subscribe(jobs => seen.push(jobs.map(j => j.id)));
        expect(store.listenerCount()).toBe(1);
        store.insertRow('jobs', {...(await Job.find('j2')), id: 'j9', title: 'New'});
        await Job.find('j3').then(j => j.update({status: 'done'}));
        stop();
        stop();
        expect(store.listenerCount()).toBe(0);
        expect(store.views.size).toBe(0);
        expect(seen).toEqual([
          ['j2', 'j3', 'j4'],
          ['j2', 'j3', 'j4', 'j9'],
          ['j2', 'j4', 'j9'],
        ]);
      });
    });

    describe('reads that last offline', () => {
      type Delivery = {ids: string[]; info: SubscribeInfo};
      const recorder = () => {
        const seen: Delivery[] = [];
        return {seen, cb: (jobs: {id: string}[], info: SubscribeInfo) => seen.push({ids: jobs.map(j => j.id), info})};
      };

      it('offline, a live query answers from the device and says so instead of loading forever', () => {
        store.initialResultType = 'unknown'; // the server has not answered (and will not, offline)
        store.connection.set('offline');
        const {seen, cb} = recorder();
        const stop = Job.forClient('c1').subscribe(cb);
        expect(seen).toEqual([{ids: ['j1', 'j3'], info: {resultType: 'local'}}]);
        store.connection.set('online'); // back: loading again until the server answers
        store.complete();
        store.connection.set('offline'); // a complete result offline is no longer kept current
        stop();
        expect(seen.map(d => d.info.resultType)).toEqual(['local', 'unknown', 'complete', 'local']);
        expect(store.connection.listenerCount()).toBe(0);
        expect(store.views.size).toBe(0);
      });

      it('an offline query with nothing on the device is an empty, final answer', async () => {
        store.initialResultType = 'unknown';
        store.connection.set('offline');
        const {seen, cb} = recorder();
        Job.forClient('c9').subscribe(cb)();
        expect(seen).toEqual([{ids: [], info: {resultType: 'local'}}]);
        expect(await Job.forClient('c9').count()).toBe(0);
      });

      it('a changed query keeps the previous records until its own rows or answer arrive', () => {
        store.initialResultType = 'unknown';
        const {seen, cb} = recorder();
        const first = Job.forClient('c1').subscribe(cb);
        // The filter changes to a client whose jobs are not on the device yet.
        const second = Job.forClient('c3').subscribe(cb, {replacing: first});
        expect(store.views.size).toBe(1); // the replaced view is gone
        store.insertRow('clients', {id: 'c3', name: 'Initech', active: true}); // unrelated change: still loading
        store.insertRow('jobs', {id: 'j7', title: 'Vents', status: 'open', priority: 2, client_id: 'c3', tags: [], settings: {}, discarded_at: null, created_at: T0, updated_at: T0});
        // A third filter whose rows are on the device switches at once.
        const third = Job.forClient('c2').subscribe(cb, {replacing: second});
        third();
        expect(seen).toEqual([
          {ids: ['j1', 'j3'], info: {resultType: 'unknown'}},
          {ids: ['j1', 'j3'], info: {resultType: 'unknown', placeholder: true}},
          {ids: ['j7'], info: {resultType: 'unknown'}},
          {ids: ['j2', 'j4'], info: {resultType: 'unknown'}},
        ]);
        expect(store.views.size).toBe(0);
      });

      it('a changed query offline shows its own (even empty) answer at once', () => {
        store.connection.set('offline');
        const {seen, cb} = recorder();
        const first = Job.forClient('c1').subscribe(cb);
        Job.forClient('c9').subscribe(cb, {replacing: first})();
        expect(seen).toEqual([
          {ids: ['j1', 'j3'], info: {resultType: 'local'}},
          {ids: [], info: {resultType: 'local'}},
        ]);
      });

      it('preload keeps a query with its includes on the device and reports distinct rows per model', async () => {
        store.initialResultType = 'unknown';
        expect(preloadStatus(deps)).toEqual({queries: 0, complete: true, counts: {}, stored: {}});
        const jobs = Job.forClient('c1').includes('tasks', 'client').preload({ttl: '7d'});
        const all = Job.includes('client').preload();
        expect(preloadStatus(deps)).toEqual({queries: 2, complete: false, counts: {Client: 2, Job: 5, Task: 2}, stored: {Client: 2, Job: 5, Task: 2}});
        let completed = false;
        void jobs.complete.then(() => (completed = true));
        store.complete();
        await jobs.complete;
        expect(completed).toBe(true);
        expect(preloadStatus(deps).complete).toBe(true);
        all.cleanup();
        expect(preloadStatus(deps)).toEqual({queries: 1, complete: true, counts: {Client: 1, Job: 2, Task: 2}, stored: {Client: 1, Job: 2, Task: 2}});
        store.insertRow('tasks', {id: 't9', job_id: 'j1', name: 'Ladder', position: 1}); // synced in: counted
        expect(preloadStatus(deps).counts).toEqual({Client: 1, Job: 2, Task: 3});
        jobs.cleanup();
        expect(preloadStatus(deps)).toEqual({queries: 0, complete: true, counts: {}, stored: {}});
        expect(store.views.size).toBe(0);
      });

      it('ttl rides along with every read, is the default of preload, and must be valid', async () => {
        await Job.ttl('5m').where({status: 'open'}).count();
        Job.ttl('2m').open().subscribe(() => {})();
        expect(store.readOptions.slice(-2)).toEqual([{ttl: '5m'}, {ttl: '2m'}]);
        expect(preloadStatus(deps).queries).toBe(0); // within what Zero keeps itself
        // Longer than Zero keeps a query: the library keeps it as a preload.
        await Job.ttl('7d').find('j3');
        expect(preloadStatus(deps)).toMatchObject({queries: 1, counts: {Job: 1}});
        Job.ttl('forever').preload().cleanup();
        expect(() => Job.ttl('7 days' as never)).toThrow(InvalidTtlError);
        expect(() => Job.preload({ttl: 'soon' as never})).toThrow(InvalidTtlError);
        expect(() => Job.where({nope: 1} as never).preload()).toThrow(InvalidQuerySpecError);
      });
    });
  });
}
