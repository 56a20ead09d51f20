// Runs before `npm start` / `npm test` (plain JS, so it works on any Node):
// says clearly when the Node that npm chose is too old for zero-cache.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `\nNode ${process.versions.node} is too old: zero-cache and @rocicorp/zero need Node 22 or newer.\n` +
      'npm normally runs the Node 22 that `npm install` puts in node_modules/.bin (the "node" dev dependency).\n' +
      'Fix: run `npm install` again (check that its install scripts ran), or install Node 22.\n',
  );
  process.exit(1);
}
