/** An ESTree node as the rules read it: by `type`, then its fields (the parsers add their own node types). */
export interface LooseNode {
  readonly type: string;
  readonly [key: string]: unknown;
}
type Node = LooseNode;

/** `node[key]` as a node, when it is one. */
function child(node: Node, key: string): Node | undefined {
  const value = node[key];
  return typeof value === 'object' && value !== null && typeof (value as {type?: unknown}).type === 'string' ? (value as Node) : undefined;
}

/** A generated runes-flavour model name: `ReactiveJob`, `ReactiveActivityLog`. */
export const REACTIVE_MODEL_NAME = /^Reactive[A-Z][A-Za-z0-9]*$/;

/** Library names with the `Reactive` prefix that are not models (classes, helpers, types). */
const LIBRARY_NAMES = new Set(['ReactiveRelation', 'ReactiveRecordBase', 'ReactiveRecord', 'ReactiveModel', 'ReactiveModelRelation', 'ReactivePreloadStatus']);

/** True for a generated `Reactive*` model name (not the library's own `ReactiveRelation` & co.). */
export function isReactiveModelName(name: string): boolean {
  return REACTIVE_MODEL_NAME.test(name) && !LIBRARY_NAMES.has(name);
}

/** `ReactiveJob` → `ActiveJob`: the plain flavour of the same model. */
export function activeModelName(reactiveName: string): string {
  return reactiveName.slice('Re'.length).replace(/^a/, 'A');
}

/**
 * The identifier a call/member chain starts from: `ReactiveJob.where(…).order(…)` → `ReactiveJob`,
 * `job.tasks` → `job`. Anything else (a literal, a call of a call result) → undefined.
 */
export function chainRoot(node: Node | null | undefined): string | undefined {
  let current: Node | undefined = node ?? undefined;
  while (current !== undefined) {
    switch (current.type) {
      case 'Identifier':
        return current['name'] as string;
      case 'CallExpression':
        current = child(current, 'callee');
        break;
      case 'MemberExpression':
        current = child(current, 'object');
        break;
      case 'ChainExpression':
      case 'TSNonNullExpression':
      case 'TSAsExpression':
        current = child(current, 'expression');
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** `$derived(x)` → x, `$derived.by(() => x)` → the function; anything else → undefined. */
export function derivedArgument(node: Node): Node | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = child(node, 'callee');
  if (callee === undefined || !isDerivedCallee(callee)) return undefined;
  return (node['arguments'] as Node[])[0];
}

/** `$derived` or `$derived.by`. */
export function isDerivedCallee(callee: Node): boolean {
  if (callee.type === 'Identifier') return callee['name'] === '$derived';
  if (callee.type !== 'MemberExpression' || callee['computed'] === true) return false;
  const object = child(callee, 'object');
  const property = child(callee, 'property');
  return object?.type === 'Identifier' && object['name'] === '$derived' && property?.type === 'Identifier' && property['name'] === 'by';
}

/** Files where runes run: Svelte components and `.svelte.ts` / `.svelte.js` modules. */
export function isRunesFile(filename: string): boolean {
  return /\.svelte(\.[cm]?[jt]s)?$/.test(filename);
}
