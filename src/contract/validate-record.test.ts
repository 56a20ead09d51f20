import {describe, expect, it} from 'vitest';
import type {ModelConfig, ValidationCondition, ValidationConfig} from './model-config.ts';
import {humanizeAttribute, isBlank, validateRecord} from './validate-record.ts';
import {jobConfig} from './testing/fixture-models.ts';

const model = (validations: ValidationConfig[]): ModelConfig => ({...jobConfig, validations});
const messages = (v: ValidationConfig, value: unknown, context: 'create' | 'update' = 'create') =>
  validateRecord(model([v]), {[v.attribute]: value}, context).errors[v.attribute] ?? [];

describe('validateRecord (Rails messages)', () => {
  it('presence / absence use blank?', () => {
    const presence: ValidationConfig = {attribute: 'title', kind: 'presence', options: {}};
    for (const blank of [null, undefined, '', '   ', [], {}, false]) expect(messages(presence, blank)).toEqual(["can't be blank"]);
    expect(messages(presence, 'x')).toEqual([]);
    expect(messages(presence, 0)).toEqual([]);
    expect(messages({attribute: 'title', kind: 'absence', options: {}}, 'x')).toEqual(['must be blank']);
  });

  it('length', () => {
    const v = (options: ValidationConfig['options']): ValidationConfig => ({attribute: 'title', kind: 'length', options});
    expect(messages(v({minimum: 3}), 'ab')).toEqual(['is too short (minimum is 3 characters)']);
    expect(messages(v({maximum: 1}), 'ab')).toEqual(['is too long (maximum is 1 character)']);
    expect(messages(v({is: 2}), 'abc')).toEqual(['is the wrong length (should be 2 characters)']);
    expect(messages(v({in: [2, 4]}), 'abcde')).toEqual(['is too long (maximum is 4 characters)']);
    expect(messages(v({minimum: 1}), null)).toEqual(['is too short (minimum is 1 character)']);
  });

  it('numericality', () => {
    const v = (options: ValidationConfig['options']): ValidationConfig => ({attribute: 'priority', kind: 'numericality', options});
    expect(messages(v({}), 'abc')).toEqual(['is not a number']);
    expect(messages(v({}), null)).toEqual(['is not a number']);
    expect(messages(v({}), '12')).toEqual([]);
    expect(messages(v({only_integer: true}), 1.5)).toEqual(['must be an integer']);
    expect(messages(v({greater_than: 5}), 5)).toEqual(['must be greater than 5']);
    expect(messages(v({less_than_or_equal_to: 5, other_than: 5}), 5)).toEqual(['must be other than 5']);
    expect(messages(v({odd: true}), 4)).toEqual(['must be odd']);
    expect(messages(v({even: true}), 4)).toEqual([]);
  });

  it('inclusion, exclusion, format', () => {
    expect(messages({attribute: 'status', kind: 'inclusion', options: {in: ['a']}}, 'b')).toEqual(['is not included in the list']);
    expect(messages({attribute: 'status', kind: 'exclusion', options: {in: ['admin']}}, 'admin')).toEqual(['is reserved']);
    expect(messages({attribute: 'title', kind: 'format', options: {with: '^\\d+$'}}, '12a')).toEqual(['is invalid']);
    expect(messages({attribute: 'title', kind: 'format', options: {without: 'x', flags: 'i'}}, 'X')).toEqual(['is invalid']);
  });

  it('allow_nil, allow_blank, on:, custom message, serverOnly uniqueness', () => {
    const len: ValidationConfig = {attribute: 'title', kind: 'length', options: {minimum: 2}, allowNil: true};
    expect(messages(len, null)).toEqual([]);
    expect(messages({...len, allowNil: false, allowBlank: true}, '')).toEqual([]);
    expect(messages({attribute: 'title', kind: 'presence', options: {on: 'update'}}, '', 'create')).toEqual([]);
    expect(messages({attribute: 'title', kind: 'presence', options: {}, message: 'is required'}, '')).toEqual(['is required']);
    expect(messages({attribute: 'title', kind: 'uniqueness', options: {}, serverOnly: true}, 'dup')).toEqual([]);
  });

  it('full messages humanize attribute names', () => {
    const result = validateRecord(model([{attribute: 'client_id', kind: 'presence', options: {}}]), {client_id: null}, 'create');
    expect(result.fullMessages).toEqual(["Client can't be blank"]);
    expect(humanizeAttribute('due_at')).toBe('Due at');
    expect(isBlank(' ')).toBe(true);
  });
});

