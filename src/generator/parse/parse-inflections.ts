import * as P from '@ruby/prism/src/nodes.js';
import type {RubySource} from '../ruby/ruby-source.ts';
import {callArguments, statementsOf, type RubyValue} from '../ruby/ruby-value.ts';

/** One `inflect.<method>(…)` call of an `ActiveSupport::Inflector.inflections` block. */
export interface InflectionCallIR {
  readonly method: string;
  readonly args: readonly RubyValue[];
  readonly file: string;
  readonly line: number;
}

/**
 * Collects the rule calls of every `ActiveSupport::Inflector.inflections(:en)
 * do |inflect| … end` block (also `{ |inflect| … }`, without a locale, or with
 * `inflections(:en)` on `ActiveSupport::Inflector`): table and class names are
 * derived with the :en rules, so other locales are ignored.
 */
export function parseInflections(source: RubySource): InflectionCallIR[] {
  const out: InflectionCallIR[] = [];
  const visit = (nodes: readonly P.Node[]): void => {
    for (const node of nodes) {
      if (!(node instanceof P.CallNode)) continue;
      const args = callArguments(node);
      if (node.name !== 'inflections' || args.block === null) {
        if (args.block !== null) visit(statementsOf(args.block.body));
        continue;
      }
      const locale = args.positional[0];
      if (locale !== undefined && !((locale.kind === 'symbol' || locale.kind === 'string') && locale.value === 'en')) continue;
      const params = args.block.parameters;
      const first = params instanceof P.BlockParametersNode ? params.parameters?.requireds[0] : undefined;
      const name = first instanceof P.RequiredParameterNode ? first.name : null;
      for (const stmt of statementsOf(args.block.body)) {
        if (!(stmt instanceof P.CallNode) || !(stmt.receiver instanceof P.LocalVariableReadNode) || stmt.receiver.name !== name) continue;
        const call = callArguments(stmt);
        out.push({method: stmt.name, args: call.positional, file: source.file, line: source.lineOf(stmt)});
      }
    }
  };
  visit(source.statements);
  return out;
}
