/**
 * Deterministic TypeScript literal printer for generated configs: two-space
 * indent, single quotes, keys unquoted when they are identifiers, short
 * arrays/objects on one line. Object keys keep insertion order — callers
 * decide ordering (sorted or declaration order) so that output is stable.
 */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INLINE_LIMIT = 100;

/**
 * Text that the general path below would print unchanged between the quotes: no quote, backslash, control
 * character (JSON escapes those) or surrogate (JSON escapes a lone one). Nearly every name and value in a config
 * is, and a 200-table app's configs print tens of thousands of them.
 */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must take the JSON path
const PLAIN = /^[^'"\\\u0000-\u001f\ud800-\udfff]*$/;

export function tsString(value: string): string {
  if (PLAIN.test(value)) return `'${value}'`;
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

export function tsKey(key: string): string {
  return IDENT.test(key) ? key : tsString(key);
}

export function tsLiteral(value: unknown, indent = ''): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => tsLiteral(v, inner));
    if (fitsOneLine(items, indent)) return `[${items.join(', ')}]`;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${tsKey(k)}: ${tsLiteral(v, inner)}`);
    if (fitsOneLine(items, indent)) return `{${items.join(', ')}}`;
    return `{\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}}`;
  }
  throw new TypeError(`cannot print ${typeof value} as a TS literal`);
}

/**
 * Whether `[a, b]` / `{a, b}` of these items fits INLINE_LIMIT on one line. Measured from the items' lengths
 * before anything is joined or scanned for newlines: the long multi-line text of a nested config would
 * otherwise be joined and scanned again at every level above it.
 */
function fitsOneLine(items: readonly string[], indent: string): boolean {
  let length = indent.length + 2 + 2 * (items.length - 1);
  for (const item of items) length += item.length;
  return length <= INLINE_LIMIT && !items.some((item) => item.includes('\n'));
}
