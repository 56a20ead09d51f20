import * as P from '@ruby/prism/src/nodes.js';
import type {ConstantDefinitionIR} from '../parse/parse-constant-file.ts';
import {unfrozen} from '../parse/parse-constant-file.ts';
import type {DefinitionIR} from '../parse/definition-ir.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';

/** A constant as Ruby would find it, with the scopes its own value resolves in. */
export type ConstantLookup = {readonly found: ConstantDefinitionIR} | {readonly missing: string};

function sameValue(a: RubyValue, b: RubyValue): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'regexp' && b.kind === 'regexp') return a.source === b.source && a.flags === b.flags;
  if ('value' in a && 'value' in b) return a.value === b.value;
  return false;
}

/**
 * Every constant the app defines at load time — app/models bodies, config/application.rb,
 * lib/**, the other autoloaded app/ directories, config/initializers — by fully qualified name, looked up as Ruby does: a name is
 * searched in the lexical scopes of the reference, innermost first, then in the class's
 * ancestors (the model's superclasses and concerns), then at the top level; `A::B` finds `A`
 * that way and `B` inside it (a model's inherited constants included). A name defined twice with
 * different values (load order decides in Ruby) is not resolved.
 */
export class AppConstants {
  private readonly values = new Map<string, ConstantDefinitionIR | 'conflict'>();
  private readonly namespaces = new Set<string>();

  constructor(external: readonly ConstantDefinitionIR[], namespaces: ReadonlySet<string>, definitions: ReadonlyMap<string, DefinitionIR>, models: readonly ModelIR[]) {
    for (const n of namespaces) this.namespaces.add(n);
    for (const c of external) this.add(c);
    for (const def of definitions.values()) {
      this.namespaces.add(def.name);
      for (const [name, value] of def.constants) this.add({name: `${def.name}::${name}`, value: plain(value), nesting: def.nesting, file: def.file, line: 0});
    }
    // `Model::CONST` finds a constant of the model's superclasses and concerns too.
    for (const model of models) {
      for (const [name, value] of model.constants) {
        const full = `${model.className}::${name}`;
        if (!this.values.has(full)) this.values.set(full, {name: full, value: plain(value), nesting: model.definition.nesting, file: model.definition.file, line: 0});
      }
    }
  }

  private add(c: ConstantDefinitionIR): void {
    const existing = this.values.get(c.name);
    if (existing === undefined) this.values.set(c.name, c);
    else if (existing !== 'conflict' && !(existing.file === c.file && existing.line === c.line) && !sameValue(existing.value, c.value)) this.values.set(c.name, 'conflict');
  }

  private known(name: string): boolean {
    return this.values.has(name) || this.namespaces.has(name);
  }

  /**
   * `written` as it appears (`MAX`, `Gemcutter::MAX_FIELD_LENGTH`) at a place
   * with lexical `nesting` (innermost first); `ancestors` are the constants the class inherits.
   */
  resolve(written: string, nesting: readonly string[], ancestors: ReadonlyMap<string, RubyValue> = new Map()): ConstantLookup {
    const parts = written.split('::');
    if (parts.length === 1) {
      const lexical = this.lexical(parts[0]!, nesting);
      const inherited = lexical === null ? ancestors.get(parts[0]!) : undefined;
      if (inherited !== undefined) return {found: {name: written, value: plain(inherited), nesting, file: '', line: 0}};
    }
    return this.entry(this.qualified(written, nesting), `constant ${written}`);
  }

  /**
   * `Receiver.method` without arguments, where the receiver is a module or class outside app/models
   * whose `def self.method` is one expression (`NotificationDistributionMethods.all`).
   */
  resolveCall(receiver: string, method: string, nesting: readonly string[]): ConstantLookup {
    return this.entry(`${this.qualified(receiver, nesting)}.${method}`, `${receiver}.${method}`);
  }

  /** The scope a name's first segment is found in lexically (innermost first, not the top level), or null. */
  private lexical(head: string, nesting: readonly string[]): string | null {
    for (const scope of nesting) if (scope !== '' && this.known(`${scope}::${head}`)) return `${scope}::${head}`;
    return null;
  }

  private qualified(written: string, nesting: readonly string[]): string {
    const parts = written.split('::');
    return [this.lexical(parts[0]!, nesting) ?? parts[0]!, ...parts.slice(1)].join('::');
  }

  private entry(full: string, what: string): ConstantLookup {
    const entry = this.values.get(full);
    if (entry === 'conflict') return {missing: `${what}, which is defined more than once with different values (Ruby's load order decides)`};
    if (entry !== undefined) return {found: entry};
    return {missing: `${what}, which is not defined in app/, lib/ or config/ (a gem's, or computed)`};
  }
}

/** Model bodies keep `X = %w[a].freeze` as a call: its value is the literal. */
function plain(value: RubyValue): RubyValue {
  return value.kind === 'other' && value.node instanceof P.CallNode && value.node.name === 'freeze' ? unfrozen(value.node) : value;
}