describe('generated (camelCase) option keys', () => {
  it('reads onlyInteger / greaterThanOrEqualTo / lessThanOrEqualTo like their Rails names', () => {
    const config = {
      ...jobConfig,
      validations: [{attribute: 'priority', kind: 'numericality', options: {onlyInteger: true, greaterThanOrEqualTo: 0, lessThanOrEqualTo: 5}}],
    } as unknown as ModelConfig;
    expect(validateRecord(config, {priority: 2.5}, 'create').errors).toEqual({priority: ['must be an integer']});
    expect(validateRecord(config, {priority: 9}, 'create').errors).toEqual({priority: ['must be less than or equal to 5']});
    expect(validateRecord(config, {priority: -1}, 'create').errors).toEqual({priority: ['must be greater than or equal to 0']});
  });
});

describe('Ruby ranges as the generator emits them', () => {
  it('exclusive ends, open ends and inclusion ranges', () => {
    const excl = model([{attribute: 'n', kind: 'numericality', options: {in: {min: 1, max: 5, excludeEnd: true}}}]);
    expect(validateRecord(excl, {n: 5}, 'create').errors.n).toEqual(['must be in 1...5']);
    expect(validateRecord(excl, {n: 4.5}, 'create').valid).toBe(true);
    const open = model([{attribute: 'n', kind: 'numericality', options: {in: {min: null, max: 3, excludeEnd: false}}}]);
    expect(validateRecord(open, {n: -100}, 'create').valid).toBe(true);
    expect(validateRecord(open, {n: 4}, 'create').errors.n).toEqual(['must be in ..3']);
    const length = model([{attribute: 's', kind: 'length', options: {in: {min: 2, max: 4, excludeEnd: true}}}]);
    expect(validateRecord(length, {s: 'abcd'}, 'create').errors.s).toEqual(['is too long (maximum is 3 characters)']);
    const inclusion = model([{attribute: 'p', kind: 'inclusion', options: {in: {min: 1, max: 5, excludeEnd: false}}}]);
    expect(validateRecord(inclusion, {p: 3}, 'create').valid).toBe(true);
    expect(validateRecord(inclusion, {p: 9}, 'create').errors.p).toEqual(['is not included in the list']);
  });
});

describe('if: / unless: conditions (generated from attribute and enum predicates, simple lambdas)', () => {
  const body: ValidationConfig = {attribute: 'description', kind: 'presence', options: {}, if: {attribute: 'priority', test: 'query'}};
  const errors = (v: ValidationConfig, attrs: Record<string, unknown>) => validateRecord(model([v]), attrs, 'create').errors['description'] ?? [];

  it("if: runs the validation only when the condition holds (Rails' attribute query: non-zero, non-blank, not false-like)", () => {
    expect(errors(body, {description: '', priority: 3})).toEqual(["can't be blank"]);
    expect(errors(body, {description: '', priority: 0})).toEqual([]);
    expect(errors(body, {description: '', priority: null})).toEqual([]);
    const byString: ValidationConfig = {...body, if: {attribute: 'status', test: 'query'}};
    expect(errors(byString, {description: '', status: 'false'})).toEqual([]);
    expect(errors(byString, {description: '', status: 'open'})).toEqual(["can't be blank"]);
  });

  it('unless:, eq/ne, present/blank, all/any/not', () => {
    const unlessDone: ValidationConfig = {...body, if: undefined, unless: {attribute: 'status', test: 'eq', value: 'done'}};
    expect(errors(unlessDone, {description: '', status: 'done'})).toEqual([]);
    expect(errors(unlessDone, {description: '', status: 'open'})).toEqual(["can't be blank"]);
    const combined: ValidationConfig = {
      ...body,
      if: {all: [{attribute: 'status', test: 'ne', value: 'done'}, {any: [{attribute: 'title', test: 'present'}, {not: {attribute: 'priority', test: 'blank'}}]}]},
    };
    expect(errors(combined, {description: '', status: 'open', title: 'x', priority: null})).toEqual(["can't be blank"]);
    expect(errors(combined, {description: '', status: 'open', title: ' ', priority: null})).toEqual([]);
    expect(errors(combined, {description: '', status: 'done', title: 'x', priority: 1})).toEqual([]);
  });
});

