import {afterEach, describe, expect, test, vi} from 'vitest';
import type {ModelConfig, ScopeConfig} from '../contract/model-config.ts';
import type {SpecCondition} from '../contract/query-spec.ts';
import {applyScope, type ScopeTarget} from './apply-scope.ts';

/** Records what a scope asks of the relation. */
class Recorder implements ScopeTarget<Recorder> {
  readonly conditions: SpecCondition[] = [];
  whereConditions(conditions: readonly SpecCondition[]): Recorder {
    this.conditions.push(...conditions);
    return this;
  }
  order(): Recorder {
    return this;
  }
  limit(): Recorder {
    return this;
  }
  kept(): Recorder {
    return this;
  }
  discarded(): Recorder {
    return this;
  }
  withDiscarded(): Recorder {
    return this;
  }
}

function config(scopes: Record<string, ScopeConfig>): ModelConfig {
  return {name: 'Article', scopes, enums: {}} as unknown as ModelConfig;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('applyScope: generated condition trees and run-time values', () => {
  test('relative times are computed when the scope is applied, not when it was generated', () => {
    vi.useFakeTimers();
    const model = config({
      recent: {name: 'recent', params: [], steps: [{op: 'where', conditions: [{column: 'created_at', operator: '>', value: {relativeTime: {ms: -86_400_000, months: 0, date: false}}}]}]},
      this_month: {name: 'this_month', params: [], steps: [{op: 'where', conditions: [{column: 'on', operator: '>=', value: {relativeTime: {ms: 0, months: -1, date: true}}}]}]},
    });
    vi.setSystemTime(Date.UTC(2026, 2, 31, 15, 30));
    expect(applyScope(new Recorder(), model, 'recent', []).conditions).toEqual([{type: 'simple', column: 'created_at', op: '>', value: Date.UTC(2026, 2, 30, 15, 30)}]);
    // Date.today - 1.month on March 31st is February 28th (ActiveSupport's advance), at UTC midnight.
    expect(applyScope(new Recorder(), model, 'this_month', []).conditions).toEqual([{type: 'simple', column: 'on', op: '>=', value: Date.UTC(2026, 1, 28)}]);
    vi.setSystemTime(Date.UTC(2026, 5, 1, 8));
    expect(applyScope(new Recorder(), model, 'recent', []).conditions[0]).toMatchObject({value: Date.UTC(2026, 4, 31, 8)});
  });

  test('values built from the arguments: a count of hours, an interpolated pattern (Ruby to_s), an attribute of a nil-able record', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 2, 31, 15, 30));
    const model = config({
      older_than: {name: 'older_than', params: ['hours'], steps: [{op: 'where', conditions: [{column: 'start_time', operator: '<', value: {relativeTime: {ms: 0, months: 0, date: false, steps: [{param: 'hours', ms: -3_600_000}]}}}]}]},
      like: {name: 'like', params: ['q'], steps: [{op: 'where', conditions: [{column: 'name', operator: 'LIKE', value: {concat: ['%', {param: 'q'}, '%']}}]}]},
      of: {name: 'of', params: ['f'], steps: [{op: 'where', conditions: [{any: [{column: 'facility_id', operator: 'IN', value: [{param: 'f', property: 'id', safe: true}]}, {column: 'facility_id', operator: 'IS', value: null}]}]}]},
    });
    expect(applyScope(new Recorder(), model, 'older_than', [1.5]).conditions).toEqual([{type: 'simple', column: 'start_time', op: '<', value: Date.UTC(2026, 2, 31, 14, 0)}]);
    expect(() => applyScope(new Recorder(), model, 'older_than', ['2'])).toThrow(/must be a number/);
    expect(applyScope(new Recorder(), model, 'like', ['ab']).conditions).toEqual([{type: 'simple', column: 'name', op: 'LIKE', value: '%ab%'}]);
    // Ruby: "%#{nil}%" is "%%", "%#{3}%" is "%3%"; a float's to_s ("1.0") cannot be told from JSON's 1, so it refuses.
    expect(applyScope(new Recorder(), model, 'like', [null]).conditions[0]).toMatchObject({value: '%%'});
    expect(applyScope(new Recorder(), model, 'like', [3]).conditions[0]).toMatchObject({value: '%3%'});
    expect(() => applyScope(new Recorder(), model, 'like', [1.5])).toThrow(/interpolated argument/);
    expect(applyScope(new Recorder(), model, 'of', [{id: 7}]).conditions).toEqual([
      {type: 'or', conditions: [{type: 'simple', column: 'facility_id', op: 'IN', value: [7]}, {type: 'simple', column: 'facility_id', op: 'IS', value: null}]},
    ]);
    // facility&.id with nil: the IN list holds no value (Rails drops the nil), only IS NULL can match.
    expect(applyScope(new Recorder(), model, 'of', [null]).conditions).toEqual([
      {type: 'or', conditions: [{type: 'simple', column: 'facility_id', op: 'IN', value: []}, {type: 'simple', column: 'facility_id', op: 'IS', value: null}]},
    ]);
  });

  test('a lookup in a literal table by the argument: the entry, else the default; fetch without one refuses', () => {
    const table = {low: 1, high: 5};
    const model = config({
      scored: {name: 'scored', params: ['l'], steps: [{op: 'where', conditions: [{column: 'score', operator: '=', value: {lookup: {param: 'l', table, default: 0}}}]}]},
      strict: {name: 'strict', params: ['l'], steps: [{op: 'where', conditions: [{column: 'score', operator: '=', value: {lookup: {param: 'l', table}}}]}]},
      loose: {name: 'loose', params: ['l'], steps: [{op: 'where', conditions: [{column: 'score', operator: '=', value: {lookup: {param: 'l', table, default: null}}}]}]},
    });
    expect(applyScope(new Recorder(), model, 'scored', ['high']).conditions).toEqual([{type: 'simple', column: 'score', op: '=', value: 5}]);
    expect(applyScope(new Recorder(), model, 'scored', ['toString']).conditions).toEqual([{type: 'simple', column: 'score', op: '=', value: 0}]);
    // Ruby's eql?: 1 is not the key "1".
    expect(applyScope(new Recorder(), config({n: {name: 'n', params: ['l'], steps: [{op: 'where', conditions: [{column: 'score', operator: '=', value: {lookup: {param: 'l', table: {'1': 9}, default: 0}}}]}]}}), 'n', [1]).conditions[0]).toMatchObject({value: 0});
    expect(() => applyScope(new Recorder(), model, 'strict', ['mid'])).toThrow(/KeyError/);
    expect(applyScope(new Recorder(), model, 'loose', ['mid']).conditions).toEqual([{type: 'simple', column: 'score', op: 'IS', value: null}]);
  });

  test('a regexp test of an argument (Ruby to_s or a String), and a boolean column cast from a string as Rails casts it', () => {
    const model = {
      ...config({
        made: {name: 'made', params: ['m'], steps: [{op: 'if', test: {param: 'm', matches: 'true|false', flags: '', toS: true}, then: [{op: 'where', conditions: [{column: 'made', operator: '=', value: {param: 'm'}}]}], else: []}]},
        named: {name: 'named', params: ['q'], steps: [{op: 'if', test: {param: 'q', matches: '^[a-z]+$', flags: ''}, then: [{op: 'where', conditions: [{column: 'role', operator: '=', value: {param: 'q'}}]}], else: [{op: 'where', conditions: [{any: []}]}]}]},
      }),
      columns: {made: {name: 'made', zeroType: 'boolean'}, role: {name: 'role', zeroType: 'string'}},
    } as unknown as ModelConfig;
    expect(applyScope(new Recorder(), model, 'made', [true]).conditions).toEqual([{type: 'simple', column: 'made', op: '=', value: true}]);
    // "false" is false for a boolean column (ActiveModel::Type::Boolean), as Rails' where(made: "false").
    expect(applyScope(new Recorder(), model, 'made', ['false']).conditions).toEqual([{type: 'simple', column: 'made', op: '=', value: false}]);
    expect(applyScope(new Recorder(), model, 'made', [null]).conditions).toEqual([]);
    const plain = {...model, scopes: {is: {name: 'is', params: ['x'], steps: [{op: 'where', conditions: [{column: 'made', operator: '=', value: {param: 'x'}}]}]}}} as ModelConfig;
    expect(applyScope(new Recorder(), plain, 'is', [0]).conditions).toEqual([{type: 'simple', column: 'made', op: '=', value: false}]);
    expect(applyScope(new Recorder(), plain, 'is', ['']).conditions).toEqual([{type: 'simple', column: 'made', op: 'IS', value: null}]);
    expect(applyScope(new Recorder(), model, 'made', ['maybe']).conditions).toEqual([]);
    expect(applyScope(new Recorder(), model, 'named', ['admin']).conditions).toEqual([{type: 'simple', column: 'role', op: '=', value: 'admin'}]);
    expect(applyScope(new Recorder(), model, 'named', ['4x']).conditions).toEqual([{type: 'or', conditions: []}]);
    // String#match? on nil raises NoMethodError in Ruby.
    expect(() => applyScope(new Recorder(), model, 'named', [null])).toThrow(/must be a string/);
  });

  test('a.or(b) over scopes expands each scope\'s conditions, with its arguments; an ordering scope is refused', () => {
    const model = config({
      never: {name: 'never', params: [], steps: [{op: 'where', conditions: [{column: 'verified_at', operator: 'IS', value: null}]}]},
      before: {name: 'before', params: ['t'], steps: [{op: 'where', conditions: [{column: 'verified_at', operator: '<', value: {param: 't'}}]}]},
      sorted: {name: 'sorted', params: [], steps: [{op: 'order', column: 'name', direction: 'asc'}]},
      pending: {name: 'pending', params: ['t'], steps: [{op: 'where', conditions: [{any: [{scope: 'never', args: []}, {scope: 'before', args: [{param: 't'}]}]}]}]},
      bad: {name: 'bad', params: [], steps: [{op: 'where', conditions: [{any: [{scope: 'sorted', args: []}, {scope: 'never', args: []}]}]}]},
    });
    expect(applyScope(new Recorder(), model, 'pending', [5]).conditions).toEqual([
      {
        type: 'or',
        conditions: [
          {type: 'and', conditions: [{type: 'simple', column: 'verified_at', op: 'IS', value: null}]},
          {type: 'and', conditions: [{type: 'simple', column: 'verified_at', op: '<', value: 5}]},
        ],
      },
    ]);
    expect(() => applyScope(new Recorder(), model, 'bad', [])).toThrow(/cannot order/);
  });

  test('argument tests: == a literal, and empty? (nil.empty? raises, as in Ruby)', () => {
    const where = {op: 'where' as const, conditions: [{column: 'score', operator: '=' as const, value: 1}]};
    const model = config({
      checked: {name: 'checked', params: ['c'], steps: [{op: 'if', test: {param: 'c', equals: 1}, then: [where], else: []}]},
      some: {name: 'some', params: ['ids'], steps: [{op: 'if', test: {not: {param: 'ids', test: 'empty'}}, then: [where], else: []}]},
    });
    expect(applyScope(new Recorder(), model, 'checked', [1]).conditions).toHaveLength(1);
    expect(applyScope(new Recorder(), model, 'checked', ['1']).conditions).toHaveLength(0);
    expect(applyScope(new Recorder(), model, 'some', [[]]).conditions).toHaveLength(0);
    expect(applyScope(new Recorder(), model, 'some', [[3]]).conditions).toHaveLength(1);
    expect(() => applyScope(new Recorder(), model, 'some', [null])).toThrow(/empty\?/);
  });

  test('a list holding parameters is resolved when the scope is applied', () => {
    const model = config({mine: {name: 'mine', params: ['f'], steps: [{op: 'where', conditions: [{column: 'facility_id', operator: 'IN', value: [1, {param: 'f', property: 'id'}]}]}]}});
    expect(applyScope(new Recorder(), model, 'mine', [{id: 7}]).conditions).toEqual([{type: 'simple', column: 'facility_id', op: 'IN', value: [1, 7]}]);
  });

  test('AND / OR / NOT trees become spec conditions, NOT by De Morgan; an empty OR matches nothing', () => {
    const model = config({
      tree: {
        name: 'tree',
        params: ['q'],
        steps: [
          {
            op: 'where',
            conditions: [
              {any: [{column: 'featured', operator: '=', value: true}, {not: {all: [{column: 'score', operator: '<', value: 3}, {column: 'title', operator: 'ILIKE', value: {param: 'q'}}]}}]},
            ],
          },
        ],
      },
      nothing: {name: 'nothing', params: [], steps: [{op: 'where', conditions: [{any: []}]}]},
    });
    expect(applyScope(new Recorder(), model, 'tree', ['%a%']).conditions).toEqual([
      {
        type: 'or',
        conditions: [
          {type: 'simple', column: 'featured', op: '=', value: true},
          {type: 'or', conditions: [{type: 'simple', column: 'score', op: '>=', value: 3}, {type: 'simple', column: 'title', op: 'NOT ILIKE', value: '%a%'}]},
        ],
      },
    ]);
    expect(applyScope(new Recorder(), model, 'nothing', []).conditions).toEqual([{type: 'or', conditions: []}]);
  });

  test('an attribute of a record argument (user.id), and IN with one bound scalar', () => {
    const model = config({
      by: {name: 'by', params: ['user'], steps: [{op: 'where', conditions: [{column: 'author_id', operator: '=', value: {param: 'user', property: 'id'}}]}]},
      among: {name: 'among', params: ['ids'], steps: [{op: 'where', conditions: [{column: 'author_id', operator: 'IN', value: {param: 'ids'}}]}]},
    });
    expect(applyScope(new Recorder(), model, 'by', [{id: 7, name: 'x'}]).conditions).toEqual([{type: 'simple', column: 'author_id', op: '=', value: 7}]);
    expect(() => applyScope(new Recorder(), model, 'by', [7])).toThrow(/must be a record with "id"/);
    expect(applyScope(new Recorder(), model, 'among', [5]).conditions).toEqual([{type: 'simple', column: 'author_id', op: 'IN', value: [5]}]);
    expect(applyScope(new Recorder(), model, 'among', [[5, 6]]).conditions).toEqual([{type: 'simple', column: 'author_id', op: 'IN', value: [5, 6]}]);
  });

  test('if steps branch on the arguments with ActiveSupport present?/blank?; a missing argument takes its default', () => {
    const model = config({
      creators: {
        name: 'creators',
        params: ['ids'],
        steps: [{op: 'if', test: {param: 'ids', test: 'present'}, then: [{op: 'where', conditions: [{column: 'creator_id', operator: '=', value: {param: 'ids'}}]}], else: []}],
      },
      low: {name: 'low', params: ['max'], defaults: {max: 5}, steps: [{op: 'where', conditions: [{column: 'score', operator: '<', value: {param: 'max'}}]}]},
    });
    for (const blank of [null, '', '  ', [], false]) expect(applyScope(new Recorder(), model, 'creators', [blank]).conditions).toEqual([]);
    expect(applyScope(new Recorder(), model, 'creators', []).conditions).toEqual([]);
    expect(applyScope(new Recorder(), model, 'creators', [[1, 2]]).conditions).toEqual([{type: 'simple', column: 'creator_id', op: 'IN', value: [1, 2]}]);
    expect(applyScope(new Recorder(), model, 'low', []).conditions).toEqual([{type: 'simple', column: 'score', op: '<', value: 5}]);
    expect(applyScope(new Recorder(), model, 'low', [2]).conditions).toEqual([{type: 'simple', column: 'score', op: '<', value: 2}]);
  });
});
