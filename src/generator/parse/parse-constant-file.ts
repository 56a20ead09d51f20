import * as P from '@ruby/prism/src/nodes.js';
import {RubySyntaxError} from '../errors/ruby-syntax-error.ts';
import {parseRuby, parseRubyFiles, type RubySource} from '../ruby/ruby-source.ts';
import {constantName, rubyValue, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';

/**
 * One `NAME = value` of a module or class body, by its fully qualified name (`Gemcutter::MAX_FIELD_LENGTH`);
 * or a class method without parameters whose body is one expression (`def self.all = [EMAIL, SMS]`), as
 * `Module.all`: calling it gives that expression's value, which is a literal when the body is one.
 */
export interface ConstantDefinitionIR {
  readonly name: string;
  readonly value: RubyValue;
  /** Lexical scopes where the value is evaluated, innermost first (`['Gemcutter', '']`): where its own constants resolve. */
  readonly nesting: readonly string[];
  readonly file: string;
  /** 0 when only the file is known (a model body's constant). */
  readonly line: number;
}

/**
 * The constants a file outside app/models defines at load time — config/application.rb (`module
 * Gemcutter; MAX_FIELD_LENGTH = 255`), lib/**.rb (`module Patterns; HANDLE_PATTERN = /…/`),
 * initializers — and the modules and classes it opens (so a lookup knows `Patterns` exists).
 * Only module and class bodies are read, as Ruby runs them when the file loads; method bodies
 * and blocks (`Rails.application.configure do`) are not. `.freeze` is dropped (same value).
 */
export function parseConstantFile(source: RubySource, constants: ConstantDefinitionIR[], namespaces: Set<string>): void {
  const visit = (statements: readonly P.Node[], nesting: readonly string[]): void => {
    const scope = nesting[0]!;
    for (const stmt of statements) {
      if (stmt instanceof P.ClassNode || stmt instanceof P.ModuleNode) {
        const written = constantName(stmt.constantPath);
        if (written === null) continue;
        const name = written.startsWith('::') ? written.slice(2) : scope === '' ? written : `${scope}::${written}`;
        namespaces.add(name);
        visit(statementsOf(stmt.body), [name, ...nesting]);
      } else if (stmt instanceof P.DefNode && stmt.receiver instanceof P.SelfNode && stmt.parameters === null && scope !== '') {
        const body = statementsOf(stmt.body);
        if (body.length === 1) constants.push({name: `${scope}.${stmt.name}`, value: unfrozen(body[0]!), nesting, file: source.file, line: source.lineOf(stmt)});
      } else if (stmt instanceof P.ConstantWriteNode) {
        const name = scope === '' ? stmt.name : `${scope}::${stmt.name}`;
        constants.push({name, value: unfrozen(stmt.value), nesting, file: source.file, line: source.lineOf(stmt)});
      }
    }
  };
  visit(source.statements, ['']);
}

/** `%w[a b].freeze` is `%w[a b]`: freezing does not change the value. */
export function unfrozen(node: P.Node): RubyValue {
  let n = node;
  while (n instanceof P.CallNode && n.name === 'freeze' && n.receiver !== null && n.arguments_ === null && n.block === null) n = n.receiver;
  return rubyValue(n);
}

/**
 * Parses the files Rails loads besides the models (config/application.rb, lib/, initializers) for
 * their constants. One file prism cannot parse (a template under lib/generators) is left out with
 * `skipped` told why, instead of stopping generation: it only means fewer constants resolve.
 */
export async function parseConstantFiles(
  files: readonly {readonly file: string; readonly text: string}[],
  skipped: (file: string, line: number | null, message: string) => void,
): Promise<{constants: ConstantDefinitionIR[]; namespaces: Set<string>}> {
  const constants: ConstantDefinitionIR[] = [];
  const namespaces = new Set<string>();
  if (files.length === 0) return {constants, namespaces};
  let sources: RubySource[];
  try {
    sources = await parseRubyFiles(files);
  } catch (error) {
    if (!(error instanceof RubySyntaxError)) throw error;
    sources = [];
    for (const f of files) {
      try {
        sources.push(await parseRuby(f.file, f.text));
      } catch (inner) {
        if (!(inner instanceof RubySyntaxError)) throw inner;
        skipped(f.file, inner.line, inner.message);
      }
    }
  }
  for (const source of sources) parseConstantFile(source, constants, namespaces);
  return {constants, namespaces};
}
