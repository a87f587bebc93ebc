import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addAliasedOption, addConnectionOptions } from '../../options/connection.js';
import { parseJavaNumber, parseNonNegativeInt } from '../../options/parsers.js';
import { addSchemaRegistryOption } from '../../options/schema-registry.js';
import type { ConsoleProducerFlags } from './action.js';

// Definitions only: the action (and the client it loads) is imported when the command runs.

export function registerConsoleProducerCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('console-producer')
    .description('read lines from stdin and produce one record per line to a topic (kafka-console-producer.sh)')
    // Required, checked by the action with Kafka's message (Missing required argument "[topic]").
    .option('--topic <topic>', 'the topic to produce to');
  addConnectionOptions(cmd, { config: ['--producer.config'], property: ['--producer-property'] });
  addAliasedOption(cmd, {
    flag: '--reader-property',
    arg: '<key=value>',
    aliases: ['--property'],
    description: 'line reader setting (repeatable): parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker, ignore.error',
    repeatable: true,
  });
  cmd
    .option('--reader-config <file>', 'line reader settings from a properties file (--reader-property wins)')
    .option('--sync', 'send one record at a time and wait for its acknowledgement; the first failure stops')
    .option('--compression-codec [codec]', 'none, gzip, snappy, lz4 or zstd (the flag alone means gzip)')
    .option('--request-required-acks <acks>', 'acks: -1/all (default), 0 or 1')
    .option('--timeout <ms>', 'linger.ms: how long a batch waits for more records (default 5)', parseJavaNumber('timeout', 64))
    .option('--batch-size <bytes>', 'batch.size in bytes (default 16384)', parseJavaNumber('batch-size', 32))
    .option('--max-partition-memory-bytes <bytes>', 'batch.size (same as --batch-size)', parseJavaNumber('max-partition-memory-bytes', 32))
    .option('--message-send-max-retries <n>', 'retries of a failed batch (default 3)', parseJavaNumber('message-send-max-retries', 32))
    .option('--retry-backoff-ms <ms>', 'wait before a retry (default 100)', parseJavaNumber('retry-backoff-ms', 64))
    .option('--request-timeout-ms <ms>', 'request.timeout.ms (default 30000)', parseJavaNumber('request-timeout-ms', 32))
    .option('--max-block-ms <ms>', 'how long to wait for the topic to be available (default 10000)', parseJavaNumber('max-block-ms', 64))
    .option('--max-memory-bytes <bytes>', 'buffer.memory: records buffered before reading pauses (default 32 MiB)', parseJavaNumber('max-memory-bytes', 64))
    .option('--metadata-expiry-ms <ms>', 'metadata.max.age.ms (accepted for compatibility)', parseJavaNumber('metadata-expiry-ms', 64))
    .option('--socket-buffer-size <bytes>', 'send.buffer.bytes (accepted for compatibility)', parseJavaNumber('socket-buffer-size', 32))
    .option('--line-reader <class>', 'the reader class; only the built-in LineMessageReader exists')
    .addOption(new Option('--input-format <format>', 'line: Kafka line reader; json: the JSON lines console-consumer -o json writes').choices(['line', 'json']).default('line'))
    .option('--partition <n>', 'send every record to this partition instead of partitioning by key', parseNonNegativeInt)
    .option('--value-format <format>', 'avro, protobuf or json-schema: each value is a JSON text, validated and written in the Confluent wire format (default: raw bytes)')
    .option('--value-schema-file <file>', 'the value schema (.avsc, .proto, JSON Schema); registered as <topic>-value unless auto.register.schemas=false')
    .option('--value-schema-id <id>', 'write values with this registered schema instead of a file', parseNonNegativeInt)
    .option('--value-message <name>', 'protobuf: the message type to write (full name; default the first in the file)')
    .option('--key-format <format>', 'avro, protobuf or json-schema for keys (with parse.key=true; default raw bytes)')
    .option('--key-schema-file <file>', 'the key schema; registered as <topic>-key unless auto.register.schemas=false')
    .option('--key-schema-id <id>', 'write keys with this registered schema', parseNonNegativeInt)
    .option('--key-message <name>', 'protobuf: the key message type (default the first in the file)');
  addSchemaRegistryOption(cmd)
    .addHelpText(
      'after',
      `
Each line becomes one record. With parse.key/parse.headers a line is [h1:v1,h2:v2<TAB>][key<TAB>]value.
Keys are hashed with murmur2 like Kafka's default partitioner; lines without a key fill one partition's
batch before moving to the next. Exit 0 once every line is acknowledged; 1 if any record failed
(the lines are named on stderr) or a line cannot be parsed.

Schemas: with --value-format (and --key-format) each value (key) is JSON text (Avro's JSON encoding:
unions as {"type": value}) checked against the schema and written as Confluent's serializers write it
(magic byte 0, schema id, Protobuf message indexes). The schema file is registered under <topic>-value
(<topic>-key) when auto.register.schemas is true (the default, as Confluent's serializers), else looked up
there; set it with --command-property auto.register.schemas=false. Also use.latest.version and
normalize.schemas. A line that does not fit stops the run naming its line number (exit 1). With
--input-format json the key/value fields are the JSON values themselves. Registry: --schema-registry-url or
schema.registry.url and basic.auth.*/bearer.auth.*/schema.registry.ssl.* in --command-config.

Examples:
  seq 1 1000 | tkafka console-producer --topic numbers
  tkafka console-producer --topic users --reader-property parse.key=true --reader-property key.separator=:
  tkafka console-consumer --topic a --from-beginning -o json | tkafka console-producer --topic b --input-format json
  echo '{"id":1,"name":"pen"}' | tkafka console-producer --topic orders --value-format avro --value-schema-file order.avsc`,
    )
    .action(lazyAction<ConsoleProducerFlags>(program, io, async () => (await import('./action.js')).runConsoleProducerCommand));
}
