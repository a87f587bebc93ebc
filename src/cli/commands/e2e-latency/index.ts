import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { E2eLatencyFlags } from './action.js';

// Definitions only: the action (and the client it loads) is imported when the command runs.

export function registerE2eLatencyCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('e2e-latency')
    .description('measure end-to-end latency: send one record at a time and time it until a consumer receives it (kafka-e2e-latency.sh)')
    .argument('[positional...]', '(deprecated) bootstrap-server topic num-records producer-acks record-size [command-config]')
    .option('--bootstrap-server <host:port,...>', 'the broker list (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)')
    .option('--topic <topic>', 'the topic to use for the test (required)')
    .option('--num-records <n>', 'the number of messages to send (required)', parseJavaNumber('num-records', 32))
    .option('--producer-acks <acks>', "producer acknowledgements: '1' or 'all' (required)")
    .option('--record-size <bytes>', 'the size of each message payload (required)', parseJavaNumber('record-size', 32))
    .option('--record-key-size <bytes>', 'the size of the message key; without it messages have no key', parseJavaNumber('record-key-size', 32))
    .option('--command-config <file>', 'client properties file (security.protocol, sasl.*, ssl.*)')
    .addHelpText(
      'after',
      `
Output (Kafka's): every 1000th record "i<TAB>latency-ms", then
  Avg latency: 1.2345 ms
  Percentiles: 50th = 1, 99th = 3, 99.9th = 7

Examples:
  tkafka e2e-latency --bootstrap-server localhost:9092 --topic lat --num-records 10000 --producer-acks 1 --record-size 100
  tkafka e2e-latency localhost:9092 lat 10000 1 100`,
    );
  cmd.action((positional: string[], opts: E2eLatencyFlags) => run({ ...opts, positional }));
  const run = lazyAction<E2eLatencyFlags>(program, io, async () => (await import('./action.js')).runE2eLatencyCommand);
}
