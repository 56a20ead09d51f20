import {describe, expect, test} from 'vitest';
import {classify, foreignKeyFor, pluralize, singularize, underscore} from '../../src/generator/naming/inflector.ts';
import {rubyRegexpToJs} from '../../src/generator/model/ruby-regexp.ts';
import {tsLiteral} from '../../src/generator/emit/ts-literal.ts';
import {railsForeignKeyName} from '../../src/generator/emit/foreign-key-name.ts';

describe('inflector (ActiveSupport defaults)', () => {
  test.each([
    ['job', 'jobs'], ['person', 'people'], ['category', 'categories'], ['status', 'statuses'], ['address', 'addresses'],
    ['line_item', 'line_items'], ['activity_log', 'activity_logs'], ['news', 'news'], ['mouse', 'mice'],
    ['analysis', 'analyses'], ['index', 'indices'], ['equipment', 'equipment'], ['sales_person', 'sales_people'],
  ])('%s ↔ %s', (singular, plural) => {
    expect(pluralize(singular)).toBe(plural);
    expect(singularize(plural)).toBe(singular);
  });

  test('class and key names', () => {
    expect(underscore('Admin::UserRole')).toBe('admin/user_role');
    expect(underscore('OIDCProvider')).toBe('oidc_provider');
    expect(classify('line_items')).toBe('LineItem');
    expect(foreignKeyFor('Admin::User')).toBe('user_id');
  });
});

describe('Ruby regexp → JS', () => {
  test('string anchors, line anchors, flags', () => {
    expect(rubyRegexpToJs('\\A[^@\\s]+@[^@\\s]+\\z', 'i')).toEqual({source: '^[^@\\s]+@[^@\\s]+$', flags: 'i'});
    expect(rubyRegexpToJs('^[A-Z]+$', '')).toEqual({source: '^[A-Z]+$', flags: 'm'});
    expect(rubyRegexpToJs('\\h+', '')).toEqual({source: '[0-9a-fA-F]+', flags: ''});
  });
  test('refuses what JS cannot do faithfully', () => {
    expect(rubyRegexpToJs('a(?>b)', '')).toHaveProperty('reason');
    expect(rubyRegexpToJs('a b', 'x')).toHaveProperty('reason');
    expect(rubyRegexpToJs('\\A^a', '')).toHaveProperty('reason');
    expect(rubyRegexpToJs('[[:alpha:]]', '')).toHaveProperty('reason');
  });
});

describe('printers', () => {
  test('tsLiteral is stable and quotes only non-identifiers', () => {
    expect(tsLiteral({a: 1, 'b-c': "it's", d: [true, null]})).toBe("{a: 1, 'b-c': 'it\\'s', d: [true, null]}");
  });
  test('Rails default foreign key names', () => {
    // Rails: "fk_rails_#{SHA256.hexdigest("posts_author_id_fk").first(10)}"
    expect(railsForeignKeyName('posts', 'author_id')).toMatch(/^fk_rails_[0-9a-f]{10}$/);
  });
});
