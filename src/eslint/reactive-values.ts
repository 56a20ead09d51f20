import type {Rule, Scope} from 'eslint';
import {WRITE_METHODS} from './write-methods.ts';
import {chainRoot, derivedArgument, isReactiveModelName, type LooseNode as Node} from './reactive-chain.ts';

function findVariable(scope: Scope.Scope | null, name: string): Scope.Variable | undefined {
  for (let s = scope; s !== null; s = s.upper) {
    const variable = s.set.get(name);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

/**
 * Whether `expression` evaluates to something read from a `Reactive*` model —
 * a reactive record, relation or one of their relations: a chain rooted at a
 * `Reactive*` model (`ReactiveJob.find(id)`, `ReactiveJob.where(…).order(…)`),
 * `$derived(…)` / `$derived.by(() => …)` of one, or a chain rooted at a
 * variable holding one (`job.client`). Variables are followed through their
 * declarations (at most a few hops, so a cycle cannot hang the lint).
 */
export function isReactiveValue(context: Rule.RuleContext, expression: Node | null | undefined, at: Rule.Node, hops = 0): boolean {
  if (expression === null || expression === undefined || hops > 4) return false;
  const derived = derivedArgument(expression);
  if (derived !== undefined) {
    if (derived.type === 'ArrowFunctionExpression' && derived['expression'] === true) {
      return isReactiveValue(context, derived['body'] as Node, at, hops + 1);
    }
    return isReactiveValue(context, derived, at, hops + 1);
  }
  if (expression.type === 'AwaitExpression') return false;
  if (hasWriteCall(expression)) return false;
  const root = chainRoot(expression);
  if (root === undefined) return false;
  const variable = findVariable(context.sourceCode.getScope(at), root);
  if (variable === undefined) return false;
  for (const def of variable.defs) {
    if (def.type === 'ImportBinding') {
      const imported = (def.node as {imported?: {type: string; name?: string; value?: string}}).imported;
      const name = imported?.name ?? imported?.value;
      if (name !== undefined && isReactiveModelName(name)) return true;
    }
    if (def.type === 'Variable' && def.node.init !== null && def.node.init !== undefined && def.node.id.type === 'Identifier') {
      if (isReactiveValue(context, def.node.init as unknown as Node, at, hops + 1)) return true;
    }
  }
  return false;
}

/** A chain through a write (`ReactiveJob.create(…)`, `job.update(…).server`) ends in a WriteOperation, not something live. */
function hasWriteCall(expression: Node): boolean {
  for (let current: Node | undefined = expression; current !== undefined; ) {
    if (current.type === 'CallExpression') {
      const callee = current['callee'] as Node;
      const property = callee.type === 'MemberExpression' ? (callee['property'] as Node) : undefined;
      if (property?.type === 'Identifier' && (WRITE_METHODS.has(property['name'] as string) || property['name'] === 'then')) return true;
      current = callee;
    } else if (current.type === 'MemberExpression') current = current['object'] as Node;
    else if (current.type === 'ChainExpression' || current.type === 'TSNonNullExpression') current = current['expression'] as Node;
    else return false;
  }
  return false;
}
