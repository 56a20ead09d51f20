import type MagicString from 'magic-string';
import {Node, Project, type SourceFile} from 'ts-morph';
import type {ModelIndex} from './model-index.ts';
import {translateQuery, type WrapperKind} from './translate-query.ts';

/** The hand-written wrappers of the old style: `new ReactiveQuery(() => zero.query.…)`. */
export const WRAPPERS: ReadonlySet<string> = new Set(['ReactiveQuery', 'ReactiveQueryOne']);

/** Zero's deprecated CRUD mutators (`zero.mutate.<table>.<op>`). */
const CRUD_OPS = new Set(['insert', 'update', 'upsert', 'delete']);

export const TODO_PREFIX = '// TODO(zero-active-models):';

/** Names a migrated file must import: the generated modules' models and the library's functions. */
export interface ImportNeeds {
  readonly active: Set<string>;
  readonly reactive: Set<string>;
  readonly library: Set<string>;
}

/** What one file's migration shares across its fragments (a Svelte file's script and markup expressions). */
export interface FileMigration {
  readonly models: ModelIndex;
  /** Runes run here (`.svelte`, `.svelte.ts`): reads become `$derived(Reactive*…)`, writes use Reactive*. */
  readonly runes: boolean;
  readonly s: MagicString;
  /** Converted wrapper variables → what their `.current` became. */
  readonly wrappers: Map<string, WrapperKind>;
  readonly imports: ImportNeeds;
  /** Identifiers whose import may be unused afterwards (the wrappers, the Zero client). */
  readonly maybeUnused: Set<string>;
  /** TODOs that cannot sit next to their code (Svelte markup): the caller puts them in the script. */
  readonly detachedTodos: string[];
  changes: number;
  todos: number;
}

/** A piece of TypeScript inside the file: all of it for .ts, the script or one markup expression for .svelte. */
export interface Fragment {
  readonly code: string;
  /** Where `code[prefix]` is in the file. */
  readonly offset: number;
  /** Characters added in front of the original text to make it parse (`(` for a markup expression). */
  readonly prefix: number;
  /** Markup expressions cannot hold a `//` comment: their TODOs are detached. */
  readonly inMarkup: boolean;
}

const project = new Project({useInMemoryFileSystem: true, compilerOptions: {allowJs: true}});
let counter = 0;

/** Parses a fragment with ts-morph (syntax only: no program, no type check). */
export function parseFragment(code: string): SourceFile {
  counter += 1;
  return project.createSourceFile(`/fragment-${counter}.ts`, code, {overwrite: true});
}

/** Drops every parsed fragment: a migration of thousands of files keeps only the one it is on. */
export function forgetFragments(): void {
  for (const source of project.getSourceFiles()) project.removeSourceFile(source);
}

/**
 * Migrates one fragment in place (edits go to `file.s`): wrappers → models,
 * `.current`/`.data` of converted wrappers → direct reads, CRUD mutators →
 * model writes, `zero.mutateBatch` → the library's `mutateBatch`. Children
 * are migrated before their parents, so a replacement built from a child's
 * text (`slice`) carries the child's own rewrite.
 */
