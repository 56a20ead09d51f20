import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';

/** UTF-8 source bytes → prism's serialized parse (a copy, owned by the caller). */
export type PrismSerializer = (source: Uint8Array) => Uint8Array;

/**
 * prism's options record for the defaults (`@ruby/prism/src/parsePrism.js`, `dumpOptions({})`): u32 filepath
 * length 0, i32 start line 1, u32 encoding length 0, seven flag bytes 0 (frozen_string_literal, command line,
 * version "latest", encoding not locked, main_script, partial_script, freeze), u32 scope count 0. Little-endian.
 */
const DEFAULT_OPTIONS = new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

let serializerPromise: Promise<PrismSerializer> | null = null;

/**
 * Loads prism's WASM parser once per process (~10 ms), as `loadPrism()` does,
 * but returns the serialized parse instead of the deserialized tree: the CLI
 * keeps those bytes between runs (PrismParseCache) and only an unchanged
 * file's cache hit skips this load altogether. Deserializing is
 * `@ruby/prism/src/deserialize.js`, the same function `loadPrism()`'s parse ends with.
 *
 * Node prints an ExperimentalWarning for WASI on first use; it is noise for a
 * CLI user, so the default warning printer is swapped for one that drops
 * exactly that warning while the parser loads and restored afterwards.
 */
export function loadPrismSerializer(): Promise<PrismSerializer> {
  if (serializerPromise === null) {
    const previous = process.listeners('warning');
    process.removeAllListeners('warning');
    const filter = (warning: Error): void => {
      if (warning.name === 'ExperimentalWarning' && warning.message.includes('WASI')) return;
      for (const listener of previous) listener(warning);
    };
    process.on('warning', filter);
    serializerPromise = instantiate().finally(() => {
      // Warnings are emitted on the next tick; restore after they have been delivered.
      setImmediate(() => {
        process.off('warning', filter);
        for (const listener of previous) process.on('warning', listener);
      });
    });
  }
  return serializerPromise;
}

interface PrismExports {
  readonly memory: WebAssembly.Memory;
  calloc(count: number, size: number): number;
  free(pointer: number): void;
  pm_buffer_sizeof(): number;
  pm_buffer_init(buffer: number): void;
  pm_buffer_value(buffer: number): number;
  pm_buffer_length(buffer: number): number;
  pm_buffer_free(buffer: number): void;
  pm_serialize_parse(buffer: number, source: number, length: number, options: number): void;
}

async function instantiate(): Promise<PrismSerializer> {
  // Imported lazily: `wasi` is what warns, and a run whose files are all cached never needs it.
  const {WASI} = await import('node:wasi');
  const wasmPath = createRequire(import.meta.url).resolve('@ruby/prism/src/prism.wasm');
  const wasm = await WebAssembly.compile(await readFile(wasmPath));
  const wasi = new WASI({version: 'preview1'});
  const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject() as WebAssembly.Imports);
  wasi.initialize(instance);
  const prism = instance.exports as unknown as PrismExports;
  // The same calls, in the same order, as parsePrism() in @ruby/prism/src/parsePrism.js.
  return (source) => {
    const sourcePointer = prism.calloc(1, source.length);
    const optionsPointer = prism.calloc(1, DEFAULT_OPTIONS.length);
    const bufferPointer = prism.calloc(prism.pm_buffer_sizeof(), 1);
    prism.pm_buffer_init(bufferPointer);
    new Uint8Array(prism.memory.buffer, sourcePointer, source.length).set(source);
    new Uint8Array(prism.memory.buffer, optionsPointer, DEFAULT_OPTIONS.length).set(DEFAULT_OPTIONS);
    prism.pm_serialize_parse(bufferPointer, sourcePointer, source.length, optionsPointer);
    const serialized = new Uint8Array(prism.memory.buffer, prism.pm_buffer_value(bufferPointer), prism.pm_buffer_length(bufferPointer)).slice();
    prism.pm_buffer_free(bufferPointer);
    prism.free(sourcePointer);
    prism.free(bufferPointer);
    prism.free(optionsPointer);
    return serialized;
  };
}
