import {describe, expect, it} from 'vitest';
import {InvalidQuerySpecError} from '../errors/invalid-query-spec-error.ts';
import {emptyQuerySpec, MAX_QUERY_ROWS} from './query-spec.ts';
import {fixtureModels} from './testing/fixture-models.ts';
import {validateQuerySpec} from './validate-query-spec.ts';

const base = emptyQuerySpec('jobs');
const cond = (column: string, op: string, value: unknown) => ({...base, where: [{type: 'simple', column, op, value}]});

function reasonOf(spec: unknown): string | undefined {
  try {
    validateQuerySpec(spec, fixtureModels);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidQuerySpecError) return `${error.reason}@${error.path}`;
    throw error;
  }
}

describe('validateQuerySpec', () => {
  it('accepts specs inside the schema', () => {
    const spec = {
      ...base,
      where: [
        {type: 'or', conditions: [{type: 'simple', column: 'status', op: 'IN', value: ['open']}, {type: 'simple', column: 'client_id', op: 'IS', value: null}]},
        {type: 'simple', column: 'title', op: 'ILIKE', value: '%a%'},
      ],
      orderBy: [['created_at', 'desc']],
      limit: 10,
      offset: 5,
      includes: [{name: 'tasks', includes: [{name: 'job', includes: []}]}],
    };
    expect(validateQuerySpec(spec, fixtureModels)).toBe(spec);
  });

  it('rejects with a typed error naming what and where', () => {
    expect(reasonOf(null)).toBe('malformed@$');
    expect(reasonOf({...base, v: 2})).toBe('unsupported_version@v');
    expect(reasonOf({...base, table: 'users'})).toBe('unknown_table@table');
    expect(reasonOf({...base, table: '__proto__'})).toBe('unknown_table@table');
    expect(reasonOf(cond('password_digest', '=', 'x'))).toBe('unknown_column@where[0].column');
    expect(reasonOf(cond('constructor', '=', 'x'))).toBe('unknown_column@where[0].column');
    expect(reasonOf(cond('title', 'SIMILAR TO', 'x'))).toBe('unknown_operator@where[0].op');
    expect(reasonOf(cond('priority', '=', 'high'))).toBe('bad_value@where[0].value');
    expect(reasonOf(cond('priority', '=', null))).toBe('bad_value@where[0].value');
    expect(reasonOf(cond('status', 'IN', 'open'))).toBe('bad_value@where[0].value');
    expect(reasonOf(cond('priority', 'LIKE', '1%'))).toBe('bad_value@where[0].value');
    expect(reasonOf(cond('tags', '=', 'x'))).toBe('bad_value@where[0].value');
    expect(reasonOf({...base, orderBy: [['nope', 'asc']]})).toBe('unknown_column@orderBy[0][0]');
    expect(reasonOf({...base, orderBy: [['title', 'up']]})).toBe('malformed@orderBy[0][1]');
    expect(reasonOf({...base, limit: -1})).toBe('bad_limit@limit');
    expect(reasonOf({...base, limit: 1.5})).toBe('bad_limit@limit');
    expect(reasonOf({...base, limit: MAX_QUERY_ROWS + 1})).toBe('bad_limit@limit');
    expect(reasonOf({...base, offset: null})).toBe('bad_offset@offset');
    expect(reasonOf({...base, includes: [{name: 'owner', includes: []}]})).toBe('unknown_association@includes[0]');
    expect(reasonOf({...base, includes: [{name: 'tasks', includes: [{name: 'nope', includes: []}]}]})).toBe(
      'unknown_association@includes[0].includes[0]',
    );
  });

  it('bounds nesting', () => {
    let c: unknown = {type: 'simple', column: 'title', op: '=', value: 'x'};
    for (let i = 0; i < 10; i++) c = {type: 'and', conditions: [c]};
    expect(reasonOf({...base, where: [c]})).toMatch(/^malformed/);
  });

  it('errors are ZamErrors with a literal code', () => {
    try {
      validateQuerySpec({...base, table: 'x'}, fixtureModels);
    } catch (error) {
      expect(error).toMatchObject({code: 'invalid_query_spec', name: 'InvalidQuerySpecError'});
    }
  });
});
