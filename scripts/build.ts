// `npm run build` (and `npm pack`/`npm publish` through `prepack`): the library
// as users install it, into dist/ (gitignored).
//
// tsc (tsconfig.build.json) emits one .js + .d.ts (+ map) per source file:
// unbundled ESM, so `sideEffects: false` lets bundlers drop what a user does
// not import. `.svelte.ts` becomes `.svelte.js` with the runes left in place
// for the user's Svelte compiler — what @sveltejs/package emits for such files;
// the library has no `.svelte` components, so tsc alone is enough. The sources
// import with `.ts` specifiers: `rewriteRelativeImportExtensions` turns them
// into `.js` in the JS, but tsc leaves them in declaration files (TypeScript
// issue #61037), so they are rewritten here: tools that follow d.ts imports
// literally (editors, bundlers reading types) must find the files.
import {spawnSync} from 'node:child_process';
import {chmodSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

rmSync(dist, {recursive: true, force: true});
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {cwd: root, stdio: 'inherit'});
if (tsc.status !== 0) {
  console.error('build failed: tsc -p tsconfig.build.json reported errors (above).');
  process.exit(1);
}

let rewritten = 0;
for (const entry of readdirSync(dist, {recursive: true, withFileTypes: true})) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = path.join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const next = rewriteDeclarationImports(text);
  if (next !== text) {
    writeFileSync(file, next);
    rewritten += 1;
  }
}
chmodSync(path.join(dist, 'cli', 'main.js'), 0o755);
console.log(`built dist/ (${rewritten} declaration files had .ts import specifiers rewritten)`);

/**
 * Relative `.ts` specifiers → `.js` in declaration files: `import … from`,
 * `export … from` (at the start of a line, as tsc writes them; JSDoc lines
 * start with ` *` and keep their examples) and inline `import("./x.ts")` types.
 */
export function rewriteDeclarationImports(dts: string): string {
  return dts
    .replace(/^((?:import|export)\b[^\n'"]*?\bfrom\s+|\}\s*from\s+)(['"])(\.{1,2}\/[^'"\n]+)\.ts\2/gm, '$1$2$3.js$2')
    .replace(/\bimport\((['"])(\.{1,2}\/[^'"\n]+)\.ts\1\)/g, 'import($1$2.js$1)');
}
