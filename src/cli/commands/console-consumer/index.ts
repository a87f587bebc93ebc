import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addAliasedOption, addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber, parseNonNegativeInt } from '../../options/parsers.js';
import { addSchemaRegistryOption } from '../../options/schema-registry.js';
import type { ConsoleConsumerFlags } from './action.js';

// Definitions only: the action (and the client it loads) is imported when the command runs.

export function registerConsoleConsumerCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('console-consumer')
    .description('print records of a topic to stdout (kafka-console-consumer.sh)')
    .option('--topic <topic>', 'the topic to read')
    .option('--include <regex>', 'read every topic whose whole name matches this regular expression')
    .addOption(new Option('--whitelist <regex>', 'old name of --include').hideHelp())
    .option('--partition <n>', 'read only this partition, without a consumer group', parseJavaNumber('partition', 32))
    .option('--offset <offset>', "with --partition: 'earliest', 'latest' (default) or an offset")
    .option('--group <group>', 'the consumer group to join (offsets are committed); default: a new console-consumer-<n> that commits nothing')
    .option('--from-beginning', 'start at the earliest record when there is no committed offset (default: only new records)')
    .option('--max-messages <n>', 'exit after printing this many records', parseJavaNumber('max-messages', 32))
    .option('--timeout-ms <ms>', 'exit when no record arrived for this long (exit code 0)', parseJavaNumber('timeout-ms', 32))
    .option('--isolation-level <level>', 'read_uncommitted (default) or read_committed');
  addAliasedOption(cmd, {
    flag: '--formatter-property',
    arg: '<key=value>',
    aliases: ['--property'],
    description:
      'output setting (repeatable): print.timestamp, print.key, print.value, print.partition, print.offset, print.headers, print.epoch, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer',
    repeatable: true,
  });
  cmd
    .option('--formatter-config <file>', 'output settings from a properties file (--formatter-property wins)')
    .option('--formatter <class>', 'DefaultMessageFormatter (default) or NoOpMessageFormatter')
    .option('--key-deserializer <class>', 'print keys as e.g. LongDeserializer, IntegerDeserializer, UUIDDeserializer')
    .option('--value-deserializer <class>', 'print values as e.g. LongDeserializer, DoubleDeserializer, StringDeserializer')
    .option('--skip-message-on-error', 'skip a record that cannot be printed instead of stopping')
    .option('--from-time <time>', 'start at the first record at or after this time: epoch ms, ISO date, or relative like -15m, -2h')
    .option('--tail <n>', 'start at the last N records of each partition', parseNonNegativeInt)
    .option('--exit-at-end', 'exit once every partition is read up to where it ended at start')
    .option('--value-format <format>', 'avro, protobuf or json-schema: decode values in the Confluent wire format with their schema from the registry and print them as JSON (default: raw bytes)')
    .option('--key-format <format>', 'avro, protobuf or json-schema for keys (default: raw bytes)');
  addSchemaRegistryOption(cmd);
  addConnectionOptions(cmd, { config: ['--consumer.config'], property: ['--consumer-property'] });
  addOutputOptions(cmd)
    .addHelpText(
      'after',
      `
Output: one record per line as Kafka's DefaultMessageFormatter prints it; with -o json one JSON object
per line: {"topic","partition","offset","timestamp","timestampType","key","value","headers":[{"key","value"}]},
values as UTF-8 strings, or base64 with "keyEncoding"/"valueEncoding": "base64" when not valid UTF-8.
"Processed a total of N messages" goes to stderr at exit. Like Kafka's tool it always joins a consumer
group: --group G (auto-commit on: a later run resumes after the last record printed) or a generated
console-consumer-<n> (enable.auto.commit=false unless set). --partition reads one partition with no group.

Schemas: --value-format/--key-format avro|protobuf|json-schema read the schema id of each value/key
(Confluent's wire format) and fetch the schema once from the registry (--schema-registry-url, or
schema.registry.url with basic.auth.*, bearer.auth.*, schema.registry.ssl.* in --command-config; also
accepted as --property, as Confluent's console consumers take them). Values print as compact JSON
(Avro unions as {"type": value}); -o json puts the decoded value in "value" with "valueSchemaId" after it.
A record that is not in the wire format, or whose schema the registry does not have, stops the run
naming it; --skip-message-on-error reports it on stderr and goes on.

Examples:
  tkafka console-consumer --topic numbers --from-beginning --max-messages 10
  tkafka console-consumer --topic users --from-beginning --formatter-property print.key=true --formatter-property print.offset=true
  tkafka console-consumer --topic events --partition 0 --offset 42
  tkafka console-consumer --include 'logs-.*' --from-time -15m --exit-at-end -o json
  tkafka console-consumer --topic orders --from-beginning --value-format avro --property print.key=true`,
    )
    .action(lazyAction<ConsoleConsumerFlags>(program, io, async () => (await import('./action.js')).runConsoleConsumerCommand));
}
