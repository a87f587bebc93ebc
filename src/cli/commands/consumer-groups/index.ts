import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseDuration, parseNonNegativeInt } from '../../options/parsers.js';
import type { ConsumerGroupsCliFlags } from './action.js';

// Definitions only: the action (native client, admin) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const STATES = ['Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Dead', 'Assigning', 'Reconciling'];

export const CONSUMER_GROUPS_JSON_HELP = `JSON output (-o json), one document on stdout; offsets are numbers, missing values null:
  --list                 {"groups":[{"group","state","type","protocolType"}]}
  --describe [--offsets] {"groups":[{"group","state","exists","coordinator":{"id","host","port"},"totalLag",
                          "partitions":[{"topic","partition","currentOffset","logEndOffset","lag","leaderEpoch",
                          "consumerId","host","clientId"}]}]}
  --describe --by-topic  {"groups":[{"group","state","exists","topics":[{"topic","partitions","currentOffset",
                          "logEndOffset","lag","consumers"}]}]}
  --describe --members   {"groups":[{"group","state","exists","members":[{"consumerId","groupInstanceId","host",
                          "clientId","partitions","assignment":[{"topic","partition"}]}]}]}
  --describe --state     {"groups":[{"group","state","exists","coordinator","assignmentStrategy","members"}]}
  --reset-offsets        {"mode":"dry-run"|"execute","groups":[{"group","error","partitions":[{"topic","partition",
                          "currentOffset","newOffset","logStartOffset","logEndOffset","lagBefore","lagAfter"}]}]}
  --describe --watch     on a pipe, one line per interval: {"time","intervalSec","groups":[{"group","state",
                          "members","totalLag","consumedPerSec","producedPerSec","etaSeconds","partitions":[{"topic",
                          "partition","currentOffset","logEndOffset","lag","consumedPerSec","producedPerSec"}]}]}`;

export function registerConsumerGroupsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('consumer-groups')
    .description("list, describe, reset and delete consumer groups: Kafka's kafka-consumer-groups.sh, same flags and output")
    .addOption(new Option('--list', 'list consumer groups'))
    .addOption(new Option('--describe', 'describe groups: offsets and lag per partition (default), --members or --state'))
    .addOption(new Option('--delete', 'delete groups (they must have no members)'))
    .addOption(new Option('--reset-offsets', 'reset committed offsets of inactive groups (dry run unless --execute)'))
    .addOption(new Option('--delete-offsets', 'delete the committed offsets of one group for --topic'))
    .addOption(new Option('--validate-regex <regex>', 'check a regular expression (KIP-848 subscriptions)'))
    .addOption(completeWith(new Option('--group <group>', 'the consumer group (repeatable)').argParser(collect), 'groups'))
    .addOption(new Option('--all-groups', 'apply to all consumer groups'))
    .addOption(completeWith(new Option('--topic <topic>', 'topic, or topic:0,1,2 for some partitions (repeatable); for --reset-offsets and --delete-offsets').argParser(collect), 'topics'))
    .addOption(new Option('--all-topics', 'with --reset-offsets: every topic the group has committed offsets for'))
    .addOption(new Option('--timeout <ms>', 'time to wait for the group coordinator and admin requests').argParser(parseNonNegativeInt).default(5000))
    .addOption(new Option('--dry-run', 'with --reset-offsets: show the plan, change nothing (the default)'))
    .addOption(new Option('--execute', 'with --reset-offsets: commit the new offsets'))
    .addOption(new Option('--export', 'with --reset-offsets: print the plan as CSV (for --from-file)'))
    .addOption(new Option('--to-offset <offset>', 'reset to this offset'))
    .addOption(completeWith(new Option('--from-file <csv>', 'reset to the offsets in a CSV file (as --export writes it)'), 'files'))
    .addOption(new Option('--to-datetime <datetime>', "reset to the first offset at or after this time: 'YYYY-MM-DDTHH:mm:SS.sss[zone]'"))
    .addOption(new Option('--by-duration <duration>', "reset to the offset this long ago: 'PnDTnHnMnS'"))
    .addOption(new Option('--to-earliest', 'reset to the earliest offset'))
    .addOption(new Option('--to-latest', 'reset to the latest offset'))
    .addOption(new Option('--to-current', 'reset to the committed offset (latest where none)'))
    .addOption(new Option('--shift-by <n>', 'move the committed offset by n (negative: back)'))
    .addOption(new Option('--members', 'with --describe: the members of the group'))
    .addOption(new Option('--verbose', 'with --describe: more detail (leader epochs, assignments)'))
    .addOption(new Option('--offsets', 'with --describe: offsets and lag per partition (the default view)'))
    .addOption(completeWith(new Option('--state [states]', 'with --describe: the group state; with --list: add a STATE column, or only groups in these states (comma-separated)'), { values: STATES }))
    .addOption(completeWith(new Option('--type [types]', 'with --list: add a TYPE column, or only groups of these types (classic,consumer)'), { values: ['classic', 'consumer'] }))
    .addOption(new Option('--by-topic', 'with --describe: one line per topic with summed offsets and lag'))
    .addOption(new Option('--watch', 'with --describe: redraw the lag view every --interval (a JSON line per interval on a pipe)'))
    .addOption(new Option('--interval <duration>', 'with --watch: time between refreshes, e.g. 500ms, 2s (default: 2s)').argParser(parseDuration))
    .addOption(new Option('--watch-count <n>', 'with --watch: stop after n refreshes').argParser(parseNonNegativeInt))
    .addOption(new Option('--compat-exit-codes', "exit 0 after 'Error:' lines and 1 on usage errors, as kafka-consumer-groups.sh does"));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Exactly one of --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex.
Text output is kafka-consumer-groups.sh's. Unlike Kafka's tool, a failed operation (unknown group,
refused reset or delete) exits 1 (--compat-exit-codes: 0); usage errors exit 2. Offsets are reset
with a standalone commit and never join the group.

${CONSUMER_GROUPS_JSON_HELP}

Examples:
  tkafka consumer-groups --list --state
  tkafka consumer-groups --describe --group orders-app
  tkafka consumer-groups --describe --group orders-app --members --verbose
  tkafka consumer-groups --describe --group orders-app --watch --interval 1s
  tkafka consumer-groups --reset-offsets --group orders-app --topic orders --to-earliest            # plan only
  tkafka consumer-groups --reset-offsets --group orders-app --topic orders:0,2 --shift-by -100 --execute
  tkafka consumer-groups --reset-offsets --group orders-app --all-topics --to-datetime 2024-05-01T00:00:00.000 --export > plan.csv
  tkafka consumer-groups --reset-offsets --group orders-app --from-file plan.csv --execute
  tkafka consumer-groups --delete --group old-app`,
  );
  cmd.action(lazyAction<ConsumerGroupsCliFlags>(program, io, async () => (await import('./action.js')).runConsumerGroups));
}
