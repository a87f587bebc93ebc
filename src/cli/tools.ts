import type { Command } from 'commander';
import type { CliIO } from './output/io.js';
import { rootCommand, wireCommands } from './root.js';

// `tkafka <tool> ...` builds a tree with that one command: the other commands' definitions (and
// program.ts, which imports them all) are never loaded. The root's help, `help <cmd>`, a mistyped
// command's suggestion and `completion <shell>` need the full tree and go through program.ts.

type Register = (program: Command, io: CliIO) => Promise<void>;

/** Every command by name (test/unit/cli/tools.test.ts checks this against program.ts's tree). */
const TOOLS: Readonly<Record<string, Register>> = {
  'acls': async (p, io) => (await import('./commands/acls/index.js')).registerAclsCommand(p, io),
  'broker': async (p, io) => (await import('./commands/broker/index.js')).registerBrokerCommand(p, io),
  'broker-api-versions': async (p, io) => (await import('./commands/broker-api-versions/index.js')).registerBrokerApiVersionsCommand(p, io),
  'client-metrics': async (p, io) => (await import('./commands/client-metrics/index.js')).registerClientMetricsCommand(p, io),
  'cluster': async (p, io) => (await import('./commands/cluster/index.js')).registerClusterCommand(p, io),
  'configs': async (p, io) => (await import('./commands/configs/index.js')).registerConfigsCommand(p, io),
  'console-consumer': async (p, io) => (await import('./commands/console-consumer/index.js')).registerConsoleConsumerCommand(p, io),
  'console-producer': async (p, io) => (await import('./commands/console-producer/index.js')).registerConsoleProducerCommand(p, io),
  'consumer-groups': async (p, io) => (await import('./commands/consumer-groups/index.js')).registerConsumerGroupsCommand(p, io),
  'consumer-perf-test': async (p, io) => (await import('./commands/consumer-perf-test/index.js')).registerConsumerPerfTestCommand(p, io),
  'delegation-tokens': async (p, io) => (await import('./commands/delegation-tokens/index.js')).registerDelegationTokensCommand(p, io),
  'delete-records': async (p, io) => (await import('./commands/delete-records/index.js')).registerDeleteRecordsCommand(p, io),
  'dump-log': async (p, io) => (await import('./commands/dump-log/index.js')).registerDumpLogCommand(p, io),
  'e2e-latency': async (p, io) => (await import('./commands/e2e-latency/index.js')).registerE2eLatencyCommand(p, io),
  'features': async (p, io) => (await import('./commands/features/index.js')).registerFeaturesCommand(p, io),
  'get-offsets': async (p, io) => (await import('./commands/get-offsets/index.js')).registerGetOffsetsCommand(p, io),
  'groups': async (p, io) => (await import('./commands/groups/index.js')).registerGroupsCommand(p, io),
  'jmx': async (p, io) => (await import('./commands/jmx/index.js')).registerJmxCommand(p, io),
  'lag-exporter': async (p, io) => (await import('./commands/lag-exporter/index.js')).registerLagExporterCommand(p, io),
  'leader-election': async (p, io) => (await import('./commands/leader-election/index.js')).registerLeaderElectionCommand(p, io),
  'log-dirs': async (p, io) => (await import('./commands/log-dirs/index.js')).registerLogDirsCommand(p, io),
  'metadata-quorum': async (p, io) => (await import('./commands/metadata-quorum/index.js')).registerMetadataQuorumCommand(p, io),
  'metadata-shell': async (p, io) => (await import('./commands/metadata-shell/index.js')).registerMetadataShellCommand(p, io),
  'producer-perf-test': async (p, io) => (await import('./commands/producer-perf-test/index.js')).registerProducerPerfTestCommand(p, io),
  'reassign-partitions': async (p, io) => (await import('./commands/reassign-partitions/index.js')).registerReassignPartitionsCommand(p, io),
  // Its subcommands take --version N (a subject version): the root's -V/--version must not see options after the command name.
  'schemas': async (p, io) => (await import('./commands/schemas/index.js')).registerSchemasCommand(p.enablePositionalOptions(), io),
  'streams-application-reset': async (p, io) => (await import('./commands/streams-application-reset/index.js')).registerStreamsApplicationResetCommand(p, io),
  'streams-groups': async (p, io) => (await import('./commands/streams-groups/index.js')).registerStreamsGroupsCommand(p, io),
  'topics': async (p, io) => (await import('./commands/topics/index.js')).registerTopicsCommand(p, io),
  'transactions': async (p, io) => (await import('./commands/transactions/index.js')).registerTransactionsCommand(p, io),
  'verifiable-consumer': async (p, io) => (await import('./commands/verifiable-consumer/index.js')).registerVerifiableConsumerCommand(p, io),
  'verifiable-producer': async (p, io) => (await import('./commands/verifiable-producer/index.js')).registerVerifiableProducerCommand(p, io),
  // `__complete` runs on every <TAB> and needs only itself; `completion <shell>` describes the full tree.
  completion: async (p, io) => (await import('./commands/completion/index.js')).registerCompletionCommand(p, io, async () => (await import('./program.js')).createProgram(io)),
};

/** The command names main.ts builds a one-command tree for. */
export const TOOL_NAMES: readonly string[] = [...Object.keys(TOOLS), '__complete'];

/** The tree for `argv`: one command when argv[0] names it, else undefined (the caller builds the full tree). */
export async function toolProgram(argv: readonly string[], io: CliIO): Promise<Command | undefined> {
  const name = argv[0] === '__complete' ? 'completion' : argv[0];
  const register = name !== undefined && Object.hasOwn(TOOLS, name) ? TOOLS[name] : undefined;
  if (register === undefined) return undefined;
  const program = rootCommand();
  await register(program, io);
  return wireCommands(program, io);
}
