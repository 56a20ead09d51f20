// `npm run generate [-- <options>]`, launched without TypeScript: a `.ts` entry costs every
// start Node's TypeScript stripper (~80–150 ms, more than the rest of startup). This file
// enables V8's compile cache, then runs the generate command from the type-stripped cache
// that src/generator/load-generator.ts keeps (node_modules/.cache/zam-generator) when its
// manifest still matches every source (size and mtime); otherwise it runs scripts/generate.ts,
// which rebuilds the cache. Same options and output either way (tests/generator/cli.test.ts).
import module from 'node:module';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import {pathToFileURL} from 'node:url';

const REPO = path.resolve(import.meta.dirname, '..');
module.enableCompileCache?.(path.join(REPO, 'node_modules/.cache/zam-compile'));
// prism's parser is WASM that runs once per file in a process that then exits: V8's tier-up recompiles its hot
// functions with TurboFan in the background, costing ~80 ms CPU (a second core's worth on a busy machine) for
// code that is ready only when parsing is nearly done. Its baseline compiler alone parses as fast here.
v8.setFlagsFromString('--liftoff-only');

/** The cached CLI's main module when the manifest matches every source, else null. */
async function cachedCli() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(REPO, 'node_modules/.cache/zam-generator/current.json'), 'utf8'));
    for (const [file, size, mtimeMs] of manifest.files) {
      const s = statSync(file);
      if (s.size !== size || s.mtimeMs !== mtimeMs) return null;
    }
    return await import(pathToFileURL(manifest.entry).href);
  } catch {
    return null;
  }
}

const cli = await cachedCli();
if (cli === null) await import('./generate.ts');
else process.exitCode = await cli.main(process.argv.slice(2), process.cwd(), process.env);