describe('validateRecord: comparison, validate methods, richer conditions', () => {
  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
  const dated: ModelConfig = {
    ...jobConfig,
    columns: {
      ...jobConfig.columns,
      starts_on: {name: 'starts_on', railsType: 'date', zeroType: 'number', pgType: 'date', nullable: true},
      ends_on: {name: 'ends_on', railsType: 'date', zeroType: 'number', pgType: 'date', nullable: true},
    },
  };
  const run = (validations: ValidationConfig[], attrs: Record<string, unknown>, context: 'create' | 'update' = 'create') =>
    validateRecord({...dated, validations}, attrs, context);

  it('comparison with a date literal, another attribute and a relative time, with Rails messages', () => {
    const min: ValidationConfig = {attribute: 'starts_on', kind: 'comparison', options: {greaterThanOrEqualTo: day('1989-01-01')}};
    expect(run([min], {starts_on: day('1988-12-31')}).errors['starts_on']).toEqual(['must be greater than or equal to 1989-01-01']);
    expect(run([min], {starts_on: day('1989-01-01')}).valid).toBe(true);
    // Rails' ComparisonValidator: blank is "can't be blank" unless allow_nil
    expect(run([min], {starts_on: null}).errors['starts_on']).toEqual(["can't be blank"]);
    expect(run([{...min, allowNil: true}], {starts_on: null}).valid).toBe(true);
    const after: ValidationConfig = {attribute: 'ends_on', kind: 'comparison', options: {greaterThan: {attribute: 'starts_on'}}};
    expect(run([after], {starts_on: day('2024-05-02'), ends_on: day('2024-05-01')}).errors['ends_on']).toEqual(['must be greater than 2024-05-02']);
    expect(run([after], {starts_on: day('2024-05-02'), ends_on: day('2024-05-03')}).valid).toBe(true);
    const ahead: ValidationConfig = {attribute: 'starts_on', kind: 'comparison', options: {lessThanOrEqualTo: {relativeTime: {ms: 0, months: 12, date: false}}}, message: 'is too far ahead'};
    expect(run([ahead], {starts_on: Date.now() + 400 * 86_400_000}).errors['starts_on']).toEqual(['is too far ahead']);
    expect(run([ahead], {starts_on: Date.now() + 300 * 86_400_000}).valid).toBe(true);
    // Calendar steps (Date.current.beginning_of_month) count too: the same resolver as scopes.
    const thisMonth: ValidationConfig = {attribute: 'starts_on', kind: 'comparison', options: {greaterThanOrEqualTo: {relativeTime: {ms: 0, months: 0, date: true, steps: [{start: 'month'}]}}}};
    const now = new Date();
    const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    expect(run([thisMonth], {starts_on: first}).valid).toBe(true);
    expect(run([thisMonth], {starts_on: first - 86_400_000}).valid).toBe(false);
  });

  it('a translated validate method adds its message when its condition holds; :base full messages are the message', () => {
    const inOrder: ValidationConfig = {
      attribute: 'ends_on', kind: 'method', options: {method: 'dates_in_order'}, message: 'must be after the start',
      if: {all: [{attribute: 'starts_on', test: 'truthy'}, {attribute: 'ends_on', test: 'truthy'}, {attribute: 'ends_on', test: 'lt', value: {attribute: 'starts_on'}}]},
    };
    const base: ValidationConfig = {attribute: 'base', kind: 'method', options: {method: 'a_day'}, message: 'Select at least one day', if: {not: {any: [{attribute: 'on_mon', test: 'query'}, {attribute: 'on_tue', test: 'query'}]}}};
    const bad = run([inOrder, base], {starts_on: day('2024-05-02'), ends_on: day('2024-05-01'), on_mon: false, on_tue: null});
    expect(bad.errors).toEqual({ends_on: ['must be after the start'], base: ['Select at least one day']});
    expect(bad.fullMessages).toEqual(['Ends on must be after the start', 'Select at least one day']);
    // the guard `return unless starts_on && ends_on`: nothing to compare, no error
    expect(run([inOrder, base], {starts_on: null, ends_on: day('2024-05-01'), on_tue: true}).valid).toBe(true);
  });

  it('conditions: truthy is Ruby truth, orderings, includes / match / in, new_record?', () => {
    const when = (c: ValidationCondition, attrs: Record<string, unknown>, context: 'create' | 'update' = 'create') =>
      run([{attribute: 'title', kind: 'presence', options: {}, if: c}], {title: '', ...attrs}, context).valid === false;
    for (const v of [0, '', 'false']) expect(when({attribute: 'x', test: 'truthy'}, {x: v})).toBe(true);
    for (const v of [null, undefined, false]) expect(when({attribute: 'x', test: 'truthy'}, {x: v})).toBe(false);
    expect(when({attribute: 'x', test: 'gt', value: 0}, {x: 0})).toBe(false);
    expect(when({attribute: 'x', test: 'gt', value: 0}, {x: 2})).toBe(true);
    expect(when({attribute: 'x', test: 'includes', value: '-'}, {x: '1.0-beta'})).toBe(true);
    expect(when({attribute: 'x', test: 'includes', value: '-'}, {x: '1.0'})).toBe(false);
    expect(when({attribute: 'x', test: 'match', value: '^\\d{5}$', flags: ''}, {x: '12345'})).toBe(true);
    expect(when({attribute: 'x', test: 'match', value: '^\\d{5}$', flags: ''}, {x: '1234'})).toBe(false);
    expect(when({attribute: 'x', test: 'in', value: ['a', null]}, {})).toBe(true);
    expect(when({record: 'new'}, {}, 'create')).toBe(true);
    expect(when({record: 'new'}, {}, 'update')).toBe(false);
    expect(when({record: 'persisted'}, {}, 'update')).toBe(true);
  });
});

