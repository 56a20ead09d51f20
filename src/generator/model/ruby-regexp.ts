/**
 * Converts a Ruby (Onigmo) regexp to an equivalent JS RegExp source and flags,
 * or returns a reason when it cannot be done faithfully. Ruby's `^`/`$` are
 * line anchors, so they become JS anchors under the `m` flag; `\A`/`\z` are
 * string anchors and become `^`/`$` (only valid without `m`, so mixing both is
 * refused). Ruby's `m` flag is JS's `s` (dot matches newline).
 */
export function rubyRegexpToJs(source: string, rubyFlags: string): {source: string; flags: string} | {reason: string} {
  if (rubyFlags.includes('x')) return {reason: 'extended (/x) regexp'};
  let out = '';
  let inClass = 0;
  let stringAnchors = false;
  let lineAnchors = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return {reason: 'trailing backslash'};
      i++;
      if (inClass === 0 && next === 'A') {
        out += '^';
        stringAnchors = true;
      } else if (inClass === 0 && (next === 'z' || next === 'Z')) {
        out += next === 'Z' ? '(?=\\n?$)' : '$';
        stringAnchors = true;
      } else if (next === 'h') out += inClass > 0 ? '0-9a-fA-F' : '[0-9a-fA-F]';
      else if (next === 'H') {
        if (inClass > 0) return {reason: '\\H inside a character class'};
        out += '[^0-9a-fA-F]';
      } else if (next === 'G' || next === 'K' || next === 'R' || next === 'X') return {reason: `\\${next} has no JS equivalent`};
      else out += `\\${next}`;
      continue;
    }
    if (ch === '[') {
      if (source[i + 1] === '[' && source[i + 2] === ':') return {reason: 'POSIX bracket expression'};
      inClass++;
      if (inClass > 1) return {reason: 'nested character class'};
    } else if (ch === ']' && inClass > 0) inClass--;
    else if (inClass === 0 && (ch === '^' || ch === '$')) lineAnchors = true;
    else if (inClass === 0 && ch === '(' && source[i + 1] === '?') {
      const kind = source[i + 2];
      if (kind === '>' || kind === '~' || (kind !== undefined && /[imx-]/.test(kind))) return {reason: `(?${kind} group has no JS equivalent`};
    } else if (inClass === 0 && (ch === '+' || ch === '*' || ch === '?' || ch === '}') && source[i + 1] === '+') {
      return {reason: 'possessive quantifier'};
    }
    out += ch;
  }
  if (stringAnchors && lineAnchors) return {reason: 'mixes \\A/\\z with ^/$ anchors'};
  let flags = '';
  if (rubyFlags.includes('i')) flags += 'i';
  if (lineAnchors) flags += 'm';
  if (rubyFlags.includes('m')) flags += 's';
  if (/\\p\{/i.test(out)) flags += 'u';
  try {
    new RegExp(out, flags);
  } catch (error) {
    return {reason: `not a valid JS regexp (${(error as Error).message})`};
  }
  return {source: out, flags};
}
