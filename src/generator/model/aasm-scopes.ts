import * as P from '@ruby/prism/src/nodes.js';
import {callArguments, nameOf, statementsOf} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';

/**
 * The scopes the AASM gem defines on an ActiveRecord model, one per state of an
 * `aasm column: :state do state :purchased … end` block: `Order.purchased` is
 * `where(orders: {state: "purchased"})` (the column defaults to `aasm_state`;
 * `create_scopes: false` turns them off). By scope name: the column and the value.
 */
export function aasmScopes(model: ModelIR): Map<string, {readonly column: string; readonly value: string}> {
  const out = new Map<string, {column: string; value: string}>();
  const columns = new Set(model.table.columns.map((c) => c.name));
  for (const macro of model.macros) {
    if (macro.name !== 'aasm' || !(macro.call.block instanceof P.BlockNode)) continue;
    const args = callArguments(macro.call);
    if (args.options.get('create_scopes')?.kind === 'boolean' && (args.options.get('create_scopes') as {value: boolean}).value === false) continue;
    const column = nameOf(args.options.get('column')) ?? 'aasm_state';
    if (!columns.has(column)) continue;
    for (const stmt of statementsOf(macro.call.block.body)) {
      if (!(stmt instanceof P.CallNode) || stmt.name !== 'state' || stmt.receiver !== null) continue;
      for (const state of callArguments(stmt).positional) {
        const name = nameOf(state);
        // AASM skips a scope whose name the class already responds to; the first definition wins here too.
        if (name !== null && !out.has(name)) out.set(name, {column, value: name});
      }
    }
  }
  return out;
}
