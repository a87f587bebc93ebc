import { readFileSync } from 'node:fs';
import type { NativeClient } from '../../../client/native/client.js';
import type { ProduceFailure } from '../../../client/native/producer.js';
import { KafkaProtocolError, ErrorCode } from '../../../protocol/error-codes.js';
import { lineReaderConfig } from '../../../core/console-producer/line-reader.js';
import { PRODUCER_KEYS, producerSettings, type ProducerFlags, type ProducerSettings } from '../../../core/console-producer/options.js';
import { failureMessage, runConsoleProducer, type RecordSink } from '../../../core/console-producer/run.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { parsePropertiesText } from '../../options/properties.js';
import { clientError } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags, type ConnectionSettings } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';
import { SCHEMA_REGISTRY_KEYS, SERDE_KEYS, type SchemaRegistryFlags } from '../../options/schema-registry.js';
import { schemaFormat, type SchemaFormat } from '../../../core/serde/formats.js';
import type { ProduceRecord } from '../../../client/native/producer.js';

export interface ConsoleProducerFlags extends ProducerFlags, ConnectionFlags, SchemaRegistryFlags {
  keyFormat?: string;
  valueFormat?: string;
  keySchemaFile?: string;
  valueSchemaFile?: string;
  keySchemaId?: number;
  valueSchemaId?: number;
  keyMessage?: string;
  valueMessage?: string;
}

const LINE_READERS = new Set(['LineMessageReader', 'org.apache.kafka.tools.LineMessageReader', 'kafka.tools.LineMessageReader', 'kafka.tools.ConsoleProducer$LineMessageReader']);

const MAX_REPORTED_FAILURES = 10;

