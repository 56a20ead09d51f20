import type {loadPrism} from '@ruby/prism';
import type {Node} from '@ruby/prism/src/nodes.js';
import {RubySyntaxError} from '../errors/ruby-syntax-error.ts';

type ParseFn = Awaited<ReturnType<typeof loadPrism>>;

let parserPromise: Promise<ParseFn> | null = null;

/**
 * Loads the prism WASM parser once per process (~80 ms). Node prints an
 * ExperimentalWarning for WASI on first use; it is noise for a CLI user, so the
 * default warning printer is swapped for one that drops exactly that warning
 * while the parser loads and restored afterwards.
 */
export function loadRubyParser(): Promise<ParseFn> {
  if (parserPromise === null) {
    const previous = process.listeners('warning');
    process.removeAllListeners('warning');
    const filter = (warning: Error): void => {
      if (warning.name === 'ExperimentalWarning' && warning.message.includes('WASI')) return;
      for (const listener of previous) listener(warning);
    };
    process.on('warning', filter);
    // Imported lazily: loading the package loads `wasi`, which is what warns.
    parserPromise = import('@ruby/prism').then((prism) => prism.loadPrism()).finally(() => {
      // Warnings are emitted on the next tick; restore after they have been delivered.
      setImmediate(() => {
        process.off('warning', filter);
        for (const listener of previous) process.on('warning', listener);
      });
    });
  }
  return parserPromise;
}

/** A parsed Ruby file. Prism locations are UTF-8 byte offsets, so lines are counted on bytes. */
export interface RubySource {
  readonly file: string;
  /** The file's top-level statements. */
  readonly statements: readonly Node[];
  lineOf(node: {location: {startOffset: number}}): number;
  /** The exact source text of a node (for TODO comments and SQL-ish strings). */
  textOf(node: {location: {startOffset: number; length: number}}): string;
}

function lineStartsOf(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export async function parseRuby(file: string, text: string): Promise<RubySource> {
  const parse = await loadRubyParser();
  const bytes = Buffer.from(text, 'utf8');
  const starts = lineStartsOf(bytes);
  const result = parse(text);
  const firstError = result.errors.find((e) => e.level !== 'warning') ?? result.errors[0];
  if (firstError !== undefined) {
    throw new RubySyntaxError(file, lineAt(starts, firstError.location.startOffset), firstError.message);
  }
  return {
    file,
    statements: result.value.statements.body,
    lineOf: (node) => lineAt(starts, node.location.startOffset),
    textOf: (node) => bytes.subarray(node.location.startOffset, node.location.startOffset + node.location.length).toString('utf8'),
  };
}

/**
 * Parses many small files in one prism call. Each call pays a fixed cost
 * (copying into WASM memory, a cold deserializer), and 200 model files parsed
 * one by one take ~2.5× longer than the same bytes parsed at once. Files are
 * joined with newlines; every top-level statement must fall inside one file,
 * otherwise (or on any syntax error, or a file with `__END__`) each file is
 * parsed alone so that messages keep their exact file:line.
 */
export async function parseRubyFiles(files: readonly {readonly file: string; readonly text: string}[]): Promise<RubySource[]> {
  const batchable = files.filter((f) => !/^__END__$/m.test(f.text));
  const alone = files.filter((f) => /^__END__$/m.test(f.text));
  const parse = await loadRubyParser();
  const texts = batchable.map((f) => (f.text.endsWith('\n') ? f.text : `${f.text}\n`));
  const combined = texts.join('');
  const bytes = Buffer.from(combined, 'utf8');
  const starts = lineStartsOf(bytes);
  const ranges: {file: string; start: number; end: number; firstLine: number}[] = [];
  let offset = 0;
  for (let i = 0; i < batchable.length; i++) {
    const length = Buffer.byteLength(texts[i]!, 'utf8');
    ranges.push({file: batchable[i]!.file, start: offset, end: offset + length, firstLine: lineAt(starts, offset)});
    offset += length;
  }
  const result = parse(combined);
  const byFile = new Map<string, Node[]>(ranges.map((r) => [r.file, []]));
  let ok = result.errors.length === 0;
  if (ok) {
    let r = 0;
    for (const stmt of result.value.statements.body) {
      const from = stmt.location.startOffset;
      const to = from + stmt.location.length;
      while (r < ranges.length && from >= ranges[r]!.end) r++;
      const range = ranges[r];
      if (range === undefined || from < range.start || to > range.end) {
        ok = false;
        break;
      }
      byFile.get(range.file)!.push(stmt);
    }
  }
  if (!ok) return Promise.all(files.map((f) => parseRuby(f.file, f.text)));
  const sources: RubySource[] = ranges.map((range) => ({
    file: range.file,
    statements: byFile.get(range.file)!,
    lineOf: (node) => lineAt(starts, node.location.startOffset) - range.firstLine + 1,
    textOf: (node) => bytes.subarray(node.location.startOffset, node.location.startOffset + node.location.length).toString('utf8'),
  }));
  for (const f of alone) sources.push(await parseRuby(f.file, f.text));
  const order = new Map(files.map((f, i) => [f.file, i]));
  return sources.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
}
