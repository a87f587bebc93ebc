import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { NativeClient } from '../../../client/native/client.js';
import { formatterConfig } from '../../../core/console-consumer/formatter.js';
import { CONSUMER_KEYS, assignorsOf, badConfig, boolProp, groupProtocolOf, intProp, planConsumer, type ConsumerFlags } from '../../../core/console-consumer/options.js';
import type { ByteSink } from '../../../core/console-consumer/output.js';
import type { ConsumeOutput, ConsumeResult } from '../../../core/console-consumer/run.js';
import { UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { parsePropertiesText } from '../../options/properties.js';
import { clientError } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags } from '../../options/connection.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO, OutputStream } from '../../output/io.js';
import { SCHEMA_REGISTRY_KEYS, type SchemaRegistryFlags } from '../../options/schema-registry.js';
import { schemaFormat, type SchemaFormat } from '../../../core/serde/formats.js';
import type { RecordDecoders } from '../../../core/serde/decode.js';
import type { SchemaRegistryClient } from '../../../client/schema-registry/client.js';

export interface ConsoleConsumerFlags extends ConsumerFlags, ConnectionFlags, SchemaRegistryFlags {
  json?: boolean;
  output?: string;
  keyFormat?: string;
  valueFormat?: string;
}

const DEFAULT_FORMATTERS = new Set(['DefaultMessageFormatter', 'kafka.tools.DefaultMessageFormatter', 'org.apache.kafka.tools.consumer.DefaultMessageFormatter']);
const NOOP_FORMATTERS = new Set(['NoOpMessageFormatter', 'kafka.tools.NoOpMessageFormatter', 'org.apache.kafka.tools.consumer.NoOpMessageFormatter']);

