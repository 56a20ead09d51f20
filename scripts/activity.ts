// `npm run activity:migrate -- analyze|generate <table>|validate [--since 1h]` and
// `npm run activity:prune -- --older-than 90d [--dry-run]`: the CLI's activity command
// (src/cli/activity-command.ts) on this repository's generated/ and DATABASE_URL.
import {npmScriptContext} from '../src/cli/cli-command.ts';
import {runActivity} from '../src/cli/activity-command.ts';
import {requireNode22} from './lib/require-node.ts';

requireNode22();
const [group, ...rest] = process.argv.slice(2) as [string, ...string[]];
const script = npmScriptContext(`activity:${group}`, process.cwd(), process.env);
// The script already names the group (`migrate`, `prune`): hints leave it out.
const context = {...script, rerun: (args: readonly string[]) => script.rerun(args[0] === group ? args.slice(1) : args)};
process.exitCode = await runActivity([group, ...rest], context);
