import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseNonNegativeInt } from '../../options/parsers.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { StreamsGroupsCliFlags } from './action.js';

// Definitions only: the action (native client, admin) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const STATES = ['Empty', 'NotReady', 'Stable', 'Assigning', 'Reconciling', 'Dead'];

export const STREAMS_GROUPS_JSON_HELP = `JSON output (-o json), one document on stdout; offsets are numbers, missing values null:
  --list                 {"groups":[{"group","state"}]}   (state null without --state)
  --describe             {"groups":[{"group","state","groupEpoch","targetAssignmentEpoch","topologyEpoch","assignor",
                          "coordinator":{"id","host","port"},"subtopologies":[{"subtopologyId","sourceTopics",
                          "repartitionSourceTopics","repartitionSinkTopics","stateChangelogTopics"}],
                          "members":[{"memberId","memberEpoch","processId","clientId","clientHost","instanceId","rackId",
                          "isClassic","topologyEpoch","assignment":{"active","standby","warmup"},"targetAssignment"}],
                          "offsets":[{"topic","partition","currentOffset","leaderEpoch","logEndOffset","lag"}]}]}
                          (offsets only for the default --offsets view, "topologyDescriptionStatus" and
                          "topologyDescription" only for --topology; a task list is [{"subtopologyId","partitions"}])
  --reset-offsets        {"mode":"dry-run"|"execute","groups":[{"group","error","partitions":[{"topic","partition",
                          "newOffset","currentOffset"}],"internalTopicsDeleted"}]}
  --delete               {"deleted":[group],"failed":[{"group","error"}],"internalTopics":[{"group","topics","error"}]}
  --delete-offsets       {"group","error","partitions":[{"topic","partition","error"}]}`;

export function registerStreamsGroupsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('streams-groups')
    .description('list, describe, reset and delete Kafka Streams groups (KIP-1071, group.protocol=streams) (kafka-streams-groups.sh)')
    .addOption(new Option('--list', 'list streams groups'))
    .addOption(new Option('--describe', 'describe groups: offset lag per partition (default), --members, --state or --topology'))
    .addOption(new Option('--delete', 'delete groups (they must be Empty)'))
    .addOption(new Option('--reset-offsets', 'reset the input offsets of inactive groups: needs --dry-run or --execute'))
    .addOption(new Option('--delete-offsets', 'delete the committed offsets of one group for --input-topic or --all-input-topics'))
    .addOption(completeWith(new Option('--group <group>', 'the streams group (its application.id) (repeatable)').argParser(collect), 'groups'))
    .addOption(new Option('--all-groups', 'apply to all streams groups'))
    .addOption(completeWith(new Option('--input-topic <topic>', 'input topic, or topic:0,1,2 for some partitions (repeatable); for --reset-offsets and --delete-offsets').argParser(collect), 'topics'))
    .addOption(new Option('--all-input-topics', 'every input topic of the group topology; for --reset-offsets and --delete-offsets'))
    .addOption(new Option('--timeout <ms>', 'time to wait for admin requests').argParser(parseNonNegativeInt).default(30000))
    .addOption(completeWith(new Option('--state [states]', 'with --describe: the group state; with --list: add a STATE column, or only groups in these states (comma-separated)'), { values: STATES }))
    .addOption(new Option('--members', 'with --describe: the members and their tasks'))
    .addOption(new Option('--offsets', 'with --describe: offset lag per partition (the default view)'))
    .addOption(new Option('--topology', "with --describe: the topology as recorded by the broker's topology description plugin"))
    .addOption(new Option('--verbose', 'with --describe: more detail (epochs, target assignments, current offsets and leader epochs)'))
    .addOption(new Option('--dry-run', 'with --reset-offsets: show the plan, change nothing'))
    .addOption(new Option('--execute', 'with --reset-offsets: commit the new offsets'))
    .addOption(new Option('--export', 'with --reset-offsets: print the plan as CSV (for --from-file)'))
    .addOption(new Option('--to-offset <offset>', 'reset to this offset'))
    .addOption(completeWith(new Option('--from-file <csv>', 'reset to the offsets in a CSV file (as --export writes it)'), 'files'))
    .addOption(new Option('--to-datetime <datetime>', "reset to the first offset at or after this time: 'YYYY-MM-DDThh:mm:ss.sss'"))
    .addOption(new Option('--by-duration <duration>', "reset to the offset this long ago: 'PnDTnHnMnS'"))
    .addOption(new Option('--to-earliest', 'reset to the earliest offset'))
    .addOption(new Option('--to-latest', 'reset to the latest offset'))
    .addOption(new Option('--to-current', 'reset to the committed offset'))
    .addOption(new Option('--shift-by <n>', 'move the committed offset by n (negative: back)'))
    .addOption(completeWith(new Option('--delete-internal-topic <topic>', 'with --reset-offsets --execute: delete this internal topic of the group (repeatable)').argParser(collect), 'topics'))
    .addOption(new Option('--delete-all-internal-topics', 'with --delete, or --reset-offsets --execute: delete the internal topics of the group (repartition, changelog)'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Exactly one of --list, --describe, --delete, --reset-offsets, --delete-offsets. Text output is
kafka-streams-groups.sh's (Kafka 4.4). Streams groups are KIP-1071's (Kafka Streams with
group.protocol=streams, a Kafka 4.1+ cluster); a broker without them lists none and cannot describe
one. Unlike Kafka's tool, a failed operation (unknown group, refused reset or delete) exits 1;
usage errors exit 2. Offsets are reset with a standalone commit: stop every instance first.

${STREAMS_GROUPS_JSON_HELP}

Examples:
  tkafka streams-groups --list --state
  tkafka streams-groups --describe --group wordcount
  tkafka streams-groups --describe --group wordcount --members --verbose
  tkafka streams-groups --describe --all-groups --state
  tkafka streams-groups --reset-offsets --group wordcount --all-input-topics --to-earliest --dry-run
  tkafka streams-groups --reset-offsets --group wordcount --input-topic lines:0,1 --shift-by -100 --execute
  tkafka streams-groups --reset-offsets --group wordcount --all-input-topics --to-earliest --execute --delete-all-internal-topics
  tkafka streams-groups --delete-offsets --group wordcount --input-topic lines
  tkafka streams-groups --delete --group wordcount --delete-all-internal-topics`,
  );
  cmd.action(lazyAction<StreamsGroupsCliFlags>(program, io, async () => (await import('./action.js')).runStreamsGroups));
}
