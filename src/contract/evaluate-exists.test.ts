import {describe, expect, test} from 'vitest';
import {InvalidQuerySpecError} from '../errors/invalid-query-spec-error.ts';
import {evaluateQuerySpec, type PlainRow} from './evaluate-query-spec.ts';
import type {ModelConfig} from './model-config.ts';
import {emptyQuerySpec, type ExistsCondition, type QueryCondition, type QuerySpec} from './query-spec.ts';
import {clientConfig, jobConfig, taskConfig} from './testing/fixture-models.ts';
import {modelsByTable, validateQuerySpec} from './validate-query-spec.ts';

// The client's has_many :tasks, through: :jobs (as the generator writes a through association).
const clients: ModelConfig = {
  ...clientConfig,
  associations: {
    ...clientConfig.associations,
    tasks: {name: 'tasks', kind: 'has_many', model: 'Task', table: 'tasks', foreignKey: 'job_id', primaryKey: 'id', through: 'jobs'},
    logs: {name: 'logs', kind: 'has_many', model: 'Task', table: 'tasks', foreignKey: 'x', primaryKey: 'id', relationship: false},
  },
};
// `has_one :urgent_job, -> { where(priority: 5) }`: a key relationship for EXISTS, whose conditions each EXISTS carries.
const clientsWithScoped: ModelConfig = {
  ...clients,
  associations: {
    ...clients.associations,
    urgent_job: {name: 'urgent_job', kind: 'has_one', model: 'Job', table: 'jobs', foreignKey: 'client_id', primaryKey: 'id', relationship: 'exists'},
  },
};
const models = modelsByTable([jobConfig, clientsWithScoped, taskConfig]);
const rows: Record<string, PlainRow[]> = {
  clients: [{id: 'c1', name: 'Acme'}, {id: 'c2', name: 'Bolt'}, {id: 'c3', name: 'Core'}],
  jobs: [
    {id: 'j1', client_id: 'c1', title: 'a', priority: 1},
    {id: 'j2', client_id: 'c2', title: 'b', priority: 5},
    {id: 'j3', client_id: null, title: 'c', priority: 5},
    {id: 'j4', client_id: 'c9', title: 'd', priority: 2},
  ],
  tasks: [
    {id: 't1', job_id: 'j1', name: 'done', position: 1},
    {id: 't2', job_id: 'j2', name: 'open', position: 1},
    {id: 't3', job_id: 'j2', name: 'open', position: 2},
  ],
};

function ids(table: string, where: readonly QueryCondition[]): string[] {
  const spec: QuerySpec = {...emptyQuerySpec(table), where};
  return evaluateQuerySpec(validateQuerySpec(spec, models), (t) => rows[t] ?? [], models).map((r) => String(r['id']));
}

const exists = (association: string, where: readonly QueryCondition[] = []): ExistsCondition => ({type: 'exists', association, where, negated: false});

describe('EXISTS conditions over in-memory rows (as ZQL whereExists)', () => {
  test('belongs_to: a row whose key points at an existing, matching row (null and dangling keys do not)', () => {
    expect(ids('jobs', [exists('client')])).toEqual(['j1', 'j2']);
    expect(ids('jobs', [exists('client', [{type: 'simple', column: 'name', op: '=', value: 'Bolt'}])])).toEqual(['j2']);
  });

  test('has_many: once per record however many related rows match', () => {
    expect(ids('jobs', [exists('tasks', [{type: 'simple', column: 'name', op: '=', value: 'open'}])])).toEqual(['j2']);
    expect(ids('clients', [exists('jobs', [exists('tasks')])])).toEqual(['c1', 'c2']);
  });

  test('through: hop by hop', () => {
    expect(ids('clients', [exists('tasks', [{type: 'simple', column: 'name', op: '=', value: 'done'}])])).toEqual(['c1']);
  });

  test('negated, inside OR', () => {
    const negated: QueryCondition = {...exists('tasks'), negated: true};
    expect(evaluateQuerySpec({...emptyQuerySpec('jobs'), where: [negated]}, (t) => rows[t] ?? [], models).map((r) => r['id'])).toEqual(['j3', 'j4']);
    expect(ids('jobs', [{type: 'or', conditions: [exists('client', [{type: 'simple', column: 'name', op: '=', value: 'Acme'}]), {type: 'simple', column: 'priority', op: '=', value: 2}]}])).toEqual(['j1', 'j4']);
  });

  test('validation: unknown association, one without a Zero relationship, the target\'s columns, and NOT EXISTS are refused', () => {
    const check = (where: readonly QueryCondition[], table = 'jobs') => () => validateQuerySpec({...emptyQuerySpec(table), where}, models);
    expect(check([exists('nope')])).toThrow(InvalidQuerySpecError);
    expect(check([exists('logs')], 'clients')).toThrow(/no Zero relationship/);
    expect(check([exists('client', [{type: 'simple', column: 'priority', op: '=', value: 1}])])).toThrow(/clients has no column "priority"/);
    expect(check([{...exists('tasks'), negated: true}])).toThrow(/NOT EXISTS/);
  });

  test("an EXISTS-only association (relationship: 'exists'): EXISTS with its conditions runs; including it is refused, naming it", () => {
    const urgent = {type: 'simple', column: 'priority', op: '=', value: 5} as const;
    expect(ids('clients', [exists('urgent_job', [urgent])])).toEqual(['c2']);
    const include = {...emptyQuerySpec('clients'), includes: [{name: 'urgent_job', includes: []}]};
    expect(() => validateQuerySpec(include, models)).toThrow(InvalidQuerySpecError);
    expect(() => validateQuerySpec(include, models)).toThrow(/Client\.urgent_job cannot be included/);
  });
});