export function migrateFragment(file: FileMigration, fragment: Fragment, source: SourceFile = parseFragment(fragment.code)): SourceFile {
  const at = (pos: number) => fragment.offset + pos - fragment.prefix;
  const slice = (node: Node) => file.s.slice(at(node.getStart()), at(node.getEnd()));
  const overwrite = (node: Node, text: string, end: Node = node) => {
    file.s.overwrite(at(node.getStart()), at(end.getEnd()), text);
    file.changes += 1;
  };
  const flavour = (name: string) => (file.runes ? `Reactive${name}` : `Active${name}`);
  const need = (name: string) => (file.runes ? file.imports.reactive : file.imports.active).add(name);

  const todo = (node: Node, why: string) => {
    const comment = `${TODO_PREFIX} ${why}`;
    if (fragment.inMarkup) {
      if (!file.s.original.includes(comment)) {
        file.detachedTodos.push(comment);
        file.todos += 1;
      }
      return;
    }
    const statement = enclosingStatement(node);
    const start = at(statement.getStart());
    const original = file.s.original;
    const lineStart = original.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(original.slice(lineStart))?.[0] ?? '';
    const previousLine = original.slice(original.lastIndexOf('\n', lineStart - 2) + 1, Math.max(lineStart - 1, 0));
    if (previousLine.trim() === comment) return;
    file.s.prependLeft(lineStart, `${indent}${comment}\n`);
    file.todos += 1;
  };

  // Which wrappers convert, before any read of them is visited (a function may read one declared below it).
  for (const node of source.getDescendants()) {
    if (!Node.isNewExpression(node) || !WRAPPERS.has(node.getExpression().getText())) continue;
    const parent = node.getParent();
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node && Node.isIdentifier(parent.getNameNode())) {
      const query = wrappedQuery(node);
      const translation = query === undefined ? undefined : translateQuery(query, node.getExpression().getText() === 'ReactiveQueryOne', file.models, (n) => n.getText());
      if (translation?.ok === true && file.runes && isTopLevel(parent) && !isExported(parent)) file.wrappers.set(parent.getName(), translation.kind);
    }
  }

  const visit = (node: Node): void => {
    node.forEachChild(visit);
    if (Node.isNewExpression(node) && WRAPPERS.has(node.getExpression().getText())) {
      const wrapper = node.getExpression().getText();
      const query = wrappedQuery(node);
      if (query === undefined) return todo(node, `${wrapper} takes a query or a function returning one; rewrite it as $derived(Reactive<Model>.where(…))`);
      const translation = translateQuery(query, wrapper === 'ReactiveQueryOne', file.models, slice);
      if (!translation.ok) return todo(node, `${wrapper} left as it was: ${translation.why}`);
      const model = `Reactive${translation.model.name}`;
      if (!file.runes) return todo(node, `${wrapper} needs runes; outside .svelte/.svelte.ts files read with Active${translation.model.name} (\`await Active${translation.model.name}.${translation.chain}\`)`);
      const parent = node.getParent();
      const placed = Node.isVariableDeclaration(parent) && isTopLevel(parent) && Node.isIdentifier(parent.getNameNode());
      if (!placed) return todo(node, `${wrapper} outside a top-level variable (its \`.current\` reads cannot all be found): replace it with $derived(${model}.${translation.chain}) and its reads by hand`);
      if (isExported(parent)) return todo(node, `${wrapper} is exported: its readers in other files use \`.current\`; replace it with $derived(${model}.${translation.chain}) and update them by hand`);
      file.imports.reactive.add(model);
      file.maybeUnused.add(wrapper);
      const root = rootIdentifier(query);
      if (root !== undefined) file.maybeUnused.add(root);
      overwrite(node, `$derived(${model}.${translation.chain})`);
      return;
    }
    if (Node.isPropertyAccessExpression(node) && (node.getName() === 'current' || node.getName() === 'data')) {
      const object = node.getExpression();
      const kind = Node.isIdentifier(object) ? file.wrappers.get(object.getText()) : undefined;
      if (kind === undefined) return;
      const name = object.getText();
      const parent = node.getParent();
      const member = Node.isPropertyAccessExpression(parent) && parent.getExpression() === node ? parent : undefined;
      if (kind === 'list') return overwrite(node, `${name}.records`);
      if (member !== undefined) {
        // `job.current?.title` → `job.title` (undefined until loaded, as before).
        file.s.overwrite(at(node.getStart()), at(member.getNameNode().getStart()), kind === 'record' ? `${name}.` : `${name}.records[0]?.`);
        file.changes += 1;
        return;
      }
      return overwrite(node, kind === 'record' ? `${name}.record` : `${name}.records[0]`);
    }
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (!Node.isPropertyAccessExpression(callee)) return;
      if (callee.getName() === 'mutateBatch' && Node.isIdentifier(callee.getExpression())) {
        file.imports.library.add('mutateBatch');
        file.maybeUnused.add(callee.getExpression().getText());
        return overwrite(callee, 'mutateBatch');
      }
      const op = callee.getName();
      const tableAccess = callee.getExpression();
      if (!CRUD_OPS.has(op) || !Node.isPropertyAccessExpression(tableAccess)) return;
      const mutate = tableAccess.getExpression();
      if (!Node.isPropertyAccessExpression(mutate) || mutate.getName() !== 'mutate') return;
      const table = tableAccess.getName();
      const model = file.models.byTable.get(table);
      if (model === undefined) return todo(node, `\`${callee.getText()}\`: no generated model for table \`${table}\``);
      const Model = flavour(model.name);
      const [arg] = node.getArguments();
      if (arg === undefined || node.getArguments().length !== 1) return todo(node, `\`${callee.getText()}\` with ${node.getArguments().length} arguments: write it as a model write yourself`);
      const root = rootIdentifier(mutate);
      const done = () => {
        if (root !== undefined) file.maybeUnused.add(root);
      };
      if (op === 'insert') {
        need(Model);
        done();
        return overwrite(callee, `${Model}.create`);
      }
      if (op === 'upsert') {
        file.imports.library.add('mutateBatch');
        done();
        return overwrite(node, `mutateBatch((tx) => tx.${table}.upsert(${slice(arg)}))`);
      }
      const split = splitPrimaryKey(arg, model.primaryKey, slice);
      if (split === undefined) {
        return todo(node, `\`${callee.getText()}(…)\`: the row is not an object literal naming \`${model.primaryKey}\`; write ${Model}.${op === 'delete' ? 'destroy(id)' : 'update(id, changes)'}`);
      }
      need(Model);
      done();
      if (op === 'delete') return overwrite(node, `${Model}.destroy(${split.key})`);
      return overwrite(node, `${Model}.update(${split.key}, {${split.rest.join(', ')}})`);
    }
  };
  visit(source);
  return source;
}

