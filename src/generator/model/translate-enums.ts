import type {EnumConfig} from '../../contract/model-config.ts';
import {lowerCamel, pascalCase} from '../naming/inflector.ts';
import type {Report} from '../report.ts';
import {callArguments, nameOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';

export interface EnumIR {
  readonly config: EnumConfig;
  readonly file: string;
  readonly line: number;
  /** Whether Rails defines the value scopes (`_scopes: false` / `scopes: false` turns them off). */
  readonly scopes: boolean;
  /** Rails name → the Ruby scope method (`status_open` with `_prefix: true`). */
  readonly rubyScopes: Readonly<Record<string, string>>;
}

/** Options that configure an enum rather than name one (old hash style uses the `_` forms). */
const ENUM_OPTIONS = new Set([
  '_prefix', '_suffix', '_scopes', '_default', '_instance_methods', 'prefix', 'suffix', 'scopes', 'default',
  'instance_methods', 'validate',
]);

/**
 * Translates the three `enum` forms Rails accepts:
 *   enum status: { open: 0, done: 1 }, _prefix: true       (Rails ≤ 6, hash of enums)
 *   enum :status, { open: "open" }, prefix: :job            (Rails ≥ 7)
 *   enum :status, [:open, :done]  /  enum :status, open: 0  (array → 0, 1, …)
 * Values may come from a literal constant of the class (`enum status: STATUSES`).
 */
export function translateEnums(model: ModelIR, report: Report): EnumIR[] {
  const out: EnumIR[] = [];
  const columns = new Set(model.table.columns.map((c) => c.name));
  for (const macro of model.macros) {
    if (macro.name !== 'enum') continue;
    const args = callArguments(macro.call);
    const at = {file: macro.source.file, line: macro.line};
    const firstName = nameOf(args.positional[0]);
    const defs: {column: string; values: RubyValue | undefined; options: Map<string, RubyValue>}[] = [];
    if (firstName !== null) {
      // New style: `enum :status, {...}, prefix: true` or `enum :status, open: 0, done: 1`.
      const options = new Map<string, RubyValue>();
      let values = args.positional[1];
      const keywordValues: [RubyValue, RubyValue][] = [];
      for (const [k, v] of args.options) {
        if (ENUM_OPTIONS.has(k)) options.set(k.replace(/^_/, ''), v);
        else keywordValues.push([{kind: 'symbol', value: k, node: v.node}, v]);
      }
      if (values === undefined && keywordValues.length > 0) values = {kind: 'hash', entries: keywordValues, node: macro.call};
      defs.push({column: firstName, values, options});
    } else {
      const options = new Map<string, RubyValue>();
      for (const [k, v] of args.options) if (ENUM_OPTIONS.has(k)) options.set(k.replace(/^_/, ''), v);
      for (const [k, v] of args.options) if (!ENUM_OPTIONS.has(k)) defs.push({column: k, values: v, options});
    }
    if (defs.length === 0) {
      report.skip('enums', `${model.className}.enum`, 'no enum definition found in the arguments', at, model.baseClassName);
      continue;
    }
    for (const def of defs) {
      const subject = `${model.className}.${def.column}`;
      const values = enumValues(def.values, model);
      if (values === null) {
        report.skip('enums', subject, 'enum values are not a literal hash or array (or a literal constant)', at, model.baseClassName);
        continue;
      }
      if (!columns.has(def.column)) {
        report.skip('enums', subject, `column ${def.column} is not in table ${model.table.name}`, at, model.baseClassName);
        continue;
      }
      out.push(buildEnum(def.column, values, def.options, at));
      report.ok('enums', `${model.baseClassName}:${at.file}:${at.line}:${def.column}`);
    }
  }
  return out;
}

function enumValues(value: RubyValue | undefined, model: ModelIR): [string, string | number][] | null {
  if (value === undefined) return null;
  if (value.kind === 'const') {
    const constant = model.constants.get(value.name.split('::').pop()!);
    return constant === undefined ? null : enumValues(constant, model);
  }
  if (value.kind === 'array') {
    const names = value.items.map(nameOf);
    if (names.some((n) => n === null)) return null;
    return names.map((n, i) => [n!, i]);
  }
  if (value.kind === 'hash') {
    const out: [string, string | number][] = [];
    for (const [k, v] of value.entries) {
      const key = nameOf(k);
      const stored = v.kind === 'integer' || v.kind === 'string' ? v.value : v.kind === 'symbol' ? v.value : null;
      if (key === null || stored === null) return null;
      out.push([key, stored]);
    }
    return out;
  }
  return null;
}

function affix(option: RubyValue | undefined, column: string): string | null {
  if (option === undefined) return null;
  if (option.kind === 'boolean') return option.value ? column : null;
  return nameOf(option);
}

function buildEnum(
  column: string,
  values: [string, string | number][],
  options: Map<string, RubyValue>,
  at: {file: string; line: number},
): EnumIR {
  const prefix = affix(options.get('prefix'), column);
  const suffix = affix(options.get('suffix'), column);
  const scopesOption = options.get('scopes');
  const methods: Record<string, {predicate: string; scope: string}> = {};
  const rubyScopes: Record<string, string> = {};
  for (const [key] of values) {
    const ruby = [prefix, key, suffix].filter((p) => p !== null).join('_');
    rubyScopes[key] = ruby;
    methods[key] = {predicate: `is${pascalCase(ruby)}`, scope: lowerCamel(ruby)};
  }
  return {
    config: {column, values: Object.fromEntries(values), methods},
    ...at,
    scopes: !(scopesOption?.kind === 'boolean' && !scopesOption.value),
    rubyScopes,
  };
}

