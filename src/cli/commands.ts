import type {CliCommand} from './cli-command.ts';

/**
 * The subcommands of the `zero-active-models` binary, in `--help` order. Add
 * one by adding an entry here and its implementation in its own file
 * (`<name>-command.ts`), imported inside `run` so no command pays for another's
 * dependencies.
 */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'generate',
    summary: 'Rails app (db/schema.rb, app/models) → Zero schema, DDL, queries and models (--check, --watch)',
    run: async (argv, context) => {
      const {runGenerate} = await import('./generate-command.ts');
      // The built package ships the generator as plain JS: no TypeScript stripping needed.
      return runGenerate(argv, context, {loadGenerator: () => import('../generator/cli-entry.ts')});
    },
  },
  {
    name: 'console',
    summary: 'a REPL with every generated model, connected to your zero-cache (rails console style)',
    run: async (argv, context) => (await import('./console-command.ts')).runConsole(argv, context),
  },
  {
    name: 'migrate',
    summary: 'rewrite an app from ReactiveQuery wrappers and zero.mutate CRUD to the models (--dry-run, --rollback)',
    run: async (argv, context) => (await import('./migrate-command.ts')).runMigrate(argv, context),
  },
  {
    name: 'activity',
    summary: 'off audit triggers (migrate analyze | generate <table> | validate) and log retention (prune --older-than 90d)',
    run: async (argv, context) => (await import('./activity-command.ts')).runActivity(argv, context),
  },
];