describe('validateRecord: where Ruby raises', () => {
  it('an ordering with nil refuses the record (Rails would raise instead of saving); a guard before it prevents that', () => {
    const unguarded: ValidationConfig = {attribute: 'ends_on', kind: 'method', options: {method: 'm'}, message: 'must be after start', if: {attribute: 'ends_on', test: 'lt', value: {attribute: 'starts_on'}}};
    const r = validateRecord(model([unguarded]), {ends_on: 5, starts_on: null}, 'create');
    expect(r.valid).toBe(false);
    expect(r.errors['ends_on']).toEqual(['could not be validated (comparison of ends_on with nil failed)']);
    const guarded: ValidationConfig = {...unguarded, if: {all: [{attribute: 'starts_on', test: 'truthy'}, unguarded.if!]}};
    expect(validateRecord(model([guarded]), {ends_on: 5, starts_on: null}, 'create').valid).toBe(true);
    expect(validateRecord(model([guarded]), {ends_on: 5, starts_on: 9}, 'create').errors['ends_on']).toEqual(['must be after start']);
  });
});

describe('validateRecord: attr_changed?', () => {
  const v: ValidationConfig = {attribute: 'title', kind: 'length', options: {maximum: 3}, if: {attribute: 'title', test: 'changed'}};
  it('compares with the persisted row on update, with the column default on create', () => {
    expect(validateRecord(model([v]), {title: 'long title'}, 'update', {title: 'long title'}).valid).toBe(true);
    expect(validateRecord(model([v]), {title: 'longer title'}, 'update', {title: 'long title'}).valid).toBe(false);
    expect(validateRecord(model([v]), {title: 'long title'}, 'create').valid).toBe(false);
    expect(validateRecord(model([v]), {title: null}, 'create').valid).toBe(true);
  });
  it('without the persisted row on update the record is refused rather than guessed', () => {
    expect(validateRecord(model([v]), {title: 'x'}, 'update').errors['title']).toEqual(['could not be validated (title_changed? needs the persisted row)']);
  });
});
