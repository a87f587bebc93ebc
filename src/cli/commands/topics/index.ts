import { Option } from 'commander';
import type { Command } from 'commander';
import { UsageError } from '../../../shared/errors.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { TopicsCliFlags } from './action.js';

// Definitions only: the action (the client, the wire admin) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerTopicsCommand(program: Command, io: CliIO): void {
  const topics = program
    .command('topics')
    .description("create, list, describe, alter and delete topics: Kafka's kafka-topics.sh, same flags and output")
    .addOption(new Option('--list', 'list topic names, sorted, one per line'))
    .addOption(new Option('--describe', 'show partitions, leaders, replicas, ISR and non-default configs'))
    .addOption(new Option('--create', 'create a topic'))
    .addOption(new Option('--alter', 'increase the partition count of topics (configs: use kafka-configs)'))
    .addOption(new Option('--delete', 'delete topics'))
    .addOption(new Option('--topic <topic>', 'topic name; a Java regex (whole-name match, "a,b" = a|b) except with --create'))
    .addOption(new Option('--topic-id <id>', 'describe the topic with this id (wins over --topic)'))
    .addOption(new Option('--partitions <n>', 'partition count for --create (default: broker num.partitions) or the new count for --alter').argParser(parseJavaNumber('partitions', 32)))
    .addOption(new Option('--replication-factor <n>', 'replicas per partition for --create (default: broker default.replication.factor)').argParser(parseJavaNumber('replication-factor', 32)))
    .addOption(new Option('--replica-assignment <list>', 'manual broker ids per partition, e.g. 1:2,2:3 (--create, --alter)'))
    .addOption(new Option('--config <name=value>', 'topic config override for --create, e.g. retention.ms=86400000 (repeatable)').argParser(collect))
    .addOption(new Option('--delete-config <name>', 'no-op kept for old scripts (removed in Kafka 4.0)').argParser(collect))
    .addOption(new Option('--if-exists', 'with --alter/--delete/--describe: succeed quietly when no topic matches'))
    .addOption(new Option('--if-not-exists', 'with --create: succeed quietly when the topic already exists'))
    .addOption(new Option('--exclude-internal', 'with --list/--describe: leave out __consumer_offsets and other internal topics'))
    .addOption(new Option('--under-replicated-partitions', 'with --describe: only partitions whose ISR is smaller than the replica set'))
    .addOption(new Option('--unavailable-partitions', 'with --describe: only partitions without a live leader'))
    .addOption(new Option('--under-min-isr-partitions', 'with --describe: only partitions whose ISR is below min.insync.replicas'))
    .addOption(new Option('--at-min-isr-partitions', 'with --describe: only partitions whose ISR equals min.insync.replicas'))
    .addOption(new Option('--topics-with-overrides', 'with --describe: only topics with non-default configs (summary lines only)'))
    .addOption(new Option('--partition-size-limit-per-response <n>', 'with --describe: partitions per DescribeTopicPartitions response (default: 2000)').argParser(parseJavaNumber('partition-size-limit-per-response', 32)))
    // Pre-3.0 runbooks still pass it; answer with what to use instead of a bare "unknown option".
    .addOption(new Option('--zookeeper <hosts>').hideHelp())
    .on('option:zookeeper', () => {
      throw new UsageError('--zookeeper is not supported: Kafka removed it in 3.0 (KIP-500).', 'Use --bootstrap-server host:port (a broker, not ZooKeeper).');
    });
  addConnectionOptions(topics);
  addOutputOptions(topics).version(packageVersion(), '--version', 'print the tkafka version');
  topics.addHelpText(
    'after',
    `
Exactly one of --list, --describe, --create, --alter, --delete. Options take "--opt value" or
"--opt=value". Output is kafka-topics.sh's, byte for byte; failures print
"Error while executing topic command : <message>" on stdout and exit 1; usage errors exit 2.

Examples:
  tkafka topics --bootstrap-server localhost:9092 --create --topic orders --partitions 3
  tkafka topics --create --topic audit --config cleanup.policy=compact --if-not-exists
  tkafka topics --list --exclude-internal
  tkafka topics --describe --topic 'orders|audit'
  tkafka topics --describe --topics-with-overrides -o json
  tkafka topics --alter --topic orders --partitions 6
  tkafka topics --delete --topic 'tmp-.*' --if-exists`,
  );
  topics.action(lazyAction<TopicsCliFlags>(program, io, async () => (await import('./action.js')).runTopics));
}