/** The statement (or class member) a node belongs to: where its TODO line goes. */
function enclosingStatement(node: Node): Node {
  for (let current: Node | undefined = node; current !== undefined; current = current.getParent()) {
    const parent = current.getParent();
    if (parent === undefined) break;
    if (Node.isSourceFile(parent) || Node.isBlock(parent) || Node.isModuleBlock(parent) || Node.isCaseClause(parent) || Node.isClassDeclaration(parent)) return current;
  }
  return node;
}

function wrappedQuery(node: Node): import('ts-morph').Expression | undefined {
  if (!Node.isNewExpression(node)) return undefined;
  const [arg] = node.getArguments();
  if (arg === undefined) return undefined;
  if (Node.isArrowFunction(arg)) {
    const body = arg.getBody();
    return Node.isExpression(body) ? body : undefined;
  }
  return Node.isExpression(arg) ? arg : undefined;
}

/** A declaration at the top level of the script/module (where `$derived` is allowed). */
function isTopLevel(declaration: Node): boolean {
  const statement = declaration.getParent()?.getParent();
  return statement !== undefined && Node.isVariableStatement(statement) && Node.isSourceFile(statement.getParent());
}

/** `export const x = …`: other modules may read it. */
function isExported(declaration: Node): boolean {
  const statement = declaration.getParent()?.getParent();
  return statement !== undefined && Node.isVariableStatement(statement) && statement.isExported();
}

function rootIdentifier(node: Node): string | undefined {
  let current: Node = node;
  while (Node.isPropertyAccessExpression(current) || Node.isCallExpression(current)) current = current.getExpression();
  return Node.isIdentifier(current) ? current.getText() : undefined;
}

/** `{id: x, title}` → key `x`, rest `['title']`; undefined when it is not a plain object literal naming the key. */
function splitPrimaryKey(arg: Node, primaryKey: string, slice: (node: Node) => string): {key: string; rest: string[]} | undefined {
  if (!Node.isObjectLiteralExpression(arg)) return undefined;
  let key: string | undefined;
  const rest: string[] = [];
  for (const property of arg.getProperties()) {
    if (Node.isShorthandPropertyAssignment(property) && property.getName() === primaryKey) key = property.getName();
    else if (Node.isPropertyAssignment(property) && property.getName() === primaryKey) key = slice(property.getInitializerOrThrow());
    else if (Node.isSpreadAssignment(property)) return undefined;
    else rest.push(slice(property));
  }
  return key === undefined ? undefined : {key, rest};
}
