// `npm run generate [-- <options>]`: the CLI's generate command (src/cli/generate-command.ts)
// on this repository. The Rails app and output come from zero-active-models.config.json
// (examples/rails-app → generated); `npm run generate -- --help` lists the options.
// The generator is loaded from a type-stripped cache (src/generator/load-generator.ts)
// to keep startup short; the installed package runs its built JS instead.
import {npmScriptContext} from '../src/cli/cli-command.ts';
import {runGenerate} from '../src/cli/generate-command.ts';
import {loadGenerator} from '../src/generator/load-generator.ts';

const argv = process.argv.slice(2);
process.exitCode = await runGenerate(argv, npmScriptContext('generate', process.cwd(), process.env), {loadGenerator});
