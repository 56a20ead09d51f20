import {describe, expect, test} from 'vitest';
import {tsString} from './ts-literal.ts';

/** The printer before its fast path: JSON's escapes, then single quotes. */
function viaJson(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

describe('tsString', () => {
  test('prints every UTF-16 code unit, alone and between plain text, as the JSON-based printer does', () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      expect(tsString(c)).toBe(viaJson(c));
      expect(tsString(`a${c}b`)).toBe(viaJson(`a${c}b`));
    }
  });

  test('quotes, backslashes, newlines, surrogate pairs and lone surrogates', () => {
    for (const s of ["it's", 'say "hi"', 'C:\\dir', 'a\nb\tc', '😀 ok', '\ud800 lone', 'lone \udc00', '', 'plain text, 1.5']) {
      expect(tsString(s)).toBe(viaJson(s));
    }
    expect(tsString("it's")).toBe("'it\\'s'");
    expect(tsString('plain')).toBe("'plain'");
  });
});
