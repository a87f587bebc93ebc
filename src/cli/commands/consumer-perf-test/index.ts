import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { ConsumerPerfFlags } from './action.js';

// Definitions only: the action (and the consumer it loads) is imported when the command runs.

export function registerConsumerPerfTestCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('consumer-perf-test')
    .description('measure consumer throughput: consume N records in a group and print the CSV summary (kafka-consumer-perf-test.sh)')
    .option('--topic <topic>', 'the topic to consume from (required)')
    .option('--num-records <n>', 'the number of records to consume (required)', parseJavaNumber('num-records', 64))
    .option('--messages <n>', '(deprecated) old name of --num-records', parseJavaNumber('messages', 64))
    .option('--group <gid>', 'the group id to consume on (default: perf-consumer-<random>)')
    .option('--from-latest', 'without a committed offset, start at the latest record instead of the earliest')
    .option('--fetch-size <bytes>', 'the maximum data fetched from one partition per request (default: 1048576)', parseJavaNumber('fetch-size', 32))
    .option('--socket-buffer-size <bytes>', 'the TCP receive buffer size (accepted for compatibility)', parseJavaNumber('socket-buffer-size', 32))
    .option('--timeout [ms]', 'the maximum time between returned records (default: 10000)', parseJavaNumber('timeout', 64))
    .option('--reporting-interval <ms>', 'interval between progress rows with --show-detailed-stats (default: 5000)', parseJavaNumber('reporting-interval', 64))
    .option('--show-detailed-stats', 'print a row per reporting interval instead of the summary')
    .option('--date-format <format>', 'java.text.SimpleDateFormat pattern of the time fields (default: yyyy-MM-dd HH:mm:ss:SSS)', 'yyyy-MM-dd HH:mm:ss:SSS')
    .option('--hide-header', 'do not print the header row')
    .option('--print-metrics', 'accepted; the native consumer keeps no metrics registry');
  addConnectionOptions(cmd, { config: ['--consumer.config'] });
  cmd
    .addHelpText(
      'after',
      `
Output (Kafka's):
  start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  2026-01-01 10:00:00:000, 2026-01-01 10:00:01:200, 95.3674, 79.4728, 1000000, 833333.3333, 150, 1050, 90.8261, 952380.9524

Example:
  tkafka consumer-perf-test --topic perf --num-records 1000000`,
    )
    .action(lazyAction<ConsumerPerfFlags>(program, io, async () => (await import('./action.js')).runConsumerPerfTest));
}
