import {createRequire} from 'node:module';
import {binContext, type CliCommand} from './cli-command.ts';

function help(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `usage: zero-active-models <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`zero-active-models <command> --help\` for a command's options.
Options and paths can live in zero-active-models.config.json (or .ts/.js) in the directory you run it from.`;
}

function version(): string {
  // dist/cli/ and src/cli/ are both two levels below the package root.
  return (createRequire(import.meta.url)('../../package.json') as {version: string}).version;
}

/**
 * The `zero-active-models` binary: `<command> [options]`, `--help`,
 * `--version`. Resolves to the exit code: 2 for an unknown or missing command.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), COMMANDS, {cwd: process.cwd(), env: process.env});
 * ```
 */
export async function runCli(
  argv: readonly string[],
  commands: readonly CliCommand[],
  where: {readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>>},
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(help(commands));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (topic) return topic.run(['--help'], binContext(topic.name, where.cwd, where.env));
    console.log(help(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.\nRun \`zero-active-models --help\`.`);
    return 2;
  }
  return command.run(rest, binContext(command.name, where.cwd, where.env));
}
