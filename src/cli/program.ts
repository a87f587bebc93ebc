import { Command, CommanderError } from 'commander';
import { UsageError } from '../shared/errors.js';
import { actionExitCode } from './action.js';
import { registerAclsCommand } from './commands/acls/index.js';
import { registerBrokerApiVersionsCommand } from './commands/broker-api-versions/index.js';
import { registerBrokerCommand } from './commands/broker/index.js';
import { registerClusterCommand } from './commands/cluster/index.js';
import { registerCompletionCommand } from './commands/completion/index.js';
import { registerConfigsCommand } from './commands/configs/index.js';
import { registerClientMetricsCommand } from './commands/client-metrics/index.js';
import { registerConsoleConsumerCommand } from './commands/console-consumer/index.js';
import { registerConsoleProducerCommand } from './commands/console-producer/index.js';
import { registerConsumerGroupsCommand } from './commands/consumer-groups/index.js';
import { registerConsumerPerfTestCommand } from './commands/consumer-perf-test/index.js';
import { registerDelegationTokensCommand } from './commands/delegation-tokens/index.js';
import { registerDeleteRecordsCommand } from './commands/delete-records/index.js';
import { registerDumpLogCommand } from './commands/dump-log/index.js';
import { registerE2eLatencyCommand } from './commands/e2e-latency/index.js';
import { registerFeaturesCommand } from './commands/features/index.js';
import { registerGetOffsetsCommand } from './commands/get-offsets/index.js';
import { registerGroupsCommand } from './commands/groups/index.js';
import { registerLeaderElectionCommand } from './commands/leader-election/index.js';
import { registerLogDirsCommand } from './commands/log-dirs/index.js';
import { registerMetadataQuorumCommand } from './commands/metadata-quorum/index.js';
import { registerProducerPerfTestCommand } from './commands/producer-perf-test/index.js';
import { registerReassignPartitionsCommand } from './commands/reassign-partitions/index.js';
import { registerStreamsApplicationResetCommand } from './commands/streams-application-reset/index.js';
import { registerTopicsCommand } from './commands/topics/index.js';
import { registerTransactionsCommand } from './commands/transactions/index.js';
import { registerVerifiableConsumerCommand } from './commands/verifiable-consumer/index.js';
import { registerVerifiableProducerCommand } from './commands/verifiable-producer/index.js';
import { exitCodesHelp } from './exit-codes.js';
import type { CliIO } from './output/io.js';
import { packageVersion } from './version.js';

/**
 * A fresh commander tree bound to `io`. Commander never exits the process or prints its own error
 * lines: usage problems are thrown as UsageError (one line plus a `--help` hint, rendered by main.ts),
 * and help/version as CommanderError carrying their exit code.
 */
export function createProgram(io: CliIO): Command {
  const program = new Command('tkafka')
    .description("Kafka's command-line tools and a bundled single-node Kafka broker")
    .version(packageVersion(), '-V, --version', 'print the tkafka version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${exitCodesHelp()}\n\nRun 'tkafka <command> --help' for the options of a command.`);

  // `tkafka --help` lists the commands by purpose; each command's own --help names its Kafka script.
  program.commandsGroup('Broker:');
  registerBrokerCommand(program, io);
  program.commandsGroup('Produce and consume:');
  registerConsoleProducerCommand(program, io);
  registerConsoleConsumerCommand(program, io);
  program.commandsGroup('Topics, records and configs:');
  registerTopicsCommand(program, io);
  registerConfigsCommand(program, io);
  registerClientMetricsCommand(program, io);
  registerGetOffsetsCommand(program, io);
  registerDeleteRecordsCommand(program, io);
  registerLogDirsCommand(program, io);
  registerDumpLogCommand(program, io);
  program.commandsGroup('Groups and transactions:');
  registerConsumerGroupsCommand(program, io);
  registerGroupsCommand(program, io);
  registerTransactionsCommand(program, io);
  registerStreamsApplicationResetCommand(program, io);
  program.commandsGroup('Security:');
  registerAclsCommand(program, io);
  registerDelegationTokensCommand(program, io);
  program.commandsGroup('Cluster operations:');
  registerBrokerApiVersionsCommand(program, io);
  registerClusterCommand(program, io);
  registerFeaturesCommand(program, io);
  registerMetadataQuorumCommand(program, io);
  registerLeaderElectionCommand(program, io);
  registerReassignPartitionsCommand(program, io);
  program.commandsGroup('Performance and verification:');
  registerProducerPerfTestCommand(program, io);
  registerConsumerPerfTestCommand(program, io);
  registerE2eLatencyCommand(program, io);
  registerVerifiableProducerCommand(program, io);
  registerVerifiableConsumerCommand(program, io);
  program.commandsGroup('Shell:');
  // The completion script is generated from a fresh tree, built here so the command need not import this module.
  registerCompletionCommand(program, io, () => createProgram(io));
  program.helpCommand(true);

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
