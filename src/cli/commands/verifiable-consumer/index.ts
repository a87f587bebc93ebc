import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { VerifiableConsumerFlags } from './action.js';

// Definitions only: the action (and the group member it loads) is imported when the command runs.

export function registerVerifiableConsumerCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('verifiable-consumer')
    .description('consume in a group and print JSON events for rebalances, records and commits (kafka-verifiable-consumer.sh)')
    .option('--topic <topic>', 'consume messages from this topic (required)')
    .option('--group-id <id>', 'the group id of the consumer group (required)')
    .option('--group-protocol <protocol>', 'classic or consumer (KIP-848: the broker assigns) (default: classic)', 'classic')
    .option('--group-remote-assignor <assignor>', 'the broker-side assignor, uniform or range (consumer protocol only; default: the broker\'s)')
    .option('--group-instance-id <id>', 'a unique identifier of the consumer instance (static membership)')
    .option('--max-messages <n>', 'consume this many messages; -1: until interrupted (default: -1)', parseJavaNumber('max-messages', 32))
    .option('--session-timeout <ms>', "the consumer's session timeout", parseJavaNumber('session-timeout', 32))
    .option('--verbose', 'print a record_data event per record')
    .option('--enable-autocommit', 'commit offsets automatically instead of after each poll')
    .option('--close-timeout <ms>', 'timeout for closing the consumer (default: 30000)', parseJavaNumber('close-timeout', 32))
    .option('--reset-policy <policy>', "'earliest', 'latest' or 'none' (default: earliest)", 'earliest')
    .option('--assignment-strategy <class>', 'RangeAssignor (default) or RoundRobinAssignor, by class or short name');
  addConnectionOptions(cmd, { config: ['--consumer.config'] });
  cmd
    .addHelpText(
      'after',
      `
Output, one JSON object per line (Kafka's):
  {"timestamp":...,"name":"startup_complete"}
  {"timestamp":...,"name":"partitions_assigned","partitions":[{"topic":"t","partition":0}]}
  {"timestamp":...,"name":"records_consumed","count":3,"partitions":[{"topic":"t","partition":0,"count":3,"minOffset":0,"maxOffset":2}]}
  {"timestamp":...,"name":"offsets_committed","offsets":[{"topic":"t","partition":0,"offset":3}],"success":true}
  {"timestamp":...,"name":"partitions_revoked","partitions":[{"topic":"t","partition":0}]}
  {"timestamp":...,"name":"shutdown_complete"}
  {"timestamp":...,"name":"shutdown_requested"}

Example:
  tkafka verifiable-consumer --topic t --group-id g --max-messages 1000`,
    )
    .action(lazyAction<VerifiableConsumerFlags>(program, io, async () => (await import('./action.js')).runVerifiableConsumerCommand));
}
