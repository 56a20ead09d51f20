import path from 'node:path';
import MagicString from 'magic-string';
import {parse} from 'svelte/compiler';
import {Node, type SourceFile} from 'ts-morph';
import {forgetFragments, migrateFragment, parseFragment, type FileMigration, type Fragment, type ImportNeeds} from './migrate-source.ts';
import type {ModelIndex} from './model-index.ts';

/** One file's outcome: its new text (equal to the old one when nothing applied) and what was done. */
export interface FileResult {
  readonly before: string;
  readonly after: string;
  readonly changes: number;
  readonly todos: number;
}

const LIBRARY = 'zero-active-models';

/** True for files whose code runs Svelte runes. */
export function isRunesFile(file: string): boolean {
  return /\.svelte(\.[cm]?[jt]s)?$/.test(file);
}

/**
 * Migrates one source file's text: `.ts`/`.js` through ts-morph; `.svelte`
 * through the Svelte compiler's parser (where the script and each markup
 * expression are) with each piece migrated by ts-morph and edited with
 * magic-string. Then adds the imports the new code needs and drops imports
 * that no longer have a use. Running it on its own output changes nothing.
 */
export function migrateFile(file: string, text: string, models: ModelIndex): FileResult {
  try {
    return migrateText(file, text, models);
  } finally {
    forgetFragments();
  }
}

function migrateText(file: string, text: string, models: ModelIndex): FileResult {
  const migration: FileMigration = {
    models,
    runes: isRunesFile(file),
    s: new MagicString(text),
    wrappers: new Map(),
    imports: {active: new Set(), reactive: new Set(), library: new Set()},
    maybeUnused: new Set(),
    detachedTodos: [],
    changes: 0,
    todos: 0,
  };
  const specifiers = {
    active: relativeModule(file, models.activeModule),
    reactive: relativeModule(file, models.reactiveModule),
  };
  if (file.endsWith('.svelte')) migrateSvelte(migration, text, specifiers);
  else {
    const fragment: Fragment = {code: text, offset: 0, prefix: 0, inMarkup: false};
    const source = migrateFragment(migration, fragment);
    addImports(migration, source, fragment, specifiers);
  }
  let after = migration.s.toString();
  if (after !== text && migration.maybeUnused.size > 0) after = pruneImports(file, after, migration.maybeUnused);
  return {before: text, after, changes: migration.changes, todos: migration.todos};
}

function migrateSvelte(migration: FileMigration, text: string, specifiers: {active: string; reactive: string}): void {
  const ast = parse(text, {modern: true});
  const script = ast.instance;
  let scriptFragment: Fragment | undefined;
  let scriptSource: SourceFile | undefined;
  if (script !== null && script !== undefined) {
    const content = script.content as unknown as {start: number; end: number};
    scriptFragment = {code: text.slice(content.start, content.end), offset: content.start, prefix: 0, inMarkup: false};
    scriptSource = migrateFragment(migration, scriptFragment);
  }
  for (const expression of markupExpressions(ast.fragment)) {
    const code = `(${text.slice(expression.start, expression.end)})`;
    migrateFragment(migration, {code, offset: expression.start, prefix: 1, inMarkup: true});
  }
  if (scriptFragment !== undefined && scriptSource !== undefined) {
    addImports(migration, scriptSource, scriptFragment, specifiers);
    if (migration.detachedTodos.length > 0) migration.s.appendLeft(scriptFragment.offset + scriptFragment.code.length, `${migration.detachedTodos.map((t) => `${t} (in the markup)`).join('\n')}\n`);
  } else if (hasNeeds(migration.imports) || migration.detachedTodos.length > 0) {
    const lines = [...importLines(migration.imports, new Set(), specifiers), ...migration.detachedTodos];
    migration.s.prepend(`<script lang="ts">\n${lines.map((l) => `  ${l}`).join('\n')}\n</script>\n\n`);
  }
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** The JavaScript expressions in Svelte markup (`{…}`, attribute values, block heads), outermost only. */
function markupExpressions(fragment: unknown): Range[] {
  const found: Range[] = [];
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as {type?: unknown; start?: unknown; end?: unknown};
    if (typeof node.type === 'string' && typeof node.start === 'number' && typeof node.end === 'number' && isEstreeExpression(node.type) && key !== 'context') {
      found.push({start: node.start, end: node.end});
      return;
    }
    for (const [childKey, child] of Object.entries(value)) {
      if (childKey === 'parent' || childKey === 'metadata') continue;
      walk(child, childKey);
    }
  };
  walk(fragment, 'fragment');
  return found;
}

function isEstreeExpression(type: string): boolean {
  return type === 'Identifier' || type === 'Literal' || type === 'TemplateLiteral' || type.endsWith('Expression');
}

function hasNeeds(needs: ImportNeeds): boolean {
  return needs.active.size + needs.reactive.size + needs.library.size > 0;
}

function importLines(needs: ImportNeeds, skip: ReadonlySet<string>, specifiers: {active: string; reactive: string}): string[] {
  const lines: string[] = [];
  for (const [names, from] of [
    [needs.library, LIBRARY],
    [needs.reactive, specifiers.reactive],
    [needs.active, specifiers.active],
  ] as const) {
    const missing = [...names].filter((n) => !skip.has(n)).sort();
    if (missing.length > 0) lines.push(`import {${missing.join(', ')}} from '${from}';`);
  }
  return lines;
}

