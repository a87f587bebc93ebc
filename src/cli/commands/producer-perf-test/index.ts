import { Option } from 'commander';
import type { Command } from 'commander';
import { UsageError } from '../../../shared/errors.js';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { parseJavaNumber } from '../../options/parsers.js';
import type { ProducerPerfFlags } from './action.js';

// Definitions only: the action (and the producer it loads) is imported when the command runs.

function parseDouble(option: string): (value: string) => number {
  return (value) => {
    const v = Number(value.trim());
    if (value.trim() === '' || Number.isNaN(v)) throw new UsageError(`argument ${option}: could not convert '${value}' to Double`);
    return v;
  };
}

export function registerProducerPerfTestCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('producer-perf-test')
    .description('measure producer throughput and latency: N records, windows every 5 s and a summary with percentiles (kafka-producer-perf-test.sh)')
    .option('--bootstrap-server <host:port,...>', 'broker(s) to connect to; wins over bootstrap.servers in the properties (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)')
    .option('--topic <topic>', 'produce records to this topic (required)')
    .option('--num-records <n>', 'number of records to produce (required)', parseJavaNumber('num-records', 64))
    .option('--throughput <n>', 'throttle to about this many records/s; -1 disables throttling (required)', parseDouble('--throughput'))
    .option('--record-size <bytes>', 'record size in bytes (exactly one of --record-size, --payload-file, --payload-monotonic)', parseJavaNumber('record-size', 32))
    .option('--payload-file <file>', 'UTF-8 file of payloads; each record takes a random one')
    .option('--payload-delimiter <delimiter>', 'delimiter (a Java regex) between payloads in --payload-file (default: \\n)', '\\n')
    .option('--payload-monotonic', 'the payload is a monotonically increasing integer')
    .option('--command-property <prop=value...>', 'producer properties like linger.ms=10 batch.size=32768 (win over the file)')
    .option('--producer-props <prop=value...>', '(deprecated) old name of --command-property')
    .option('--command-config <file>', 'producer config properties file')
    .option('--producer.config <file>', '(deprecated) old name of --command-config')
    .option('--print-metrics', "print the producer's metrics at the end")
    .option('--transactional-id <id>', 'produce in transactions with this transactional id; wins over transactional.id in the properties (with only --transaction-duration-ms: performance-producer-<random uuid>)')
    .option('--transaction-duration-ms <ms>', 'commit the open transaction once it is this old, and at the end; > 0 (default with a transactional id: 3000)', parseJavaNumber('transaction-duration-ms', 64))
    .option('--warmup-records <n>', 'records excluded from the steady-state summary printed last (default: 0)', parseJavaNumber('warmup-records', 64))
    .option('--reporting-interval <ms>', 'interval between progress lines (default: 5000)', parseJavaNumber('reporting-interval', 64))
    .option('--record-key-range <n>', "keys are integers in [0, n) with --key-distribution range or random", parseJavaNumber('record-key-range', 32))
    .addOption(new Option('--key-distribution <kind>', "none (null keys), range (round-robin keys) or random (default: none)"))
    .option('--random-seed <n>', 'seed of the random payloads and keys (default: 0)', parseJavaNumber('random-seed', 64));
  addOutputOptions(cmd);
  cmd
    .addHelpText(
      'after',
      `
Output (as Kafka's, one line per reporting interval, then the total):
  N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency.
  N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.
-o json: the progress lines go to stderr and stdout gets {"total":{...},"steadyState":{...}|null}.

Transactions (as Kafka's): on with --transactional-id, --transaction-duration-ms or transactional.id in
the properties. initTransactions first, a transaction begins before a record when none is open and is
committed after the first record sent --transaction-duration-ms after it began, and at the end;
transaction.timeout.ms applies. A transactional producer needs acks=all, retries > 0 and
max.in.flight.requests.per.connection <= 5 (Kafka's ConfigException texts otherwise).

Examples:
  tkafka producer-perf-test --topic perf --num-records 1000000 --record-size 100 --throughput -1
  tkafka producer-perf-test --topic perf --num-records 5000 --payload-monotonic --throughput 1000 --command-property acks=1 linger.ms=10
  tkafka producer-perf-test --topic perf --num-records 100000 --record-size 100 --throughput -1 --transactional-id perf-tx --transaction-duration-ms 1000`,
    )
    .action(lazyAction<ProducerPerfFlags>(program, io, async () => (await import('./action.js')).runProducerPerfTest));
}
