import {createBuilder} from '@rocicorp/zero';
import {describe, expect, it} from 'vitest';
import {sliceOffset} from '../contract/slice-offset.ts';
import {buildZql} from './build-zql.ts';
import {createActiveModel} from '../record/create-active-model.ts';
import {defineModelQueries, modelQueryRequest} from './model-queries.ts';
import {emptyQuerySpec, type QuerySpec} from '../contract/query-spec.ts';
import {fixtureModels, jobConfig} from '../contract/testing/fixture-models.ts';
import type {JobRow} from '../record/testing/fixture-rows.ts';
import {fixtureSchema} from './testing/fixture-schema.ts';
import {MemoryModelStore} from '../record/testing/memory-model-store.ts';

const builder = createBuilder(fixtureSchema);
/** QueryImpl exposes its AST on `ast` (Zero's own tests read it the same way). */
const astOf = (q: unknown) => (q as {ast: Record<string, unknown>}).ast;

const store = new MemoryModelStore(fixtureModels);
const Job = createActiveModel<JobRow, typeof jobConfig>(jobConfig, {source: store, writer: store, models: fixtureModels});

describe('buildZql', () => {
  it('turns a relation into where / orderBy / limit / related', () => {
    const spec = Job.open()
      .where('priority', '>=', 3)
      .whereNot({client_id: 'c1'})
      .order('created_at', 'desc')
      .limit(10)
      .includes('client', 'tasks')
      .toSpec();
    const ast = astOf(buildZql(builder, spec));
    expect(ast['table']).toBe('jobs');
    expect(ast['where']).toEqual({
      type: 'and',
      conditions: [
        {type: 'simple', left: {type: 'column', name: 'status'}, op: '=', right: {type: 'literal', value: 'open'}},
        {type: 'simple', left: {type: 'column', name: 'priority'}, op: '>=', right: {type: 'literal', value: 3}},
        {type: 'simple', left: {type: 'column', name: 'client_id'}, op: '!=', right: {type: 'literal', value: 'c1'}},
      ],
    });
    expect(ast['orderBy']).toEqual([['created_at', 'desc']]);
    expect(ast['limit']).toBe(10);
    const related = ast['related'] as {subquery: {table: string; alias: string}}[];
    expect(related.map(r => [r.subquery.table, r.subquery.alias])).toEqual([
      ['clients', 'client'],
      ['tasks', 'tasks'],
    ]);
  });

  it('expresses IN lists, IS NULL, OR (array with null) and NAND', () => {
    const spec = Job.where({client_id: ['c1', null]}).whereNot({status: 'done', priority: 1}).kept().toSpec();
    const where = astOf(buildZql(builder, spec))['where'] as {conditions: {type: string; op?: string}[]};
    expect(where.conditions.map(c => c.type)).toEqual(['or', 'or', 'simple']);
    expect(JSON.stringify(where)).toContain('"op":"IN"');
    expect(where.conditions[2]).toMatchObject({op: 'IS', right: {type: 'literal', value: null}});
  });

  it('offset: asks for limit + offset rows and slices on the client', () => {
    const spec = Job.order('priority', 'asc').limit(5).offset(10).toSpec();
    expect(astOf(buildZql(builder, spec))['limit']).toBe(15);
    expect(sliceOffset(spec, Array.from({length: 15}, (_, i) => i))).toEqual([10, 11, 12, 13, 14]);
    const noLimit = Job.offset(2).toSpec();
    expect(astOf(buildZql(builder, noLimit))['limit']).toBeUndefined();
  });

  it('an empty spec is the whole table', () => {
    expect(astOf(buildZql(builder, emptyQuerySpec('clients')))).toMatchObject({table: 'clients'});
  });
});

describe('defineModelQueries', () => {
  const queries = defineModelQueries(builder, fixtureModels, {
    authorize: ({query, table}) => (table === 'clients' ? (query as unknown as {where: (c: string, v: boolean) => typeof query}).where('active', true) : query),
  });

  it('registers one named query per table under zam.*', () => {
    expect(Object.keys(queries.zam).filter(k => k !== '~').sort()).toEqual(['clients', 'jobs', 'tasks']);
    expect(queries.zam['jobs']?.queryName).toBe('zam.jobs');
  });

  it('builds the ZQL from validated args (server side: fn with args + ctx)', () => {
    const spec = Job.urgent().limit(3).toSpec();
    const request = modelQueryRequest(queries, spec);
    expect(request.args).toEqual(spec);
    const query = queries.zam['jobs']!.fn({args: spec, ctx: undefined});
    expect(astOf(query)).toMatchObject({table: 'jobs', limit: 3});
    const clients = queries.zam['clients']!.fn({args: emptyQuerySpec('clients'), ctx: undefined});
    expect(astOf(clients)['where']).toMatchObject({left: {name: 'active'}, op: '='});
  });

  it('rejects specs outside the schema and specs for another table', () => {
    const bad = {...emptyQuerySpec('jobs'), where: [{type: 'simple', column: 'password', op: '=', value: 'x'}]};
    expect(() => queries.zam['jobs']!.fn({args: bad as QuerySpec, ctx: undefined})).toThrow(/unknown_column/);
    expect(() => queries.zam['jobs']!.fn({args: emptyQuerySpec('clients'), ctx: undefined})).toThrow(/cannot read "clients"/);
    expect(() => modelQueryRequest(queries, emptyQuerySpec('users'))).toThrow(/no synced query/);
    expect(() => modelQueryRequest(queries, emptyQuerySpec('~'))).toThrow(/no synced query/);
  });
});
