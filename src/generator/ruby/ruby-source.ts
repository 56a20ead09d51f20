import type {loadPrism} from '@ruby/prism';
import type {ProgramNode} from '@ruby/prism/src/nodes.js';
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
  readonly program: ProgramNode;
  lineOf(node: {location: {startOffset: number}}): number;
  /** The exact source text of a node (for TODO comments and SQL-ish strings). */
  textOf(node: {location: {startOffset: number; length: number}}): string;
}

export async function parseRuby(file: string, text: string): Promise<RubySource> {
  const parse = await loadRubyParser();
  const bytes = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineStarts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const result = parse(text);
  const firstError = result.errors.find((e) => e.level !== 'warning') ?? result.errors[0];
  if (firstError !== undefined) {
    throw new RubySyntaxError(file, lineAt(firstError.location.startOffset), firstError.message);
  }
  return {
    file,
    program: result.value,
    lineOf: (node) => lineAt(node.location.startOffset),
    textOf: (node) =>
      bytes.subarray(node.location.startOffset, node.location.startOffset + node.location.length).toString('utf8'),
  };
}
