// `npm run console`: the CLI's console command (src/cli/console-command.ts) on the
// stack of `npm start`, in the spirit of `rails console`.
//
//   npm run console                       # as dana@example.com
//   npm run console -- --user tom@example.com
//   ZAM_API_URL=http://127.0.0.1:4850 ZAM_CACHE_URL=http://127.0.0.1:4848 npm run console
//
// Defaults follow `npm start`'s ports (ZAM_API_PORT, ZAM_ZERO_PORT) and seeded users.
import {npmScriptContext} from '../src/cli/cli-command.ts';
import {runConsole} from '../src/cli/console-command.ts';
import {requireNode22} from './lib/require-node.ts';

requireNode22();
const env = process.env;
process.exitCode = await runConsole(process.argv.slice(2), npmScriptContext('console', process.cwd(), env), {
  defaults: {
    user: 'dana@example.com',
    apiURL: `http://127.0.0.1:${env.ZAM_API_PORT ?? 4850}`,
    cacheURL: `http://127.0.0.1:${env.ZAM_ZERO_PORT ?? 4848}`,
  },
});