function formatterProps(flags: ConsoleConsumerFlags): Record<string, string> {
  let props: Record<string, string> = {};
  if (flags.formatterConfig !== undefined) {
    try {
      props = parsePropertiesText(readFileSync(flags.formatterConfig, 'utf8'));
    } catch (err) {
      throw badConfig(`Cannot read --formatter-config file '${flags.formatterConfig}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (flags.keyDeserializer !== undefined && flags.keyDeserializer !== '') props['key.deserializer'] = flags.keyDeserializer;
  if (flags.valueDeserializer !== undefined && flags.valueDeserializer !== '') props['value.deserializer'] = flags.valueDeserializer;
  return { ...props, ...flags.formatterProperty };
}

/** Confluent's console consumers take schema.registry.url (and its auth keys) as formatter properties: moved to the registry's. */
/** Properties of Confluent's schema message formatters (kafka-avro-console-consumer and its siblings). */
const SCHEMA_ID_KEYS = ['print.schema.ids', 'schema.id.separator'] as const;

function splitRegistryProps(props: Record<string, string>): { formatter: Record<string, string>; registry: Record<string, string> } {
  const formatter: Record<string, string> = {};
  const registry: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) (SCHEMA_REGISTRY_KEYS.includes(k) ? registry : formatter)[k] = v;
  return { formatter, registry };
}

/** stdout as a byte sink: binary-safe writes with backpressure (a string sink in tests). */
export function stdoutSink(stdout: OutputStream): ByteSink {
  if (stdout instanceof Writable) {
    return {
      write: (chunk) => stdout.write(chunk),
      drained: () =>
        new Promise((resolve) => {
          const done = (): void => {
            stdout.off('drain', done);
            stdout.off('close', done);
            resolve();
          };
          stdout.on('drain', done);
          stdout.on('close', done);
        }),
    };
  }
  return { write: (chunk) => (stdout.write(chunk.toString('utf8')), true), drained: () => Promise.resolve() };
}

export async function runConsoleConsumerCommand(flags: ConsoleConsumerFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  if (flags.formatter !== undefined && !DEFAULT_FORMATTERS.has(flags.formatter) && !NOOP_FORMATTERS.has(flags.formatter)) {
    throw new UsageError(`--formatter: unknown formatter class '${flags.formatter}'.`, 'Built in: DefaultMessageFormatter, NoOpMessageFormatter; -o json prints JSON lines.');
  }
  const keyFormat = schemaFormat(flags.keyFormat, '--key-format');
  const valueFormat = schemaFormat(flags.valueFormat, '--value-format');
  const schemas = keyFormat !== undefined || valueFormat !== undefined;
  if (keyFormat !== undefined && flags.keyDeserializer !== undefined) throw new UsageError('--key-format and --key-deserializer cannot be used together.');
  if (valueFormat !== undefined && flags.valueDeserializer !== undefined) throw new UsageError('--value-format and --value-deserializer cannot be used together.');
  const split = splitRegistryProps(formatterProps(flags));
  // Confluent's schema formatters' own properties: the schema id after each decoded key and value.
  const idProps: Record<string, string> = {};
  for (const k of SCHEMA_ID_KEYS) {
    const v = split.formatter[k];
    if (v === undefined) continue;
    idProps[k] = v;
    delete split.formatter[k];
  }
  const firstIdProp = Object.keys(idProps)[0];
  if (firstIdProp !== undefined && !schemas) throw new UsageError(`--property ${firstIdProp} needs --value-format or --key-format.`, "It prints the Schema Registry id of each decoded key and value, as Confluent's schema console consumers do.");
  const printIds = (idProps['print.schema.ids'] ?? 'false').trim().toLowerCase() === 'true';
  const idSeparator = idProps['schema.id.separator'] ?? '\t';
  const formatter = formatterConfig(split.formatter);
  if (flags.formatter !== undefined && NOOP_FORMATTERS.has(flags.formatter)) {
    formatter.valueOnly = false;
    formatter.printValue = false;
    formatter.printKey = formatter.printTimestamp = formatter.printPartition = formatter.printOffset = formatter.printHeaders = formatter.printDelivery = formatter.printEpoch = false;
  }
  const settings = await resolveConnection(flags, io, { clientId: 'console-consumer', toolKeys: schemas ? [...CONSUMER_KEYS, ...SCHEMA_REGISTRY_KEYS] : CONSUMER_KEYS });
  const plan = planConsumer(flags, settings);
  const props = settings.toolProperties;
  let registry: SchemaRegistryClient | undefined;
  let decoders: RecordDecoders | undefined;
  if (schemas) {
    ({ registry, decoders } = await schemaDecoders(flags, { ...props, ...split.registry }, settings, io, keyFormat, valueFormat));
    // The text formatter prints decoded keys and values as compact JSON, in Kafka's layout.
    for (const d of [decoders.key, decoders.value]) {
      if (d === null) continue;
      const deserialize = printIds
        ? (bytes: Buffer): string => {
            const r = d.decode(bytes);
            return `${r.text}${idSeparator}${r.schemaId}`;
          }
        : (bytes: Buffer): string => d.decode(bytes).text;
      if (d.field === 'key') formatter.keyDeserializer = deserialize;
      else formatter.valueDeserializer = deserialize;
    }
    formatter.valueOnly = false;
  }

  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const stats = { count: 0 };
  const output: ConsumeOutput = {
    stats,
    format,
    formatter,
    sink: stdoutSink(io.stdout),
    // Kafka's defaults are -1: a negative value means no limit.
    maxMessages: flags.maxMessages !== undefined && flags.maxMessages >= 0 ? flags.maxMessages : undefined,
    timeoutMs: flags.timeoutMs !== undefined && flags.timeoutMs >= 0 ? flags.timeoutMs : undefined,
    skipMessageOnError: flags.skipMessageOnError === true,
    warn: (line) => io.stderr.write(`${line}\n`),
    interrupted,
    decoders,
  };
  const fetch = {
    maxWaitMs: intProp(props, 'fetch.max.wait.ms') ?? 500,
    minBytes: intProp(props, 'fetch.min.bytes') ?? 1,
    maxBytes: intProp(props, 'fetch.max.bytes') ?? 52_428_800,
    partitionMaxBytes: intProp(props, 'max.partition.fetch.bytes') ?? 1_048_576,
  };

  const unregister = io.onInterrupt(() => interrupt());
  let result: ConsumeResult | undefined;
  let started = false;
  const connect = async (): Promise<NativeClient> => {
    started = true;
    const { NativeClient } = await import('../../../client/native/client.js');
    return NativeClient.connect(nativeClientOptions(settings));
  };
  const group = plan.group;
  try {
    if (group !== null) {
      const { consumeNativeGroup } = await import('../../../core/console-consumer/group.js');
      const protocol = groupProtocolOf(props);
      const assignors = assignorsOf(props);
      const client = await connect();
      try {
        result = await consumeNativeGroup(client, {
          ...output,
          groupId: group.id,
          groupInstanceId: props['group.instance.id'],
          autoCommit: group.autoCommit,
          autoCommitIntervalMs: intProp(props, 'auto.commit.interval.ms'),
          sessionTimeoutMs: intProp(props, 'session.timeout.ms'),
          heartbeatIntervalMs: intProp(props, 'heartbeat.interval.ms'),
          rebalanceTimeoutMs: intProp(props, 'max.poll.interval.ms'),
          assignors,
          protocol,
          remoteAssignor: props['group.remote.assignor'] ?? null,
          subscription: plan.topic !== undefined ? { topic: plan.topic } : { pattern: plan.pattern as RegExp },
          start: plan.start,
          resetPolicy: plan.resetPolicy,
          exitAtEnd: flags.exitAtEnd === true,
          isolationLevel: plan.isolation,
          fetch,
          discoveryIntervalMs: plan.pattern !== undefined ? 3_000 : (intProp(props, 'metadata.max.age.ms') ?? 300_000),
        });
      } finally {
        await client.close();
      }
    } else {
      const { consumeNative } = await import('../../../core/console-consumer/run.js');
      const client = await connect();
      try {
        result = await consumeNative(client, {
          ...output,
          subscription: { topic: plan.topic as string, partition: flags.partition },
          autoCreateTopics: boolProp(props, 'allow.auto.create.topics', true),
          start: plan.start,
          resetPolicy: plan.resetPolicy,
          exitAtEnd: flags.exitAtEnd === true,
          isolationLevel: plan.isolation,
          fetch,
          discoveryIntervalMs: 0,
        });
      } finally {
        await client.close();
      }
    }
  } catch (err) {
    if (registry !== undefined) {
      const { registryError } = await import('../../options/schema-registry.js');
      const mapped = registryError(err);
      if (mapped !== err) throw mapped;
    }
    throw clientError(err, settings);
  } finally {
    registry?.close();
    unregister();
    if (started) io.stderr.write(`Processed a total of ${result?.count ?? stats.count} messages\n`);
  }
  return result.reason === 'interrupt' ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
}

async function schemaDecoders(
  flags: ConsoleConsumerFlags,
  props: Record<string, string>,
  settings: { sasl?: { mechanism: string; username?: string; password?: string } | undefined },
  io: CliIO,
  keyFormat: SchemaFormat | undefined,
  valueFormat: SchemaFormat | undefined,
): Promise<{ registry: SchemaRegistryClient; decoders: RecordDecoders }> {
  // Loaded only with --key-format/--value-format: the codecs (avsc, protobufjs, ajv) stay out of a plain run.
  const [{ SchemaRegistryClient }, { SchemaResolver }, { FieldDecoder, RecordDecoders }, { registryClientOptions }] = await Promise.all([
    import('../../../client/schema-registry/client.js'),
    import('../../../core/serde/resolver.js'),
    import('../../../core/serde/decode.js'),
    import('../../options/schema-registry.js'),
  ]);
  const s = settings.sasl;
  const sasl = s !== undefined && s.username !== undefined && s.password !== undefined ? { username: s.username, password: s.password } : undefined;
  const registry = new SchemaRegistryClient(await registryClientOptions(flags, props, io.env, { sasl }));
  const resolver = new SchemaResolver(registry);
  return {
    registry,
    decoders: new RecordDecoders(keyFormat === undefined ? null : new FieldDecoder(keyFormat, 'key', resolver), valueFormat === undefined ? null : new FieldDecoder(valueFormat, 'value', resolver)),
  };
}
