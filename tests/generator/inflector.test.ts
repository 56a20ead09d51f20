import {describe, expect, test} from 'vitest';
import {classify, ENGLISH, foreignKeyFor, Inflections, Inflector, pluralize, singularize, underscore} from '../../src/generator/naming/inflector.ts';
import {computeTypeCandidates} from '../../src/generator/model/resolve-models.ts';
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

describe('inflector with app rules (config/initializers/inflections.rb)', () => {
  const inflections = Inflections.english();
  inflections.irregular('drive', 'drives');
  inflections.acronym('API');
  inflections.acronym('OAuth');
  inflections.acronym('OAuthable');
  inflections.uncountable('staff');
  inflections.plural(/^(cact)us$/i, '$1i');
  const app = new Inflector(inflections);

  test('irregular words also end compound names, as ActiveSupport’s unanchored rules do', () => {
    expect(ENGLISH.singularize('product_drives')).toBe('product_drife');
    expect(app.singularize('product_drives')).toBe('product_drive');
    expect(app.pluralize('product_drive')).toBe('product_drives');
    expect(ENGLISH.pluralize('salesperson')).toBe('salespeople');
  });
  test('acronyms in camelize and underscore', () => {
    expect(app.camelize('api_key')).toBe('APIKey');
    expect(app.underscore('APIKey')).toBe('api_key');
    expect(app.underscore('OAuthableThing')).toBe('oauthable_thing');
    expect(app.camelize('admin/api_key')).toBe('Admin::APIKey');
    expect(app.foreignKey('Admin::APIKey')).toBe('api_key_id');
    expect(ENGLISH.camelize('api_key')).toBe('ApiKey');
  });
  test('uncountable matches a whole trailing word only', () => {
    expect(app.pluralize('staff')).toBe('staff');
    expect(app.pluralize('Staff')).toBe('Staff');
    expect(app.pluralize('cactus')).toBe('cacti');
    expect(ENGLISH.pluralize('cactus')).toBe('cactus');
    // `\bstaff\Z`: `_` is a word character, so `head_staff` is countable in Rails.
    expect(app.pluralize('head_staff')).toBe('head_staffs');
    expect(app.pluralize('head staff')).toBe('head staff');
  });
  test('Rails compute_type candidates, innermost first', () => {
    expect(computeTypeCandidates('Mentor::Discussion', 'Request')).toEqual(['Mentor::Discussion::Request', 'Mentor::Request', 'Request']);
    expect(computeTypeCandidates('A::B', '::Request')).toEqual(['Request']);
  });
});
