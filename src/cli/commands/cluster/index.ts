import { Option, type Command } from 'commander';
import type { CliIO } from '../../output/io.js';
import { intArg, subcommand } from '../../options/admin-subcommand.js';
import type { ClusterCliFlags } from './action.js';

// Definitions only: the action is imported when a subcommand runs.

export function registerClusterCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('cluster')
    .description('cluster id, broker unregistration and endpoints (kafka-cluster.sh)')
    .addHelpText(
      'after',
      `
Output is kafka-cluster.sh's. -b is --bootstrap-server, -c/--config the old name of --command-config.

Examples:
  tkafka cluster cluster-id
  tkafka cluster list-endpoints --bootstrap-server localhost:9092
  tkafka cluster unregister --id 3`,
    );
  const load = async () => (await import('./action.js')).runCluster;
  const sub = (name: string, description: string): Command =>
    subcommand<ClusterCliFlags>(cmd, program, io, name, description, async () => {
      const run = await load();
      return (flags, cliIo) => run(name, flags, cliIo);
    })
      .addOption(new Option('-b <host:port,...>', 'same as --bootstrap-server').hideHelp())
      .addOption(new Option('-c, --config <file>', '(deprecated) same as --command-config'))
      .addOption(new Option('--bootstrap-controller <host:port,...>', 'controller(s) to connect to instead of --bootstrap-server'));
  sub('cluster-id', 'Get information about the ID of a cluster.');
  sub('unregister', 'Unregister a broker.').requiredOption('-i, --id <id>', 'The ID of the broker to unregister.', intArg);
  sub('list-endpoints', 'List endpoints').option('--include-fenced-brokers', 'Whether to include fenced brokers when listing broker endpoints');
}
