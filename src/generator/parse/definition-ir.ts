import type * as P from '@ruby/prism/src/nodes.js';
import type {RubySource} from '../ruby/ruby-source.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';

/** One class-level macro call (`belongs_to :job`), with options inherited from `with_options`. */
export interface MacroIR {
  readonly name: string;
  readonly call: P.CallNode;
  readonly source: RubySource;
  readonly line: number;
  /** Options of enclosing `with_options … do` blocks, merged under the call's own. */
  readonly inherited: ReadonlyMap<string, RubyValue>;
  /**
   * The class whose body holds the macro, or null inside a module (concern):
   * Rails resolves `class_name:` relative to the class that declares the
   * association, and to the including model for a concern.
   */
  readonly owner: DefinitionIR | null;
  /** Lexical scopes of the call, innermost first (a concern's for its `included do` block): where its constants resolve. */
  readonly nesting: readonly string[];
}

/**
 * A class method (`def self.active = where(…)`, inside `class << self`, or in a
 * concern's `class_methods do … end`): a scope when its body is one relation
 * expression, which translate-scopes decides.
 */
export interface ClassMethodIR {
  readonly name: string;
  readonly node: P.DefNode;
  readonly source: RubySource;
  readonly line: number;
}

/**
 * An instance method (`def published? = status == "live"`): read only where a
 * validation names it (`if: :needs_title?`, `validate :dates_in_order`), to
 * translate a body simple enough to evaluate on the client.
 */
export interface InstanceMethodIR {
  readonly name: string;
  readonly node: P.DefNode;
  readonly source: RubySource;
  readonly line: number;
}

/**
 * A Ruby class or module as found in app/models, before name resolution.
 * A class reopened in several files is merged into one definition.
 */
export interface DefinitionIR {
  readonly kind: 'class' | 'module';
  /** Fully qualified name (`Admin::User`). */
  readonly name: string;
  /** Lexical scopes for constant lookup, innermost first (`['Admin::Billing', 'Admin', '']`). */
  readonly nesting: readonly string[];
  /** Superclass as written (`ApplicationRecord`, `::ActiveRecord::Base`), null when absent. */
  superclass: string | null;
  readonly file: string;
  readonly line: number;
  readonly macros: MacroIR[];
  readonly classMethods: ClassMethodIR[];
  /** Instance methods by name (a later definition in the body wins, as in Ruby). */
  readonly instanceMethods: Map<string, InstanceMethodIR>;
  /** `self.table_name = …`-style settings: `table_name`, `primary_key`, `abstract_class`, `inheritance_column`. */
  readonly settings: Map<string, {readonly value: RubyValue; readonly line: number; readonly file: string}>;
  /** Literal constants defined in the body (`STATUSES = %w[a b]`, `LOGGABLE_OPTIONS = {…}`). */
  readonly constants: Map<string, RubyValue>;
  /** Modules included (`include Loggable`), as written, with the line. */
  readonly includes: {readonly name: string; readonly line: number; readonly file: string}[];
}
