import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

/** Entries are prism's own output, whose layout belongs to one prism release: the version is part of the file. */
const PRISM_VERSION = (createRequire(import.meta.url)('@ruby/prism/package.json') as {version: string}).version;
const MAGIC = `zam prism cache 1 ${PRISM_VERSION}\n`;
const KEY_BYTES = 32;
/** Entries of files not read by the last run are kept up to this total, so runs on two apps do not evict each other. */
const KEEP_BYTES = 16 * 1024 * 1024;

/**
 * prism's serialized parse of Ruby files by the SHA-256 of their text, kept
 * between CLI runs (`GenerateOptions.cacheDir`): an unchanged file is then
 * deserialized without loading, compiling or running the WASM parser. The
 * serialized form depends only on the text and prism's version (the options
 * are always the defaults), so a hit is exactly what parsing would return.
 * One file, rewritten (temp file + rename) only when a run added entries.
 */
export class PrismParseCache {
  readonly #file: string;
  readonly #stored: Map<string, Uint8Array>;
  readonly #used = new Map<string, Uint8Array>();
  #added = false;

  private constructor(file: string, stored: Map<string, Uint8Array>) {
    this.#file = file;
    this.#stored = stored;
  }

  /** The cache in `dir`; empty when it is missing, unreadable, from another prism version or damaged. */
  static load(dir: string): PrismParseCache {
    const file = path.join(dir, 'prism-parse.bin');
    const stored = new Map<string, Uint8Array>();
    try {
      const bytes = readFileSync(file);
      const magic = Buffer.from(MAGIC);
      if (bytes.subarray(0, magic.length).equals(magic)) {
        let at = magic.length;
        while (at + KEY_BYTES + 4 <= bytes.length) {
          const key = bytes.toString('hex', at, at + KEY_BYTES);
          const length = bytes.readUInt32LE(at + KEY_BYTES);
          at += KEY_BYTES + 4;
          if (at + length > bytes.length) {
            stored.clear();
            break;
          }
          // A plain Uint8Array view, as prism's deserializer is given by prism itself (Buffer's slice does not copy).
          stored.set(key, new Uint8Array(bytes.buffer, bytes.byteOffset + at, length));
          at += length;
        }
      }
    } catch {
      // no cache yet, or unreadable: parse again
    }
    return new PrismParseCache(file, stored);
  }

  static keyOf(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }

  get(key: string): Uint8Array | undefined {
    const hit = this.#used.get(key) ?? this.#stored.get(key);
    if (hit !== undefined) this.#used.set(key, hit);
    return hit;
  }

  set(key: string, serialized: Uint8Array): void {
    this.#used.set(key, serialized);
    this.#added = true;
  }

  /** Writes the entries of this run first, then older ones up to KEEP_BYTES; nothing when every file was a hit. */
  save(): void {
    if (!this.#added) return;
    const chunks: Uint8Array[] = [Buffer.from(MAGIC)];
    let kept = 0;
    const add = (key: string, serialized: Uint8Array): void => {
      const head = Buffer.alloc(KEY_BYTES + 4);
      head.write(key, 0, KEY_BYTES, 'hex');
      head.writeUInt32LE(serialized.length, KEY_BYTES);
      chunks.push(head, serialized);
    };
    for (const [key, serialized] of this.#used) add(key, serialized);
    for (const [key, serialized] of this.#stored) {
      if (this.#used.has(key) || kept + serialized.length > KEEP_BYTES) continue;
      kept += serialized.length;
      add(key, serialized);
    }
    try {
      mkdirSync(path.dirname(this.#file), {recursive: true});
      const tmp = `${this.#file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat(chunks));
      renameSync(tmp, this.#file);
      this.#added = false;
    } catch {
      // a read-only cache directory only costs the next run a parse
    }
  }
}
