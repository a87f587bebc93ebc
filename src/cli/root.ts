import { Command, CommanderError } from 'commander';
import { UsageError } from '../shared/errors.js';
import { actionExitCode } from './action.js';
import { exitCodesHelp } from './exit-codes.js';
import type { CliIO } from './output/io.js';
import { packageVersion } from './version.js';

// The root command and commander's wiring, shared by the full tree (program.ts) and the one-tool
// tree main.ts builds for `tkafka <tool> ...` (tools.ts), which must print and fail identically.

/** `tkafka` itself, without commands. */
export function rootCommand(): Command {
  return new Command('tkafka')
    .description("Kafka's command-line tools and a bundled single-node Kafka broker")
    .version(packageVersion(), '-V, --version', 'print the tkafka version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${exitCodesHelp()}\n\nRun 'tkafka <command> --help' for the options of a command.`);
}

/**
 * Commander never exits the process or prints its own error lines: usage problems are thrown as
 * UsageError (one line plus a `--help` hint, rendered by main.ts), and help/version as
 * CommanderError carrying their exit code. Call once every command is registered.
 */
export function wireCommands(program: Command, io: CliIO): Command {
  for (const cmd of walk(program)) {
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    });
    cmd.exitOverride((err) => {
      throw toCliError(err, cmd);
    });
  }
  return program;
}

/** Parses `argv` (user arguments only) and runs the chosen action; resolves to the action's exit code. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  await program.parseAsync([...argv], { from: 'user' });
  return actionExitCode(program);
}

function* walk(cmd: Command): Generator<Command> {
  yield cmd;
  for (const sub of cmd.commands) yield* walk(sub);
}

const HELP_CODES = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

function toCliError(err: CommanderError, cmd: Command): Error {
  if (HELP_CODES.has(err.code)) return err;
  const message = err.message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  const usage = new UsageError(message, `Run '${commandPath(cmd)} --help' for usage.`);
  usage.cause = err;
  return usage;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export { Command, CommanderError };
