/**
 * A compact port of ActiveSupport's default English inflections, enough to
 * derive table names from class names (`Person` → `people`) and class names
 * from association names (`:categories` → `Category`) the way Rails does.
 * Rules are tried last-added first, exactly like ActiveSupport::Inflections.
 */

const PLURALS: readonly (readonly [RegExp, string])[] = [
  [/$/, 's'],
  [/s$/i, 's'],
  [/^(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(octop|vir)i$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/([ti])a$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)(?:ix|ex)$/i, '$1ices'],
  [/^(m|l)ouse$/i, '$1ice'],
  [/^(m|l)ice$/i, '$1ice'],
  [/^(ox)$/i, '$1en'],
  [/^(oxen)$/i, '$1'],
  [/(quiz)$/i, '$1zes'],
];

const SINGULARS: readonly (readonly [RegExp, string])[] = [
  [/s$/i, ''],
  [/(ss)$/i, '$1'],
  [/(n)ews$/i, '$1ews'],
  [/([ti])a$/i, '$1um'],
  [/((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$/i, '$1sis'],
  [/(^analy)(sis|ses)$/i, '$1sis'],
  [/([^f])ves$/i, '$1fe'],
  [/(hive)s$/i, '$1'],
  [/(tive)s$/i, '$1'],
  [/([lr])ves$/i, '$1f'],
  [/([^aeiouy]|qu)ies$/i, '$1y'],
  [/(s)eries$/i, '$1eries'],
  [/(m)ovies$/i, '$1ovie'],
  [/(x|ch|ss|sh)es$/i, '$1'],
  [/^(m|l)ice$/i, '$1ouse'],
  [/(bus)(es)?$/i, '$1'],
  [/(o)es$/i, '$1'],
  [/(shoe)s$/i, '$1'],
  [/(cris|test)(is|es)$/i, '$1is'],
  [/^(a)x[ie]s$/i, '$1xis'],
  [/(octop|vir)(us|i)$/i, '$1us'],
  [/(alias|status)(es)?$/i, '$1'],
  [/^(ox)en/i, '$1'],
  [/(vert|ind)ices$/i, '$1ex'],
  [/(matr)ices$/i, '$1ix'],
  [/(quiz)zes$/i, '$1'],
  [/(database)s$/i, '$1'],
];

const IRREGULAR: readonly (readonly [string, string])[] = [
  ['person', 'people'],
  ['man', 'men'],
  ['child', 'children'],
  ['sex', 'sexes'],
  ['move', 'moves'],
  ['zombie', 'zombies'],
];

const UNCOUNTABLE = new Set([
  'equipment', 'information', 'rice', 'money', 'species', 'series', 'fish', 'sheep', 'jeans', 'police',
]);

function applyRules(word: string, rules: readonly (readonly [RegExp, string])[]): string {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (rule[0].test(word)) return word.replace(rule[0], rule[1]);
  }
  return word;
}

/** Inflects only the last `_`-separated word, as Rails does for `line_item` → `line_items`. */
function inflect(word: string, plural: boolean): string {
  if (word === '') return word;
  const lower = word.toLowerCase();
  const lastWord = /[a-z0-9]+$/i.exec(lower)?.[0] ?? lower;
  if (UNCOUNTABLE.has(lastWord)) return word;
  for (const [singular, pluralForm] of IRREGULAR) {
    const from = plural ? singular : pluralForm;
    const to = plural ? pluralForm : singular;
    if (lastWord === to) return word;
    if (lastWord === from) {
      const head = word.slice(0, word.length - from.length);
      const first = word[word.length - from.length]!;
      return head + first + to.slice(1);
    }
  }
  return applyRules(word, plural ? PLURALS : SINGULARS);
}

export function pluralize(word: string): string {
  return inflect(word, true);
}

export function singularize(word: string): string {
  return inflect(word, false);
}

/** `Admin::UserRole` → `admin/user_role` (ActiveSupport `underscore`). */
export function underscore(camel: string): string {
  return camel
    .replace(/::/g, '/')
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** `admin/user_role` → `Admin::UserRole` (ActiveSupport `camelize`). */
export function camelize(snake: string): string {
  return snake
    .split('/')
    .map((part) => part.split('_').map((w) => (w === '' ? '' : w[0]!.toUpperCase() + w.slice(1))).join(''))
    .join('::');
}

/** `Admin::User` → `User`. */
export function demodulize(name: string): string {
  const i = name.lastIndexOf('::');
  return i === -1 ? name : name.slice(i + 2);
}

/** `:line_items` → `LineItem` (ActiveSupport `classify`, without the namespace handling). */
export function classify(name: string): string {
  return camelize(singularize(name));
}

/** `Admin::User` → `user_id` (ActiveSupport `foreign_key`). */
export function foreignKeyFor(className: string): string {
  return `${underscore(demodulize(className))}_id`;
}

/** `status_changed`, `Admin::User` → TS identifiers: `statusChanged`, `AdminUser`. */
export function lowerCamel(snakeOrCamel: string): string {
  const pascal = pascalCase(snakeOrCamel);
  // A leading acronym is lowered as a whole: `OIDCProvider` → `oidcProvider`, `URL` → `url`.
  const acronym = /^([A-Z0-9]+)([A-Z][a-z]|$)/.exec(pascal);
  if (acronym !== null && acronym[1]!.length > 1) return acronym[1]!.toLowerCase() + pascal.slice(acronym[1]!.length);
  return pascal === '' ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
}

export function pascalCase(snakeOrCamel: string): string {
  return snakeOrCamel
    .replace(/::/g, '_')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
