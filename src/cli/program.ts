import type { Command } from 'commander';
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
import { registerLagExporterCommand } from './commands/lag-exporter/index.js';
import { registerLeaderElectionCommand } from './commands/leader-election/index.js';
import { registerLogDirsCommand } from './commands/log-dirs/index.js';
import { registerMetadataQuorumCommand } from './commands/metadata-quorum/index.js';
import { registerMetadataShellCommand } from './commands/metadata-shell/index.js';
import { registerProducerPerfTestCommand } from './commands/producer-perf-test/index.js';
import { registerReassignPartitionsCommand } from './commands/reassign-partitions/index.js';
import { registerSchemasCommand } from './commands/schemas/index.js';
import { registerStreamsApplicationResetCommand } from './commands/streams-application-reset/index.js';
import { registerTopicsCommand } from './commands/topics/index.js';
import { registerTransactionsCommand } from './commands/transactions/index.js';
import { registerVerifiableConsumerCommand } from './commands/verifiable-consumer/index.js';
import { registerVerifiableProducerCommand } from './commands/verifiable-producer/index.js';
import type { CliIO } from './output/io.js';
import { rootCommand, wireCommands } from './root.js';

/** The full commander tree bound to `io`: every command, grouped by purpose for `tkafka --help`. */
export function createProgram(io: CliIO): Command {
  const program = rootCommand();

  // `tkafka --help` lists the commands by purpose; each command's own --help names its Kafka script.
  program.commandsGroup('Broker:');
  registerBrokerCommand(program, io);
  program.commandsGroup('Produce and consume:');
  registerConsoleProducerCommand(program, io);
  registerConsoleConsumerCommand(program, io);
  program.commandsGroup('Schemas:');
  registerSchemasCommand(program, io);
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
  program.commandsGroup('Monitoring:');
  registerLagExporterCommand(program, io);
  program.commandsGroup('Security:');
  registerAclsCommand(program, io);
  registerDelegationTokensCommand(program, io);
  program.commandsGroup('Cluster operations:');
  registerBrokerApiVersionsCommand(program, io);
  registerClusterCommand(program, io);
  registerFeaturesCommand(program, io);
  registerMetadataQuorumCommand(program, io);
  registerMetadataShellCommand(program, io);
  registerLeaderElectionCommand(program, io);
  registerReassignPartitionsCommand(program, io);
  program.commandsGroup('Performance and verification:');
  registerProducerPerfTestCommand(program, io);
  registerConsumerPerfTestCommand(program, io);
  registerE2eLatencyCommand(program, io);
  registerVerifiableProducerCommand(program, io);
  registerVerifiableConsumerCommand(program, io);
  program.commandsGroup('Shell:');
  // The completion script describes a fresh tree, built here so the command need not import this module.
  registerCompletionCommand(program, io, () => Promise.resolve(createProgram(io)));
  program.helpCommand(true);
  return wireCommands(program, io);
}

export { Command, CommanderError, runProgram } from './root.js';
