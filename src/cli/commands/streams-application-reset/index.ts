import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { StreamsResetCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerStreamsApplicationResetCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('streams-application-reset')
    .description('reset a Kafka Streams application: input offsets, intermediate topics, internal topics (kafka-streams-application-reset.sh)')
    .addOption(completeWith(new Option('--application-id <id>', 'REQUIRED: the Kafka Streams application ID (application.id), its consumer group'), 'groups'))
    .addOption(completeWith(new Option('--input-topics <list>', 'comma-separated input topics: their offsets are reset (to the earliest by default)').argParser(collect), 'topics'))
    .addOption(completeWith(new Option('--intermediate-topics <list>', '[deprecated] comma-separated intermediate topics: their offsets move to the end').argParser(collect), 'topics'))
    .addOption(completeWith(new Option('--internal-topics <list>', 'comma-separated internal topics to delete: a subset of those a dry run lists').argParser(collect), 'topics'))
    .addOption(new Option('--to-offset <offset>', 'reset the input topics to this offset'))
    .addOption(new Option('--to-datetime <datetime>', "reset to the first offset at or after this time: 'YYYY-MM-DDThh:mm:ss.sss[zone]'"))
    .addOption(new Option('--by-duration <duration>', "reset to the offset this long ago: 'PnDTnHnMnS'"))
    .addOption(new Option('--to-earliest', 'reset to the earliest offset (the default)'))
    .addOption(new Option('--to-latest', 'reset to the latest offset'))
    .addOption(completeWith(new Option('--from-file <csv>', 'reset to the offsets of a CSV file: topic,partition,offset per line'), 'files'))
    .addOption(new Option('--shift-by <n>', 'move the committed offset by n (negative: back)'))
    .addOption(new Option('--dry-run', 'show what would be done; change nothing'))
    .addOption(new Option('--force', 'remove the members still in the group (stopped instances with a long session timeout)'))
    .addOption(completeWith(new Option('--config-file <file>', '(deprecated) old name of --command-config'), 'files'))
    .addOption(new Option('--bootstrap-servers <host:port,...>', "Kafka 3.x's name of --bootstrap-server").hideHelp());
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Stop every instance of the application first: a group that still has members is refused (exit 1)
unless --force removes them. Without --dry-run the input topics' committed offsets are reset, the
intermediate topics' moved to their end (one standalone commit for the application's group) and
the internal topics (<application-id>-...-changelog, -repartition, foreign-key-join topics)
deleted. Local state stores are not touched: call KafkaStreams#cleanUp() before restarting.
Text output is kafka-streams-application-reset.sh's; exits 1 when an input or intermediate topic
does not exist (as Kafka), usage errors and bad option values exit 2.

JSON output (-o json): {"applicationId","dryRun","removedMembers","inputPartitions":[{"topic","partition","offset"}],
  "intermediatePartitions":[{"topic","partition","offset"}],"notFoundInputTopics","notFoundIntermediateTopics",
  "internalTopics","internalTopicsSpecified","internalTopicsDeleted"}

Examples:
  tkafka streams-application-reset --application-id wordcount --input-topics lines --dry-run
  tkafka streams-application-reset --application-id wordcount --input-topics lines
  tkafka streams-application-reset --application-id wordcount --input-topics lines --to-datetime 2024-05-01T00:00:00.000
  tkafka streams-application-reset --application-id wordcount --input-topics lines --shift-by -100 --internal-topics wordcount-counts-changelog
  tkafka streams-application-reset --application-id wordcount --input-topics lines --force -o json`,
  );
  cmd.action(lazyAction<StreamsResetCliFlags>(program, io, async () => (await import('./action.js')).runStreamsResetCommand));
}
