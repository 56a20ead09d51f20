import {lowerCamel, underscore} from '../naming/inflector.ts';

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let',
  'static', 'yield', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public',
]);

/** A valid, non-reserved TS identifier from any table or class name. */
export function safeIdentifier(name: string): string {
  let id = lowerCamel(name);
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/**
 * The module file stem for a model, from its TS name (`Admin::User` → name
 * `AdminUser` → `admin_user`). Names are made unique in generate.ts, so stems
 * and exports never collide.
 */
export function modelFileStem(name: string): string {
  return underscore(name);
}

/** The config export: `AdminUser` → `adminUserConfig`. */
export function configExportName(name: string): string {
  return `${safeIdentifier(name)}Config`;
}
