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
// A generate run executes most of its code once, then exits, and V8's optimizing tiers mostly compile code that is
// ready too late to pay off; on a 200-table app TurboFan's background compiles cost ~150 ms CPU of ~520 (a second
// core's worth on a busy machine). So this process optimizes hot JS with Maglev, TurboFan only for the functions
// named read* (prism's deserializer, the one hot loop: ~25 ms faster with it), and prism's WASM with Liftoff alone
// (no TurboFan tier-up). Measured: CPU 520 → ~390 ms, wall lower too. Output is the same bytes either way
// (tests/generator/cli.test.ts compares the CLI's files with the in-process generator's). Compiler flags set here
// apply to code compiled from now on, which is all of the generator.
v8.setFlagsFromString('--maglev');
v8.setFlagsFromString('--turbo-filter=read*');
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