/** Adds what the migrated code needs to an existing import from the same module, or as new import lines after the last import. */
function addImports(migration: FileMigration, source: SourceFile, fragment: Fragment, specifiers: {active: string; reactive: string}): void {
  if (!hasNeeds(migration.imports)) return;
  const at = (pos: number) => fragment.offset + pos - fragment.prefix;
  const declarations = source.getImportDeclarations();
  const bound = new Set(declarations.flatMap((d) => [d.getDefaultImport()?.getText(), ...d.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName())]).filter((n): n is string => n !== undefined));
  const needs: ImportNeeds = {active: new Set(), reactive: new Set(), library: new Set()};
  for (const [kind, from] of [
    ['library', LIBRARY],
    ['reactive', specifiers.reactive],
    ['active', specifiers.active],
  ] as const) {
    const missing = [...migration.imports[kind]].filter((n) => !bound.has(n)).sort();
    const existing = declarations.find((d) => d.getModuleSpecifierValue() === from && !d.isTypeOnly() && d.getNamedImports().length > 0);
    if (existing !== undefined && missing.length > 0) {
      const last = existing.getNamedImports().at(-1);
      if (last !== undefined) migration.s.appendLeft(at(last.getEnd()), missing.map((n) => `, ${n}`).join(''));
    } else for (const name of missing) needs[kind].add(name);
  }
  const lines = importLines(needs, bound, specifiers);
  if (lines.length === 0) return;
  const lastImport = declarations.at(-1);
  if (lastImport !== undefined) {
    const original = migration.s.original;
    const start = at(lastImport.getStart());
    const lineStart = original.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(original.slice(lineStart, start))?.[0] ?? '';
    migration.s.appendLeft(at(lastImport.getEnd()), lines.map((l) => `\n${indent}${l}`).join(''));
  }
  else if (fragment.offset === 0 && fragment.prefix === 0) migration.s.prependLeft(0, `${lines.join('\n')}\n`);
  else {
    const indent = /^\n?([ \t]*)/.exec(fragment.code)?.[1] ?? '';
    migration.s.appendLeft(fragment.offset, `\n${lines.map((l) => `${indent}${l}`).join('\n')}`);
  }
}

/**
 * Drops import bindings from `candidates` that the migrated text no longer
 * uses (the wrapper classes, the Zero client), re-parsing the result: a
 * binding still named anywhere — script or markup — stays.
 */
function pruneImports(file: string, text: string, candidates: ReadonlySet<string>): string {
  const s = new MagicString(text);
  let script: {code: string; offset: number};
  const used = new Set<string>();
  if (file.endsWith('.svelte')) {
    const ast = parse(text, {modern: true});
    const content = ast.instance?.content as unknown as {start: number; end: number} | undefined;
    if (content === undefined) return text;
    script = {code: text.slice(content.start, content.end), offset: content.start};
    for (const range of markupExpressions(ast.fragment)) {
      for (const node of parseFragment(`(${text.slice(range.start, range.end)})`).getDescendants()) if (Node.isIdentifier(node)) used.add(node.getText());
    }
  } else script = {code: text, offset: 0};
  const source = parseFragment(script.code);
  for (const node of source.getDescendants()) {
    if (!Node.isIdentifier(node)) continue;
    const parent = node.getParent();
    if (Node.isImportSpecifier(parent) || Node.isImportClause(parent)) continue;
    used.add(node.getText());
  }
  for (const declaration of source.getImportDeclarations()) {
    const named = declaration.getNamedImports();
    const unused = named.filter((n) => {
      const local = n.getAliasNode()?.getText() ?? n.getName();
      return candidates.has(local) && !used.has(local);
    });
    if (unused.length === 0) continue;
    if (unused.length === named.length && declaration.getDefaultImport() === undefined && declaration.getNamespaceImport() === undefined) {
      const end = script.code[declaration.getEnd()] === '\n' ? declaration.getEnd() + 1 : declaration.getEnd();
      s.remove(script.offset + declaration.getFullStart() + leadingNewline(script.code, declaration.getFullStart()), script.offset + end);
      continue;
    }
    for (const specifier of unused) {
      const next = specifier.getNextSibling();
      const removeEnd = next !== undefined && next.getText() === ',' ? next.getEnd() : specifier.getEnd();
      const previous = specifier.getPreviousSibling();
      const removeStart = removeEnd === specifier.getEnd() && previous !== undefined && previous.getText() === ',' ? previous.getStart() : specifier.getStart();
      s.remove(script.offset + removeStart, script.offset + removeEnd);
    }
  }
  return s.toString();
}

/** Full starts include the previous line's newline; keep it. */
function leadingNewline(code: string, fullStart: number): number {
  return code[fullStart] === '\n' ? 1 : 0;
}

/** The import specifier of `target` from `file`: relative, with its `.ts` extension (as generated files import each other). */
function relativeModule(file: string, target: string): string {
  const relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
