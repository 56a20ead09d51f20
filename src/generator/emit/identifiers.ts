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

/** The module file stem for a model: `Admin::User` → `admin_user`. */
export function modelFileStem(className: string): string {
  return underscore(className).replace(/\//g, '_');
}

/** The config export: `Admin::User` → `adminUserConfig`. */
export function configExportName(className: string): string {
  return `${safeIdentifier(className)}Config`;
}
