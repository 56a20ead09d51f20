/**
 * A port of ActiveSupport::Inflector: ActiveSupport's default English rules
 * plus whatever the app adds in config/initializers/inflections.rb
 * (`irregular`, `acronym`, `uncountable`, `plural`, `singular`). Class names
 * derive from association names and table names from class names with the
 * app's own inflector, exactly as Rails would: `has_many :product_drives` is
 * `ProductDrife` without `inflect.irregular 'drive', 'drives'` and
 * `ProductDrive` with it. Rules are tried last-added first, like
 * ActiveSupport::Inflections.
 */

type Rule = readonly [RegExp, string];

const DEFAULT_PLURALS: readonly Rule[] = [
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

const DEFAULT_SINGULARS: readonly Rule[] = [
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

const DEFAULT_IRREGULARS: readonly (readonly [string, string])[] = [
  ['person', 'people'],
  ['man', 'men'],
  ['child', 'children'],
  ['sex', 'sexes'],
  ['move', 'moves'],
  ['zombie', 'zombies'],
];

const DEFAULT_UNCOUNTABLE = ['equipment', 'information', 'rice', 'money', 'species', 'series', 'fish', 'sheep', 'jeans', 'police'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `abc` → `[aA][bB][cC]`: Ruby's `(?i)` inside irregular rules, which JS has no inline form for. */
function anyCase(s: string): string {
  return [...s].map((c) => (c.toLowerCase() === c.toUpperCase() ? escapeRegExp(c) : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');
}

/** Ruby `capitalize`: first letter up, the rest down. */
function capitalize(s: string): string {
  return s === '' ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase();
}

/** The mutable rule set of one app, as `ActiveSupport::Inflector.inflections(:en)` holds it. */
export class Inflections {
  /** Newest first, like ActiveSupport (`@plurals.prepend`). */
  private readonly plurals: Rule[] = [];
  private readonly singulars: Rule[] = [];
  private readonly uncountables = new Map<string, RegExp>();
  /** lower-case → as written, insertion order (the regex alternation order). */
  readonly acronyms = new Map<string, string>();

  static english(): Inflections {
    const i = new Inflections();
    for (const [rule, replacement] of DEFAULT_PLURALS) i.plural(rule, replacement);
    for (const [rule, replacement] of DEFAULT_SINGULARS) i.singular(rule, replacement);
    for (const [singular, plural] of DEFAULT_IRREGULARS) i.irregular(singular, plural);
    i.uncountable(...DEFAULT_UNCOUNTABLE);
    return i;
  }

  /** `replacement` uses JS `$1` back-references. A string rule matches that literal text anywhere (Ruby `sub!`). */
  plural(rule: RegExp | string, replacement: string): void {
    if (typeof rule === 'string') this.uncountables.delete(rule);
    this.uncountables.delete(replacement);
    this.plurals.unshift([typeof rule === 'string' ? new RegExp(escapeRegExp(rule)) : rule, replacement]);
  }

  singular(rule: RegExp | string, replacement: string): void {
    if (typeof rule === 'string') this.uncountables.delete(rule);
    this.uncountables.delete(replacement);
    this.singulars.unshift([typeof rule === 'string' ? new RegExp(escapeRegExp(rule)) : rule, replacement]);
  }

  /** ActiveSupport's `irregular`: four unanchored-at-the-start rules, so `salesperson` → `salespeople`. */
  irregular(singular: string, plural: string): void {
    this.uncountables.delete(singular);
    this.uncountables.delete(plural);
    const s0 = singular[0] ?? '';
    const sRest = singular.slice(1);
    const p0 = plural[0] ?? '';
    const pRest = plural.slice(1);
    const dollar = (s: string): string => s.replace(/\$/g, '$$$$');
    if (s0.toUpperCase() === p0.toUpperCase()) {
      this.plural(new RegExp(`(${escapeRegExp(s0)})${escapeRegExp(sRest)}$`, 'i'), `$1${dollar(pRest)}`);
      this.plural(new RegExp(`(${escapeRegExp(p0)})${escapeRegExp(pRest)}$`, 'i'), `$1${dollar(pRest)}`);
      this.singular(new RegExp(`(${escapeRegExp(s0)})${escapeRegExp(sRest)}$`, 'i'), `$1${dollar(sRest)}`);
      this.singular(new RegExp(`(${escapeRegExp(p0)})${escapeRegExp(pRest)}$`, 'i'), `$1${dollar(sRest)}`);
    } else {
      const rule = (first: string, rest: string): RegExp => new RegExp(`${escapeRegExp(first)}${anyCase(rest)}$`);
      this.plural(rule(s0.toUpperCase(), sRest), dollar(p0.toUpperCase() + pRest));
      this.plural(rule(s0.toLowerCase(), sRest), dollar(p0.toLowerCase() + pRest));
      this.plural(rule(p0.toUpperCase(), pRest), dollar(p0.toUpperCase() + pRest));
      this.plural(rule(p0.toLowerCase(), pRest), dollar(p0.toLowerCase() + pRest));
      this.singular(rule(s0.toUpperCase(), sRest), dollar(s0.toUpperCase() + sRest));
      this.singular(rule(s0.toLowerCase(), sRest), dollar(s0.toLowerCase() + sRest));
      this.singular(rule(p0.toUpperCase(), pRest), dollar(s0.toUpperCase() + sRest));
      this.singular(rule(p0.toLowerCase(), pRest), dollar(s0.toLowerCase() + sRest));
    }
  }

  /** A word is uncountable when it ends the string after a word boundary (`/\bword\Z/i`). */
  uncountable(...words: string[]): void {
    for (const w of words) this.uncountables.set(w.toLowerCase(), new RegExp(`\\b${escapeRegExp(w)}$`, 'i'));
  }

  acronym(word: string): void {
    this.acronyms.set(word.toLowerCase(), word);
  }

  isUncountable(word: string): boolean {
    for (const re of this.uncountables.values()) if (re.test(word)) return true;
    return false;
  }

  rules(plural: boolean): readonly Rule[] {
    return plural ? this.plurals : this.singulars;
  }
}

/** Inflection functions over one rule set. */
export class Inflector {
  private readonly underscoreRegex: RegExp | null;
  readonly inflections: Inflections;

  constructor(inflections: Inflections) {
    this.inflections = inflections;
    const alternatives = [...inflections.acronyms.values()].map(escapeRegExp).join('|');
    this.underscoreRegex = alternatives === '' ? null : new RegExp(`(?:(?<=([A-Za-z\\d]))|\\b)(${alternatives})(?=\\b|[^a-z])`, 'g');
  }

  /**
   * Results by word, per direction: a 200-model app asks for the same few hundred names thousands of times, and each
   * miss runs up to ~30 regexps. The rules are the Inflections' at construction (as `underscoreRegex` is).
   */
  private readonly applied = {plural: new Map<string, string>(), singular: new Map<string, string>()};

  private apply(word: string, plural: boolean): string {
    const memo = plural ? this.applied.plural : this.applied.singular;
    let result = memo.get(word);
    if (result === undefined) {
      result = this.applyRules(word, plural);
      memo.set(word, result);
    }
    return result;
  }

  private applyRules(word: string, plural: boolean): string {
    if (word === '' || this.inflections.isUncountable(word)) return word;
    for (const [rule, replacement] of this.inflections.rules(plural)) {
      if (rule.test(word)) return word.replace(rule, replacement);
    }
    return word;
  }

  pluralize(word: string): string {
    return this.apply(word, true);
  }

  singularize(word: string): string {
    return this.apply(word, false);
  }

  /** `Admin::UserRole` → `admin/user_role`; `inflect.acronym "API"`: `APIKey` → `api_key`. */
  underscore(camel: string): string {
    if (!/[A-Z-]|::/.test(camel)) return camel;
    let word = camel.replace(/::/g, '/');
    if (this.underscoreRegex !== null) {
      word = word.replace(this.underscoreRegex, (_m, before: string | undefined, acronym: string) => `${before !== undefined ? '_' : ''}${acronym.toLowerCase()}`);
    }
    return word
      .replace(/(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z\d])(?=[A-Z])/g, '_')
      .replace(/-/g, '_')
      .toLowerCase();
  }

  /** `admin/user_role` → `Admin::UserRole`; with `inflect.acronym "API"`: `api_key` → `APIKey`. */
  camelize(snake: string): string {
    const acronyms = this.inflections.acronyms;
    if (/^[a-z\d]*$/.test(snake)) return acronyms.get(snake) ?? capitalize(snake);
    const head = snake.replace(/^[a-z\d]*/, (m) => acronyms.get(m) ?? capitalize(m));
    return head.replace(/(?:_|(\/))([a-z\d]*)/gi, (_m, slash: string | undefined, word: string) => {
      const substituted = acronyms.get(word) ?? capitalize(word);
      return slash !== undefined ? `::${substituted}` : substituted;
    });
  }

  /** `:line_items` → `LineItem` (ActiveSupport `classify`, text after the last `.` of a table name). */
  classify(name: string): string {
    return this.camelize(this.singularize(name.replace(/.*\./, '')));
  }

  /** `Admin::User` → `user_id` (ActiveSupport `foreign_key`). */
  foreignKey(className: string): string {
    return `${this.underscore(demodulize(className))}_id`;
  }
}

/** ActiveSupport's defaults, for names that do not depend on the app (TS identifiers, tests). */
export const ENGLISH = new Inflector(Inflections.english());

export function pluralize(word: string): string {
  return ENGLISH.pluralize(word);
}

export function singularize(word: string): string {
  return ENGLISH.singularize(word);
}

export function underscore(camel: string): string {
  return ENGLISH.underscore(camel);
}

export function camelize(snake: string): string {
  return ENGLISH.camelize(snake);
}

export function classify(name: string): string {
  return ENGLISH.classify(name);
}

export function foreignKeyFor(className: string): string {
  return ENGLISH.foreignKey(className);
}

/** `Admin::User` → `User`. */
export function demodulize(name: string): string {
  const i = name.lastIndexOf('::');
  return i === -1 ? name : name.slice(i + 2);
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
