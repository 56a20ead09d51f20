import {Node, type Expression} from 'ts-morph';
import type {ModelEntry, ModelIndex} from './model-index.ts';

/** What a wrapper's `.current` became: rows (`records`), one live record (`find`/`find_by`), or the first row of a relation. */
export type WrapperKind = 'list' | 'record' | 'first';

export type QueryTranslation =
  | {readonly ok: true; readonly model: ModelEntry; readonly chain: string; readonly kind: WrapperKind}
  | {readonly ok: false; readonly why: string};

/** Zero's ZQL operators that `Relation.where(column, op, value)` takes as they are. */
const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN', 'LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE', 'IS', 'IS NOT']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type Slice = (node: Node) => string;

/**
 * A ZQL query (`zero.query.jobs.where('client_id', id).orderBy('created_at', 'desc').related('client')`)
 * → the model chain that reads the same rows (`Job.where({client_id: id}).order('created_at', 'desc').includes('client')`),
 * with `Model` standing for the model's name (the caller picks the flavour).
 * `slice` gives a node's text as already migrated (arguments may hold reads the codemod rewrote).
 * Anything without a faithful equivalent is refused with the reason.
 */
export function translateQuery(query: Expression, single: boolean, models: ModelIndex, slice: Slice): QueryTranslation {
  const steps: {name: string; args: Node[]; node: Node}[] = [];
  let current: Node = query;
  while (Node.isCallExpression(current)) {
    const callee = current.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return {ok: false, why: `\`${current.getText()}\` is not a ZQL query chain`};
    steps.unshift({name: callee.getName(), args: current.getArguments(), node: current});
    current = callee.getExpression();
  }
  const base = Node.isPropertyAccessExpression(current) ? current.getExpression() : undefined;
  if (!Node.isPropertyAccessExpression(current) || base === undefined || !Node.isPropertyAccessExpression(base) || base.getName() !== 'query') {
    return {ok: false, why: `\`${query.getText()}\` does not start from \`<zero>.query.<table>\``};
  }
  const table = current.getName();
  const model = models.byTable.get(table);
  if (model === undefined) return {ok: false, why: `no generated model for table \`${table}\` (run \`zero-active-models generate\`, or pass --generated)`};

  const chain: string[] = [];
  const equalities: string[] = [];
  let pk: string | undefined;
  let onlyEqualities = true;
  for (const step of steps) {
    const [a, b, c] = step.args;
    switch (step.name) {
      case 'where': {
        if (a === undefined || !Node.isStringLiteral(a)) return {ok: false, why: `\`${step.node.getText()}\`: a where with a callback (cmp/and/or/exists) has no model equivalent; write a Rails scope and regenerate`};
        const column = a.getLiteralValue();
        const key = IDENTIFIER.test(column) ? column : JSON.stringify(column);
        if (c === undefined && b !== undefined) {
          equalities.push(`${key}: ${slice(b)}`);
          if (column === model.primaryKey) pk = slice(b);
          chain.push(`where({${key}: ${slice(b)}})`);
          break;
        }
        if (b === undefined || c === undefined || !Node.isStringLiteral(b) || !OPERATORS.has(b.getLiteralValue())) {
          return {ok: false, why: `\`${step.node.getText()}\`: unknown operator; the model where takes ${[...OPERATORS].join(', ')}`};
        }
        if (b.getLiteralValue() === '=') {
          equalities.push(`${key}: ${slice(c)}`);
          if (column === model.primaryKey) pk = slice(c);
          chain.push(`where({${key}: ${slice(c)}})`);
        } else {
          onlyEqualities = false;
          chain.push(`where(${JSON.stringify(column).replaceAll('"', "'")}, ${slice(b)}, ${slice(c)})`);
        }
        break;
      }
      case 'orderBy':
        onlyEqualities = false;
        chain.push(`order(${step.args.map(slice).join(', ')})`);
        break;
      case 'limit':
        onlyEqualities = false;
        chain.push(`limit(${step.args.map(slice).join(', ')})`);
        break;
      case 'related':
        if (step.args.length !== 1) return {ok: false, why: `\`${step.node.getText()}\`: a related() with a sub-query has no model equivalent; includes() takes association names only`};
        onlyEqualities = false;
        chain.push(`includes(${slice(a as Node)})`);
        break;
      case 'one':
        single = true;
        break;
      default:
        return {ok: false, why: `\`.${step.name}(…)\` has no model equivalent the codemod knows`};
    }
  }
  if (single && onlyEqualities && equalities.length > 0) {
    if (pk !== undefined && equalities.length === 1) return {ok: true, model, kind: 'record', chain: `find(${pk})`};
    return {ok: true, model, kind: 'record', chain: `find_by({${equalities.join(', ')}})`};
  }
  if (single) return {ok: true, model, kind: 'first', chain: [...chain, 'limit(1)'].join('.')};
  return {ok: true, model, kind: 'list', chain: chain.length === 0 ? 'all()' : chain.join('.')};
}
