import * as P from '@ruby/prism/src/nodes.js';
import type {RubySource} from '../ruby/ruby-source.ts';
import {callArguments, constantName, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';
import type {DefinitionIR, MacroIR} from './definition-ir.ts';

/** Class-level settings Rails models assign with `self.x = value`. */
const SETTINGS = new Set([
  'table_name', 'primary_key', 'abstract_class', 'inheritance_column', 'store_full_sti_class', 'table_name_prefix',
  'discard_column', 'sti_name',
]);

/**
 * Collects every class and module a model file defines, with their macro calls.
 * Method bodies are not read: only what Rails evaluates at class-load time
 * (macros, `self.x =` settings, literal constants, `included do` blocks).
 */
export function parseModelFile(source: RubySource, into: Map<string, DefinitionIR>): void {
  visitStatements(source, source.statements, [''], into, null);
}

function qualify(scope: string, name: string): string {
  return scope === '' ? name : `${scope}::${name}`;
}

function definitionFor(
  into: Map<string, DefinitionIR>,
  kind: 'class' | 'module',
  name: string,
  nesting: readonly string[],
  source: RubySource,
  node: P.Node,
): DefinitionIR {
  const existing = into.get(name);
  if (existing !== undefined) return existing;
  const def: DefinitionIR = {
    kind,
    name,
    nesting,
    superclass: null,
    file: source.file,
    line: source.lineOf(node),
    macros: [],
    classMethods: [],
    instanceMethods: new Map(),
    settings: new Map(),
    constants: new Map(),
    includes: [],
  };
  into.set(name, def);
  return def;
}

/** `def self.x`: a `self.table_name`-style setting, or a class method (a scope candidate). */
function classMethod(source: RubySource, current: DefinitionIR, def: P.DefNode): void {
  if (SETTINGS.has(def.name)) {
    // `def self.table_name_prefix = "oidc_"` / `def self.table_name; "x"; end`
    const only = statementsOf(def.body);
    if (only.length === 1) current.settings.set(def.name, {value: rubyValue(only[0]!), line: source.lineOf(def), file: source.file});
    return;
  }
  current.classMethods.push({name: def.name, node: def, source, line: source.lineOf(def)});
}

function visitBody(
  source: RubySource,
  body: P.Node | null,
  nesting: readonly string[],
  into: Map<string, DefinitionIR>,
  current: DefinitionIR | null,
  inherited: ReadonlyMap<string, RubyValue> = new Map(),
): void {
  visitStatements(source, statementsOf(body), nesting, into, current, inherited);
}

function visitStatements(
  source: RubySource,
  statements: readonly P.Node[],
  nesting: readonly string[],
  into: Map<string, DefinitionIR>,
  current: DefinitionIR | null,
  inherited: ReadonlyMap<string, RubyValue> = new Map(),
): void {
  for (const stmt of statements) {
    if (stmt instanceof P.ClassNode || stmt instanceof P.ModuleNode) {
      const written = constantName(stmt.constantPath);
      if (written === null) continue;
      const scope = nesting[0]!;
      const name = written.startsWith('::') ? written.slice(2) : qualify(scope, written);
      const innerNesting = [name, ...nesting];
      const def = definitionFor(into, stmt instanceof P.ClassNode ? 'class' : 'module', name, innerNesting, source, stmt);
      if (stmt instanceof P.ClassNode && stmt.superclass !== null) def.superclass = constantName(stmt.superclass);
      visitBody(source, stmt.body, innerNesting, into, def);
      continue;
    }
    if (current === null) continue;
    if (stmt instanceof P.ConstantWriteNode) {
      current.constants.set(stmt.name, rubyValue(stmt.value));
      nestedConstants(stmt.value, current.constants);
      continue;
    }
    if (stmt instanceof P.DefNode && stmt.receiver instanceof P.SelfNode) {
      classMethod(source, current, stmt);
      continue;
    }
    if (stmt instanceof P.DefNode && stmt.receiver === null) {
      current.instanceMethods.set(stmt.name, {name: stmt.name, node: stmt, source, line: source.lineOf(stmt)});
      continue;
    }
    // `private def x` / `protected def x`: the same method, with a visibility that does not matter here.
    if (stmt instanceof P.CallNode && stmt.receiver === null && (stmt.name === 'private' || stmt.name === 'protected') && stmt.arguments_?.arguments_.length === 1 && stmt.arguments_.arguments_[0] instanceof P.DefNode) {
      const def = stmt.arguments_.arguments_[0];
      if (def.receiver === null) current.instanceMethods.set(def.name, {name: def.name, node: def, source, line: source.lineOf(def)});
      continue;
    }
    if (stmt instanceof P.SingletonClassNode && stmt.expression instanceof P.SelfNode) {
      for (const inner of statementsOf(stmt.body)) if (inner instanceof P.DefNode && inner.receiver === null) classMethod(source, current, inner);
      continue;
    }
    if (!(stmt instanceof P.CallNode)) continue;
    if (stmt.receiver instanceof P.SelfNode && stmt.name.endsWith('=')) {
      const setting = stmt.name.slice(0, -1);
      const arg = stmt.arguments_?.arguments_[0];
      if (SETTINGS.has(setting) && arg !== undefined) {
        current.settings.set(setting, {value: rubyValue(arg), line: source.lineOf(stmt), file: source.file});
      }
      continue;
    }
    if (stmt.receiver !== null) continue;
    const args = callArguments(stmt);
    if (stmt.name === 'include') {
      for (const arg of args.positional) {
        if (arg.kind === 'const') current.includes.push({name: arg.name, line: source.lineOf(stmt), file: source.file});
      }
      continue;
    }
    if (stmt.name === 'primary_abstract_class') {
      current.settings.set('abstract_class', {value: {kind: 'boolean', value: true, node: stmt}, line: source.lineOf(stmt), file: source.file});
      continue;
    }
    if (stmt.name === 'class_methods' && args.block !== null && current.kind === 'module') {
      for (const inner of statementsOf(args.block.body)) if (inner instanceof P.DefNode && inner.receiver === null) classMethod(source, current, inner);
      continue;
    }
    if ((stmt.name === 'included' || stmt.name === 'class_eval') && args.block !== null && current.kind === 'module') {
      visitBody(source, args.block.body, nesting, into, current, inherited);
      continue;
    }
    if (stmt.name === 'with_options' && args.block !== null) {
      const merged = new Map(inherited);
      for (const [k, v] of args.options) merged.set(k, v);
      visitBody(source, args.block.body, nesting, into, current, merged);
      continue;
    }
    const macro: MacroIR = {name: stmt.name, call: stmt, source, line: source.lineOf(stmt), inherited, owner: current.kind === 'class' ? current : null, nesting};
    current.macros.push(macro);
  }
}

/**
 * `ROLES = [ADMIN_ROLE = 'admin', EDITOR_ROLE = 'editor'].freeze`: constants written inside a
 * literal list or hash (or its `.freeze`) are constants of the class too, as Ruby defines them.
 */
function nestedConstants(node: P.Node, into: Map<string, RubyValue>): void {
  if (node instanceof P.CallNode && node.name === 'freeze' && node.arguments_ === null && node.receiver !== null) return nestedConstants(node.receiver, into);
  const items = node instanceof P.ArrayNode ? node.elements : node instanceof P.HashNode ? node.elements.flatMap((e) => (e instanceof P.AssocNode ? [e.value] : [])) : [];
  for (const item of items) {
    if (!(item instanceof P.ConstantWriteNode)) continue;
    into.set(item.name, rubyValue(item.value));
    nestedConstants(item.value, into);
  }
}
