// Thin CLI over src/generator: `npm run generate -- --rails <app root> --out <dir>`.
//   --check   regenerate in memory and fail if <out> is stale (CI)
//   --watch   regenerate whenever schema.rb or app/models changes
//   --allow-unknown-classes   skip associations to classes app/models does not define
//   --verbose list every skip and warning
// Exit codes: 0 ok, 1 invalid input (file:line in the message), 2 usage.
import {watch} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {loadGenerator} from '../src/generator/load-generator.ts';

const USAGE = `usage: node scripts/generate.ts [--rails <app root>] [--out <dir>] [--check | --watch] [--allow-unknown-classes] [--verbose] [--quiet] [--timings]
  --rails   Rails app root holding db/schema.rb and app/models (default examples/rails-app)
  --out     output directory (default generated)`;

function parseCli() {
  return parseArgs({
    options: {
      rails: {type: 'string', default: 'examples/rails-app'},
      out: {type: 'string', default: 'generated'},
      check: {type: 'boolean', default: false},
      watch: {type: 'boolean', default: false},
      'allow-unknown-classes': {type: 'boolean', default: false},
      verbose: {type: 'boolean', default: false},
      quiet: {type: 'boolean', default: false},
      timings: {type: 'boolean', default: false},
      help: {type: 'boolean', default: false},
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

let args: ReturnType<typeof parseCli>;
try {
  args = parseCli();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.check && args.watch) {
  console.error(`--check and --watch cannot be combined\n${USAGE}`);
  process.exit(2);
}

const root = path.resolve(args.rails);
// Banners name the app as typed relative to the working directory, so output is machine-independent.
const label = path.isAbsolute(args.rails) ? path.relative(process.cwd(), root).split(path.sep).join('/') || '.' : args.rails.replace(/\/+$/, '').replace(/^(\.\/)+/, '') || '.';

// The generator is loaded from a type-stripped cache (see load-generator.ts) to keep startup short.
const {diffOutput, generate, isClean, isGeneratorError, writeOutput} = await loadGenerator();

async function runOnce(): Promise<number> {
  const started = performance.now();
  try {
    const result = await generate({root, label, allowUnknownClasses: args['allow-unknown-classes']});
    if (args.check) {
      const diff = await diffOutput(args.out, result.files);
      if (isClean(diff)) {
        if (!args.quiet) console.log(`${args.out}/ is up to date with ${label} (${result.files.length} files).`);
        return 0;
      }
      console.error(`${args.out}/ is stale: it does not match ${label}.`);
      for (const f of diff.changed) console.error(`  changed  ${args.out}/${f.path} (first difference at line ${f.line})`);
      for (const f of diff.added) console.error(`  missing  ${args.out}/${f}`);
      for (const f of diff.removed) console.error(`  extra    ${args.out}/${f}`);
      console.error('Run `npm run generate` and commit the result.');
      return 1;
    }
    await writeOutput(args.out, result.files);
    if (!args.quiet) {
      const ms = Math.round(performance.now() - started);
      console.log(`Generated ${result.files.length} files into ${args.out}/ from ${label} in ${ms} ms.`);
      console.log(result.report.format({verbose: args.verbose}));
    }
    if (args.timings) {
      console.log(`timings (ms): ${Object.entries(result.timings).map(([k, v]) => `${k} ${v}`).join(', ')}, write ${Math.round(performance.now() - started - Object.values(result.timings).reduce((a, b) => a + b, 0))}`);
    }
    return 0;
  } catch (error) {
    if (isGeneratorError(error)) {
      console.error(`error: ${error.message}`);
      console.error(`${args.out}/ was left unchanged.`);
      return 1;
    }
    console.error('internal error in the generator (please report it with the input that caused it):');
    console.error(error);
    return 1;
  }
}

if (!args.watch) {
  process.exitCode = await runOnce();
} else {
  await runOnce();
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    // Editors write files in bursts; regenerate once things settle.
    timer = setTimeout(() => {
      timer = null;
      void runOnce();
    }, 150);
  };
  for (const dir of ['db', 'app/models']) {
    try {
      watch(path.join(root, dir), {recursive: true}, schedule);
    } catch {
      console.error(`cannot watch ${label}/${dir}`);
    }
  }
  console.log(`Watching ${label}/db and ${label}/app/models (Ctrl-C to stop).`);
}
