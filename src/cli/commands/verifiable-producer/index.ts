import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { VerifiableProducerFlags } from './action.js';

// Definitions only: the action (and the producer it loads) is imported when the command runs.

export function registerVerifiableProducerCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('verifiable-producer')
    .description('produce increasing integers and print a JSON line per acknowledged or failed send (kafka-verifiable-producer.sh)')
    .option('--topic <topic>', 'produce messages to this topic (required)')
    .option('--max-messages <n>', 'produce this many messages; -1: until interrupted (default: -1)', parseJavaNumber('max-messages', 32))
    .option('--throughput <n>', 'if >= 0, throttle to about this many messages/s (default: -1)', parseJavaNumber('throughput', 32))
    .option('--acks <acks>', 'acks required on each message: -1, 0 or 1 (default: -1)', parseJavaNumber('acks', 32))
    .option('--message-create-time <ms>', 'create time of the first message in ms since the epoch; later ones add the time elapsed (default: -1, the send time)', parseJavaNumber('message-create-time', 64))
    .option('--value-prefix <n>', 'each value is <n>.<counter> instead of <counter>', parseJavaNumber('value-prefix', 32))
    .option('--repeating-keys <n>', 'keys 0, 1, ... n-1, then 0 again (default: null keys)', parseJavaNumber('repeating-keys', 32));
  addConnectionOptions(cmd, { config: ['--producer.config'] });
  cmd
    .addHelpText(
      'after',
      `
Output, one JSON object per line (Kafka's):
  {"timestamp":...,"name":"startup_complete"}
  {"timestamp":...,"name":"producer_send_success","key":null,"value":"0","offset":0,"topic":"t","partition":0}
  {"timestamp":...,"name":"producer_send_error","topic":"t","key":null,"value":"1","exception":"class ...","message":"..."}
  {"timestamp":...,"name":"shutdown_complete"}
  {"timestamp":...,"name":"tool_data","sent":N,"acked":N,"target_throughput":-1,"avg_throughput":...}
Sends are not retried (retries=0), as in Kafka.

Example:
  tkafka verifiable-producer --topic t --max-messages 1000 --value-prefix 1 --repeating-keys 10`,
    )
    .action(lazyAction<VerifiableProducerFlags>(program, io, async () => (await import('./action.js')).runVerifiableProducerCommand));
}
