#!/usr/bin/env node
// The `zero-active-models` binary (package.json `bin`). Kept free of static
// imports so that an old Node gets this message instead of a syntax or
// module error from deeper down.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`zero-active-models needs Node 22 or newer (this is Node ${process.versions.node}): @rocicorp/zero requires it. Install Node 22 and run it again.`);
  process.exit(1);
}
const [{runCli}, {COMMANDS}] = await Promise.all([import('./run-cli.ts'), import('./commands.ts')]);
process.exitCode = await runCli(process.argv.slice(2), COMMANDS, {cwd: process.cwd(), env: process.env});
export {};
