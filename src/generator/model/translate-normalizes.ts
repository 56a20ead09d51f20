import * as P from '@ruby/prism/src/nodes.js';
import type {NormalizationConfig} from '../../contract/model-config.ts';
import type {Report} from '../report.ts';
import {callArguments, nameOf, statementsOf} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';

const STEPS = new Set<NormalizationConfig['steps'][number]>(['strip', 'lstrip', 'rstrip', 'downcase', 'upcase', 'squish', 'presence', 'to_s']);
/** Steps nil answers (`nil.to_s`, `nil.presence`); any other on nil raises in Ruby. */
const NIL_SAFE = new Set(['to_s', 'presence']);

class Untranslatable extends Error {}

/** `->(v) { v.strip.downcase }` / `v&.strip&.downcase` → the steps, innermost first; throws Untranslatable. */
function steps(lambda: P.Node, applyToNil: boolean): NormalizationConfig['steps'] {
  const block = lambda instanceof P.LambdaNode ? lambda : lambda instanceof P.CallNode && lambda.block instanceof P.BlockNode ? lambda.block : null;
  const params = block?.parameters instanceof P.BlockParametersNode ? block.parameters.parameters : null;
  const param = params?.requireds.length === 1 && params.optionals.length === 0 && params.rest === null ? params.requireds[0] : undefined;
  if (block === null || !(param instanceof P.RequiredParameterNode)) throw new Untranslatable('with: is not a one-parameter lambda');
  const body = statementsOf(block.body);
  if (body.length !== 1) throw new Untranslatable('the lambda has several statements');
  const chain: {name: string; safe: boolean}[] = [];
  let node: P.Node | null = body[0]!;
  while (node instanceof P.CallNode) {
    if (node.arguments_ !== null || node.block !== null) throw new Untranslatable(`calls ${node.name} with arguments`);
    chain.unshift({name: node.name, safe: node.isSafeNavigation()});
    node = node.receiver;
  }
  if (!(node instanceof P.LocalVariableReadNode) || node.name !== param.name) throw new Untranslatable('the lambda does not start from its parameter');
  let mayBeNil = applyToNil;
  const out: NormalizationConfig['steps'][number][] = [];
  for (const c of chain) {
    if (!STEPS.has(c.name as never)) throw new Untranslatable(`calls ${c.name}`);
    // Ruby raises NoMethodError there; the client must not quietly do something else.
    if (mayBeNil && !c.safe && !NIL_SAFE.has(c.name)) throw new Untranslatable(`${c.name} on nil raises`);
    out.push(c.name as NormalizationConfig['steps'][number]);
    if (c.name === 'presence') mayBeNil = true;
    if (c.name === 'to_s') mayBeNil = false;
  }
  if (out.length === 0) throw new Untranslatable('the lambda returns its parameter');
  return out;
}

/**
 * Rails 7.1 `normalizes :email, with: ->(e) { e.strip.downcase }` (`apply_to_nil:`)
 * on string/text columns, as steps the runtime applies before validation on the
 * device and on the server (contract/normalize-attributes.ts). Any other `with:`
 * (a class, a method, arguments) is a warning and a TODO: the value is stored as given.
 */
export function translateNormalizes(model: ModelIR, report: Report): {normalizes: Record<string, NormalizationConfig>; todos: string[]} {
  const normalizes: Record<string, NormalizationConfig> = {};
  const todos: string[] = [];
  const types = new Map(model.table.columns.filter((c) => c.withheld === undefined).map((c) => [c.name, c.type]));
  // A withheld column is never written by a client nor named in the output: its normalizes is Rails' alone.
  const withheld = new Set(model.table.columns.filter((c) => c.withheld !== undefined).map((c) => c.name));
  const declared = new Map<string, number>();
  for (const macro of model.macros) {
    if (macro.name !== 'normalizes') continue;
    for (const a of callArguments(macro.call).positional.map(nameOf)) if (a !== null) declared.set(a, (declared.get(a) ?? 0) + 1);
  }
  const refused = new Set<string>();
  for (const macro of model.macros) {
    if (macro.name !== 'normalizes') continue;
    const at = {file: macro.source.file, line: macro.line};
    const args = callArguments(macro.call);
    const attributes = args.positional.map(nameOf);
    const applyToNil = args.options.get('apply_to_nil');
    const withValue = args.options.get('with');
    for (const attr of attributes) {
      try {
        if (attr === null) throw new Untranslatable('dynamic attribute name');
        if (withheld.has(attr)) continue;
        // Rails stacks the declarations (each decorates the attribute type); kept out rather than guessing the order.
        if ((declared.get(attr) ?? 0) > 1) throw new Untranslatable(`${attr} has several normalizes declarations`);
        const type = types.get(attr);
        if (type !== 'string' && type !== 'text' && type !== 'citext') throw new Untranslatable(`${attr} is not a synced string column`);
        if (withValue?.kind !== 'lambda') throw new Untranslatable('with: is not a literal lambda (a class or a method)');
        if (applyToNil !== undefined && applyToNil.kind !== 'boolean') throw new Untranslatable('apply_to_nil: is not a literal');
        const nil = applyToNil?.kind === 'boolean' && applyToNil.value;
        normalizes[attr] = {steps: steps(withValue.node, nil), ...(nil ? {applyToNil: true} : {})};
      } catch (error) {
        if (!(error instanceof Untranslatable)) throw error;
        if (attr !== null) refused.add(attr);
        todos.push(`normalizes :${attr ?? '?'} (${at.file}:${at.line}): ${error.message}; the device and the server store the value as given`);
        report.warn(`${model.className}: normalizes :${attr ?? '?'} is not applied by the client or the server (${error.message})`, at);
      }
    }
  }
  for (const attr of refused) delete normalizes[attr];
  return {normalizes, todos};
}
