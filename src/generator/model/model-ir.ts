import type {ClassMethodIR, DefinitionIR, InstanceMethodIR, MacroIR} from '../parse/definition-ir.ts';
import type {TableIR} from '../ir.ts';

/** A concrete ActiveRecord model bound to its table, with every macro that applies to it. */
export interface ModelIR {
  readonly className: string;
  readonly definition: DefinitionIR;
  readonly table: TableIR;
  readonly primaryKey: string;
  /** The STI root (itself when not an STI subclass). */
  readonly baseClassName: string;
  /** Macros in evaluation order: abstract ancestors, STI parents, included concerns, then the class itself. */
  readonly macros: readonly MacroIR[];
  /** Class methods in the same order (concerns' `class_methods` included); later definitions win. */
  readonly classMethods: readonly ClassMethodIR[];
  /** Instance methods as Ruby looks them up: the class's own over its included modules' over its superclass's. */
  readonly instanceMethods: ReadonlyMap<string, InstanceMethodIR>;
  /** Every module included, transitively (`Loggable` through `Trackable`). */
  readonly includedModules: readonly string[];
  readonly sti: {readonly column: string; readonly typeName: string} | null;
  readonly constants: ReadonlyMap<string, import('../ruby/ruby-value.ts').RubyValue>;
  /** `self.x = …` settings of the class and its ancestors (nearest wins). */
  readonly settings: DefinitionIR['settings'];
}
