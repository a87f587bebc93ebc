import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { GetOffsetsCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

const TIMES = ['latest', 'earliest', 'max-timestamp', 'earliest-local', 'latest-tiered', 'earliest-pending-upload'];

export function registerGetOffsetsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('get-offsets')
    .description("offsets of topic partitions at a time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets.sh)")
    .addOption(completeWith(new Option('--topic <regex>', 'topic(s) to get the offsets for, a Java regex (default: all topics); not with --topic-partitions'), 'topics'))
    .addOption(new Option('--partitions <ids>', 'comma separated partition ids (default: all); not with --topic-partitions'))
    .addOption(new Option('--topic-partitions <patterns>', "comma separated topic-partition patterns, e.g. 'a:1,b:0-3,c,d:5-,e:-3' (range upper bound exclusive)"))
    .addOption(
      completeWith(
        new Option('--time <time>', 'latest/-1, earliest/-2, max-timestamp/-3, earliest-local/-4, latest-tiered/-5, earliest-pending-upload/-6, or epoch ms').default(undefined, 'latest'),
        { values: TIMES },
      ),
    )
    .addOption(new Option('--exclude-internal-topics', 'leave internal topics (__consumer_offsets, ...) out'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Prints topic:partition:offset per partition, sorted as Kafka sorts them ("topic-partition" as a
string); partitions without an offset for the time (e.g. a timestamp after the last record) are
left out. A time is the first offset whose record timestamp is at or after it.

JSON output (-o json): {"offsets":[{"topic","partition","offset"}],"skipped":[{"topic","partition","error"}]}

Examples:
  tkafka get-offsets --topic orders
  tkafka get-offsets --topic 'orders|payments' --time earliest
  tkafka get-offsets --topic-partitions 'orders:0-2,payments' --time 1735689600000
  tkafka get-offsets --exclude-internal-topics --time max-timestamp -o json`,
  );
  cmd.action(lazyAction<GetOffsetsCliFlags>(program, io, async () => (await import('./action.js')).runGetOffsetsCommand));
}
