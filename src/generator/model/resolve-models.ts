import {UnknownClassError} from '../errors/unknown-class-error.ts';
import type {SchemaIR, TableIR} from '../ir.ts';
import type {ClassMethodIR, DefinitionIR, InstanceMethodIR, MacroIR} from '../parse/definition-ir.ts';
import {demodulize, type Inflector} from '../naming/inflector.ts';
import type {Report} from '../report.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';
import {nameOf} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';

const AR_BASE = new Set(['ActiveRecord::Base', '::ActiveRecord::Base']);

/** Constant lookup the way Ruby does it lexically: innermost scope first, then top level. */
export function resolveConstant(defs: ReadonlyMap<string, DefinitionIR>, name: string, nesting: readonly string[]): string | null {
  if (name.startsWith('::')) return defs.has(name.slice(2)) ? name.slice(2) : null;
  for (const scope of nesting) {
    const candidate = scope === '' ? name : `${scope}::${name}`;
    if (defs.has(candidate)) return candidate;
  }
  return defs.has(name) ? name : null;
}

/**
 * Where Rails looks for an association's class (`ActiveRecord::Inheritance.compute_type`):
 * inside the declaring class's name outwards (`Mentor::Discussion::Request`,
 * `Mentor::Request`, `Request`), by name rather than lexical nesting, so
 * `class Mentor::Discussion` finds `Mentor::Request` too. `::Request` is top-level only.
 */
export function computeTypeCandidates(declaringClass: string, className: string): string[] {
  if (className.startsWith('::')) return [className.slice(2)];
  const parts = declaringClass.split('::');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(`${parts.slice(0, i).join('::')}::${className}`);
  out.push(className);
  return out;
}

function isTrue(value: RubyValue | undefined): boolean {
  return value?.kind === 'boolean' && value.value;
}

export interface ResolvedModels {
  readonly models: readonly ModelIR[];
  /** Class name → model, for association targets. */
  readonly byClass: ReadonlyMap<string, ModelIR>;
  readonly definitions: ReadonlyMap<string, DefinitionIR>;
  /** ActiveSupport's inflections plus the app's config/initializers rules. */
  readonly inflector: Inflector;
}

/**
 * Binds model classes to schema tables following ActiveRecord's own rules:
 * `compute_table_name` (pluralized, demodulized class name, with the
 * `table_name_prefix` of the enclosing module or the singular table of an
 * enclosing model), STI subclasses share their parent's table, abstract classes
 * have none.
 */
