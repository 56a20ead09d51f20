import {StackError} from './stack-error.ts';

/** zero-cache and @rocicorp/zero need Node ≥ 22; say how to get it when it is older. */
export function requireNode22(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new StackError(
      'node_too_old',
      `Node ${process.versions.node} is too old: zero-cache needs Node 22 or newer. ` +
        'Run through npm (`npm start`, `npm test`), which uses the Node 22 from node_modules/.bin, ' +
        'or install Node 22.',
    );
  }
}