function readerProps(flags: ConsoleProducerFlags): Record<string, string> {
  let fromFile: Record<string, string> = {};
  if (flags.readerConfig !== undefined) {
    try {
      fromFile = parsePropertiesText(readFileSync(flags.readerConfig, 'utf8'));
    } catch (err) {
      throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --reader-config file '${flags.readerConfig}': ${err instanceof Error ? err.message : String(err)}`, { exitCode: 2 });
    }
  }
  return { ...fromFile, ...flags.readerProperty };
}

export async function runConsoleProducerCommand(flags: ConsoleProducerFlags, io: CliIO): Promise<number> {
  if (flags.topic === undefined) throw new UsageError('Missing required argument "[topic]"');
  if (flags.lineReader !== undefined && !LINE_READERS.has(flags.lineReader)) {
    throw new UsageError(`--line-reader: unknown reader class '${flags.lineReader}'.`, 'Only the built-in LineMessageReader exists; --input-format json reads JSON lines.');
  }
  const reader = lineReaderConfig(readerProps(flags));
  const keyFormat = schemaFormat(flags.keyFormat, '--key-format');
  const valueFormat = schemaFormat(flags.valueFormat, '--value-format');
  for (const [field, format] of [
    ['key', keyFormat],
    ['value', valueFormat],
  ] as const) {
    if (format !== undefined) continue;
    const given = field === 'key' ? [flags.keySchemaFile, flags.keySchemaId, flags.keyMessage] : [flags.valueSchemaFile, flags.valueSchemaId, flags.valueMessage];
    if (given.some((g) => g !== undefined)) throw new UsageError(`--${field}-schema-file, --${field}-schema-id and --${field}-message need --${field}-format avro|protobuf|json-schema.`);
  }
  const schemas = keyFormat !== undefined || valueFormat !== undefined;
  const settings = await resolveConnection(flags, io, { clientId: 'console-producer', toolKeys: schemas ? [...PRODUCER_KEYS, ...SCHEMA_REGISTRY_KEYS, ...SERDE_KEYS] : PRODUCER_KEYS });
  const ps = producerSettings(flags, settings);
  const topic: string = flags.topic;
  // Schemas are settled (registered or looked up) before the first line is read.
  const encode = schemas ? await schemaEncoder(flags, settings, io, topic, keyFormat, valueFormat) : undefined;

  let reported = 0;
  const onFailure = (f: ProduceFailure): void => {
    reported++;
    if (reported <= MAX_REPORTED_FAILURES) io.stderr.write(`${failureMessage(topic, f)}\n`);
    else if (reported === MAX_REPORTED_FAILURES + 1) io.stderr.write('(further send errors are not shown)\n');
  };

  let sink: RecordSink;
  let close: () => Promise<void>;
  try {
    const opened = await openNative(settings, topic, ps, onFailure);
    sink = opened.sink;
    close = opened.close;
  } catch (err) {
    if (err instanceof KafkaProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
      throw new TkafkaError(ERROR_CODES.NOT_FOUND, `Topic ${topic} not present in metadata after ${ps.maxBlockMs} ms.`, { hint: `Create it with 'tkafka topics --create --topic ${topic}'.` });
    }
    throw clientError(err, settings);
  }

  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const unregister = io.onInterrupt(() => interrupt());
  const stdin = io.stdin();
  const interactive = stdin.isTTY && io.stdoutIsTTY;
  let result;
  try {
    result = await runConsoleProducer(sink, {
      input: stdin,
      format: flags.inputFormat === 'json' ? 'json' : 'line',
      reader,
      sync: flags.sync === true,
      partition: flags.partition,
      prompt: interactive ? () => io.stdout.write('>') : undefined,
      interrupted,
      encode,
      structured: schemas ? { key: keyFormat !== undefined, value: valueFormat !== undefined } : undefined,
    });
  } finally {
    unregister();
    stdin.destroy();
    await close();
  }
  if (result.inputError !== null) {
    if (result.failed > 0) io.stderr.write(`${result.failed} record(s) were not written to ${topic}.\n`);
    throw result.inputError;
  }
  if (result.failed > 0) {
    throw new TkafkaError('PRODUCE_FAILED', `${result.failed} of ${result.lines} record(s) were not written to ${topic}.`);
  }
  return result.interrupted ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
}

async function schemaEncoder(
  flags: ConsoleProducerFlags,
  settings: ConnectionSettings,
  io: CliIO,
  topic: string,
  keyFormat: SchemaFormat | undefined,
  valueFormat: SchemaFormat | undefined,
): Promise<(record: ProduceRecord) => void> {
  const props = settings.toolProperties;
  const [{ SchemaRegistryClient }, { SchemaResolver }, { fieldEncoder }, { registryClientOptions, registryError }] = await Promise.all([
    import('../../../client/schema-registry/client.js'),
    import('../../../core/serde/resolver.js'),
    import('../../../core/serde/encode.js'),
    import('../../options/schema-registry.js'),
  ]);
  const bool = (key: string, dflt: boolean): boolean => {
    const raw = props[key];
    if (raw === undefined) return dflt;
    const v = raw.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Invalid value '${raw}' for configuration ${key}: expected true or false.`, { exitCode: 2 });
    return v === 'true';
  };
  for (const key of ['key.subject.name.strategy', 'value.subject.name.strategy']) {
    const v = props[key];
    if (v !== undefined && !/(^|\.)TopicNameStrategy$/.test(v.trim())) throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Unsupported ${key} '${v}': tkafka's console-producer uses TopicNameStrategy (<topic>-key, <topic>-value).`, { exitCode: 2 });
  }
  const sasl = settings.sasl !== undefined && settings.sasl.mechanism !== 'OAUTHBEARER' ? { username: settings.sasl.username, password: settings.sasl.password } : undefined;
  const client = new SchemaRegistryClient(await registryClientOptions(flags, props, io.env, { sasl }));
  const resolver = new SchemaResolver(client);
  const readSchema = (file: string | undefined): string | undefined => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read schema file '${file}': ${err instanceof Error ? err.message : String(err)}`, { exitCode: 2 });
    }
  };
  const common = { topic, autoRegister: bool('auto.register.schemas', true), useLatest: bool('use.latest.version', false), normalize: bool('normalize.schemas', false) };
  try {
    const key =
      keyFormat === undefined
        ? null
        : await fieldEncoder({ ...common, format: keyFormat, field: 'key', schemaText: readSchema(flags.keySchemaFile), schemaFile: flags.keySchemaFile, schemaId: flags.keySchemaId, messageName: flags.keyMessage }, resolver);
    const value =
      valueFormat === undefined
        ? null
        : await fieldEncoder({ ...common, format: valueFormat, field: 'value', schemaText: readSchema(flags.valueSchemaFile), schemaFile: flags.valueSchemaFile, schemaId: flags.valueSchemaId, messageName: flags.valueMessage }, resolver);
    return (record) => {
      if (key !== null && record.key !== null) record.key = key.encode(record.key);
      if (value !== null && record.value !== null) record.value = value.encode(record.value);
    };
  } catch (err) {
    throw registryError(err);
  } finally {
    // Every schema is settled: the registry is not asked again during the run.
    client.close();
  }
}

async function openNative(settings: ConnectionSettings, topic: string, ps: ProducerSettings, onFailure: (f: ProduceFailure) => void): Promise<{ sink: RecordSink; close: () => Promise<void> }> {
  const { NativeClient } = await import('../../../client/native/client.js');
  const { NativeProducer } = await import('../../../client/native/producer.js');
  const client: NativeClient = await NativeClient.connect(
    nativeClientOptions(settings, { requestTimeoutMs: Math.max(settings.requestTimeoutMs, ps.requestTimeoutMs), retryBackoffMs: ps.retryBackoffMs }),
  );
  try {
    const producer = await NativeProducer.create(
      client,
      {
        topic,
        acks: ps.acks,
        compression: ps.compression,
        compressionLevel: ps.compressionLevel,
        batchSize: ps.batchSize,
        lingerMs: ps.lingerMs,
        bufferMemory: ps.bufferMemory,
        retries: ps.retries,
        retryBackoffMs: ps.retryBackoffMs,
        requestTimeoutMs: ps.requestTimeoutMs,
        maxInFlight: ps.maxInFlight,
        maxRequestSize: ps.maxRequestSize,
        maxBlockMs: ps.maxBlockMs,
        autoCreate: ps.autoCreate,
      },
      onFailure,
    );
    return {
      sink: producer,
      close: async () => {
        producer.close();
        await client.close();
      },
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}