export function resolveModels(defs: ReadonlyMap<string, DefinitionIR>, schema: SchemaIR, report: Report, inflector: Inflector): ResolvedModels {
  const {pluralize, singularize, underscore} = {
    pluralize: (w: string) => inflector.pluralize(w),
    singularize: (w: string) => inflector.singularize(w),
    underscore: (w: string) => inflector.underscore(w),
  };
  const tables = new Map(schema.tables.map((t) => [t.name, t]));
  const superOf = (def: DefinitionIR): DefinitionIR | 'base' | null => {
    if (def.superclass === null) return null;
    if (AR_BASE.has(def.superclass)) return 'base';
    const resolved = resolveConstant(defs, def.superclass, def.nesting.slice(1));
    return resolved === null ? null : (defs.get(resolved) ?? null);
  };
  const isModelMemo = new Map<string, boolean>();
  const isModel = (def: DefinitionIR, seen = new Set<string>()): boolean => {
    const memo = isModelMemo.get(def.name);
    if (memo !== undefined) return memo;
    if (def.kind !== 'class' || seen.has(def.name)) return false;
    seen.add(def.name);
    const parent = superOf(def);
    const result = parent === 'base' ? true : parent === null ? false : isModel(parent, seen);
    isModelMemo.set(def.name, result);
    return result;
  };
  const isAbstract = (def: DefinitionIR): boolean => isTrue(def.settings.get('abstract_class')?.value);

  /** Chain from the AR::Base child down to `def`. */
  const ancestryMemo = new Map<DefinitionIR, DefinitionIR[]>();
  const ancestry = (def: DefinitionIR): DefinitionIR[] => {
    const memo = ancestryMemo.get(def);
    if (memo !== undefined) return memo;
    const chain: DefinitionIR[] = [];
    ancestryMemo.set(def, chain);
    let current: DefinitionIR | 'base' | null = def;
    while (current !== null && current !== 'base' && !chain.includes(current)) {
      chain.unshift(current);
      current = superOf(current);
    }
    return chain;
  };

  const tableNameOf = (def: DefinitionIR): string | null => {
    const chain = ancestry(def);
    const explicit = [...chain].reverse().find((d) => d.settings.has('table_name'));
    // The first concrete class in the chain is the STI base; everything below shares its table.
    const stiBase = chain.find((d) => !isAbstract(d));
    if (stiBase !== undefined && stiBase !== def) return tableNameOf(stiBase);
    if (explicit !== undefined) return nameOf(explicit.settings.get('table_name')!.value);
    let prefix = '';
    // Rails uses `module_parent` (the namespace by name), not the lexical nesting:
    // `class OIDC::Provider` gets OIDC's table_name_prefix.
    const enclosing = def.name.includes('::') ? def.name.slice(0, def.name.lastIndexOf('::')) : '';
    if (enclosing !== undefined && enclosing !== '') {
      const parentDef = defs.get(enclosing);
      if (parentDef !== undefined && parentDef.kind === 'class' && isModel(parentDef) && !isAbstract(parentDef)) {
        const parentTable = tableNameOf(parentDef);
        if (parentTable !== null) prefix = `${singularize(parentTable)}_`;
      } else if (parentDef !== undefined) {
        prefix = nameOf(parentDef.settings.get('table_name_prefix')?.value) ?? '';
      }
    }
    return prefix + pluralize(underscore(demodulize(def.name)));
  };

  const includesOf = (
    def: DefinitionIR,
    seen: Set<string>,
    out: string[],
    macros: MacroIR[],
    constants: Map<string, RubyValue>,
    classMethods: ClassMethodIR[],
    instanceMethods: Map<string, InstanceMethodIR>,
  ): void => {
    for (const inc of def.includes) {
      const resolved = resolveConstant(defs, inc.name, def.nesting) ?? inc.name;
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      out.push(resolved);
      const mod = defs.get(resolved);
      if (mod !== undefined && mod.kind === 'module') {
        includesOf(mod, seen, out, macros, constants, classMethods, instanceMethods);
        macros.push(...mod.macros);
        classMethods.push(...mod.classMethods);
        for (const [k, v] of mod.instanceMethods) instanceMethods.set(k, v);
        for (const [k, v] of mod.constants) constants.set(k, v);
      }
    }
  };

  /**
   * A class whose superclass is not defined anywhere we can see is not a model.
   * That is normal for POROs (`< StandardError`), but a `…Record` superclass
   * (a typo of ApplicationRecord, or a missing application_record.rb) would
   * silently drop the model: that is an input error. A class whose name matches
   * a table is probably meant to be a model: warn.
   */
  const checkUnknownSuperclass = (def: DefinitionIR): void => {
    if (def.kind !== 'class' || def.superclass === null) return;
    let current: DefinitionIR | 'base' | null = def;
    const seen = new Set<DefinitionIR>();
    while (current !== null && current !== 'base' && !seen.has(current)) {
      seen.add(current);
      const parent = superOf(current);
      if (parent === null && current.superclass !== null) {
        const at = current;
        if (/Record$/.test(current.superclass)) {
          throw new UnknownClassError(at.file, at.line, current.superclass, `class ${current.name}`, 'or add the missing application_record.rb');
        }
        if (tables.has(pluralize(underscore(demodulize(def.name))))) {
          report.warn(`${def.name} inherits from ${current.superclass}, which app/models does not define; it is not treated as a model`, def);
        }
        return;
      }
      current = parent;
    }
  };

  // Classes some other model inherits from (STI parents), computed once.
  const stiParents = new Set<DefinitionIR>();
  for (const d of defs.values()) {
    if (d.kind === 'class' && isModel(d)) for (const ancestor of ancestry(d)) if (ancestor !== d) stiParents.add(ancestor);
  }
  const models: ModelIR[] = [];
  const byClass = new Map<string, ModelIR>();
  for (const def of [...defs.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!isModel(def)) {
      checkUnknownSuperclass(def);
      continue;
    }
    if (isAbstract(def)) continue;
    const tableName = tableNameOf(def);
    let table: TableIR | undefined = tableName === null ? undefined : tables.get(tableName);
    if (table === undefined && tableName !== null) {
      // Acronym inflections (`inflect.acronym "GitHub"`) change where underscores go
      // (`github_users`, not `git_hub_users`); for one declared where the generator
      // does not look, a unique table equal up to underscores stands in.
      const squash = (s: string): string => s.replace(/_/g, '');
      const candidates = schema.tables.filter((t) => squash(t.name) === squash(tableName));
      if (candidates.length === 1) {
        table = candidates[0]!;
        report.warn(`${def.name}: table "${tableName}" not found; using "${table.name}" (same name up to underscores, likely an acronym inflection)`, def);
      }
    }
    if (table === undefined) {
      report.skip('models', def.name, `table "${tableName ?? '?'}" is not in db/schema.rb`, def);
      continue;
    }
    const chain = ancestry(def);
    const macros: MacroIR[] = [];
    const classMethods: ClassMethodIR[] = [];
    const instanceMethods = new Map<string, InstanceMethodIR>();
    const includedModules: string[] = [];
    const seen = new Set<string>();
    const constants = new Map<string, RubyValue>();
    const settings: DefinitionIR['settings'] = new Map();
    for (const d of chain) {
      for (const [k, v] of d.settings) settings.set(k, v);
      includesOf(d, seen, includedModules, macros, constants, classMethods, instanceMethods);
      macros.push(...d.macros);
      classMethods.push(...d.classMethods);
      for (const [k, v] of d.instanceMethods) instanceMethods.set(k, v);
      for (const [k, v] of d.constants) constants.set(k, v);
    }
    const explicitPk = [...chain].reverse().find((d) => d.settings.has('primary_key'));
    const primaryKey = (explicitPk === undefined ? null : nameOf(explicitPk.settings.get('primary_key')!.value)) ?? table.primaryKey[0] ?? 'id';
    if (table.primaryKey.length > 1) {
      report.warn(`${def.name}: composite primary key (${table.primaryKey.join(', ')}); ModelConfig.primaryKey names only ${primaryKey}, find/update by key need the runtime's composite-key support`, def);
    }
    const stiBase = chain.find((d) => !isAbstract(d)) ?? def;
    const inheritance = [...chain].reverse().find((d) => d.settings.has('inheritance_column'))?.settings.get('inheritance_column');
    const stiColumn = inheritance === undefined ? 'type' : nameOf(inheritance.value);
    const hasStiColumn = stiColumn !== null && table.columns.some((c) => c.name === stiColumn);
    const isStiChild = stiBase !== def;
    const hasStiChildren = stiParents.has(def);
    // The stored type name: `def self.sti_name` if literal, else the class name,
    // demodulized when `self.store_full_sti_class = false`.
    const fullName = ![...chain].reverse().some((d) => d.settings.get('store_full_sti_class')?.value.kind === 'boolean' && !isTrue(d.settings.get('store_full_sti_class')?.value));
    const typeName = nameOf(def.settings.get('sti_name')?.value) ?? (fullName ? def.name : demodulize(def.name));
    const sti = hasStiColumn && (isStiChild || hasStiChildren) ? {column: stiColumn, typeName} : null;
    if (isStiChild && !hasStiColumn) {
      report.warn(`${def.name} subclasses ${stiBase.name} but STI is switched off (no "${stiColumn ?? 'type'}" column)`, def);
    }
    const model: ModelIR = {
      className: def.name,
      definition: def,
      table,
      primaryKey,
      baseClassName: stiBase.name,
      macros,
      classMethods,
      instanceMethods,
      includedModules,
      sti,
      constants,
      settings,
    };
    models.push(model);
    byClass.set(def.name, model);
    report.ok('models');
  }
  return {models, byClass, definitions: defs, inflector};
}
