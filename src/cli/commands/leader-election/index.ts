import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { LeaderElectionCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerLeaderElectionCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('leader-election')
    .description('elect the preferred (or, unclean, any) replica as leader of partitions (kafka-leader-election.sh)')
    .addOption(completeWith(new Option('--election-type <type>', "'preferred' (move leadership back to the first replica) or 'unclean' (only partitions without a leader)"), { values: ['preferred', 'unclean'] }))
    .addOption(completeWith(new Option('--topic <topic>', 'the topic of the partition to elect (needs --partition)'), 'topics'))
    .addOption(new Option('--partition <id>', 'the partition to elect (with --topic)'))
    .addOption(new Option('--all-topic-partitions', 'every eligible partition of the cluster'))
    .addOption(new Option('--path-to-json-file <file>', 'partitions to elect as {"partitions":[{"topic":"foo","partition":1}]}'));
  addConnectionOptions(cmd, { config: ['--admin.config'] });
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Exactly one of --topic (with --partition), --all-topic-partitions, --path-to-json-file. Output is
kafka-leader-election.sh's: "Successfully completed leader election (PREFERRED) for partitions t-0, ..."
and "Valid replica already elected for partitions ..."; a failed partition prints "Error completing
leader election (...) for partition: t-0: <exception>" and the command exits 1.
--admin.config is the deprecated name of --command-config.

JSON output (-o json): {"electionType","succeeded":[{"topic","partition"}],"noop":[...],"failed":[{"topic","partition","error"}]}

Examples:
  tkafka leader-election --election-type preferred --all-topic-partitions
  tkafka leader-election --election-type preferred --topic orders --partition 0
  tkafka leader-election --election-type unclean --path-to-json-file partitions.json`,
  );
  cmd.action(lazyAction<LeaderElectionCliFlags>(program, io, async () => (await import('./action.js')).runLeaderElection));
}
