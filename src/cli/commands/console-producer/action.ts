import { readFileSync } from 'node:fs';
import type { NativeClient } from '../../../client/native/client.js';
import type { ProduceFailure } from '../../../client/native/producer.js';
import { KafkaProtocolError, ErrorCode } from '../../../protocol/error-codes.js';
import { CompressionCodec, compressionCodecFromName } from '../../../protocol/records/compression.js';
import { lineReaderConfig } from '../../../core/console-producer/line-reader.js';
import { failureMessage, runConsoleProducer, type RecordSink } from '../../../core/console-producer/run.js';
import { kafkaError } from '../../../core/console-consumer/kafka-error.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { parsePropertiesText } from '../../options/command-config.js';
import { connectionError, createKafka, isConnectionError, nativeClientOptions, resolveConnection, type ConnectionFlags, type ConnectionSettings } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface ConsoleProducerFlags extends ConnectionFlags {
  topic?: string;
  readerProperty?: Record<string, string>;
  readerConfig?: string;
  sync?: boolean;
  compressionCodec?: string | boolean;
  requestRequiredAcks?: string;
  timeout?: number;
  batchSize?: number;
  maxPartitionMemoryBytes?: number;
  messageSendMaxRetries?: number;
  retryBackoffMs?: number;
  requestTimeoutMs?: number;
  maxBlockMs?: number;
  maxMemoryBytes?: number;
  metadataExpiryMs?: number;
  socketBufferSize?: number;
  lineReader?: string;
  inputFormat?: string;
  partition?: number;
}

/** Producer properties the console producer interprets (others are connection keys or errors). */
export const PRODUCER_KEYS = [
  'acks',
  'linger.ms',
  'batch.size',
  'compression.type',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.zstd.level',
  'buffer.memory',
  'max.block.ms',
  'max.request.size',
  'max.in.flight.requests.per.connection',
  'delivery.timeout.ms',
  'enable.idempotence',
  'metadata.max.age.ms',
  'send.buffer.bytes',
  'receive.buffer.bytes',
  'key.serializer',
  'value.serializer',
  'allow.auto.create.topics',
] as const;

const LINE_READERS = new Set(['LineMessageReader', 'org.apache.kafka.tools.LineMessageReader', 'kafka.tools.LineMessageReader', 'kafka.tools.ConsoleProducer$LineMessageReader']);

const MAX_REPORTED_FAILURES = 10;

interface ProducerSettings {
  acks: number;
  compression: CompressionCodec;
  compressionLevel: number | undefined;
  lingerMs: number;
  batchSize: number;
  retries: number;
  retryBackoffMs: number;
  requestTimeoutMs: number;
  maxBlockMs: number;
  bufferMemory: number;
  maxRequestSize: number;
  maxInFlight: number;
  autoCreate: boolean;
}

/** Kafka's ConfigException for a setting out of its range or set (same wording), exit 2. */
function invalidValue(raw: string | number, key: string, rule: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, `Invalid value ${raw} for configuration ${key}: ${rule}`, { exitCode: 2 });
}

function parseAcks(raw: string): number {
  const v = raw.trim().toLowerCase();
  if (v === 'all' || v === '-1') return -1;
  if (v === '0' || v === '1') return Number(v);
  throw invalidValue(raw, 'acks', 'String must be one of: all, -1, 0, 1');
}

/** A flag's number, checked against its producer config's lower bound as Kafka's ProducerConfig does. */
function atLeast(value: number | undefined, key: string, min = 0): number | undefined {
  if (value !== undefined && value < min) throw invalidValue(value, key, `Value must be at least ${min}`);
  return value;
}

function intProp(props: Record<string, string>, key: string): number | undefined {
  const raw = props[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Invalid value '${raw}' for configuration ${key}: expected a whole number >= 0.`, { exitCode: 2 });
  return Number(raw.trim());
}

function codecOf(name: string): CompressionCodec {
  const codec = compressionCodecFromName(name.trim());
  if (codec === undefined) throw invalidValue(name, 'compression.type', 'String must be one of: none, gzip, snappy, lz4, zstd');
  return codec;
}

/** Flags win over properties, properties over the defaults (Kafka's maybeMergeOptions). */
export function producerSettings(flags: ConsoleProducerFlags, settings: ConnectionSettings): ProducerSettings {
  const p = settings.toolProperties;
  let compression: CompressionCodec = CompressionCodec.NONE;
  if (flags.compressionCodec !== undefined) {
    compression = flags.compressionCodec === true || flags.compressionCodec === '' ? CompressionCodec.GZIP : codecOf(String(flags.compressionCodec));
  } else if (p['compression.type'] !== undefined) {
    // Unlike Kafka's ConsoleProducer, which overwrites compression.type with --compression-codec or none.
    compression = codecOf(p['compression.type']);
  }
  const levelKey = compression === CompressionCodec.GZIP ? 'compression.gzip.level' : compression === CompressionCodec.LZ4 ? 'compression.lz4.level' : compression === CompressionCodec.ZSTD ? 'compression.zstd.level' : undefined;
  const idempotence = p['enable.idempotence'];
  if (idempotence !== undefined && !['true', 'false'].includes(idempotence.trim().toLowerCase())) {
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Invalid value '${idempotence}' for configuration enable.idempotence: expected true or false.`, { exitCode: 2 });
  }
  atLeast(flags.timeout, 'linger.ms');
  atLeast(flags.batchSize, 'batch.size');
  atLeast(flags.maxPartitionMemoryBytes, 'batch.size');
  atLeast(flags.messageSendMaxRetries, 'retries');
  atLeast(flags.retryBackoffMs, 'retry.backoff.ms');
  atLeast(flags.requestTimeoutMs, 'request.timeout.ms');
  atLeast(flags.maxBlockMs, 'max.block.ms');
  atLeast(flags.maxMemoryBytes, 'buffer.memory');
  atLeast(flags.metadataExpiryMs, 'metadata.max.age.ms');
  atLeast(flags.socketBufferSize, 'send.buffer.bytes', -1);
  return {
    acks: flags.requestRequiredAcks !== undefined ? parseAcks(flags.requestRequiredAcks) : p['acks'] !== undefined ? parseAcks(p['acks']) : -1,
    compression,
    compressionLevel: levelKey === undefined ? undefined : intProp(p, levelKey),
    lingerMs: flags.timeout ?? intProp(p, 'linger.ms') ?? 5,
    batchSize: Math.max(1, flags.maxPartitionMemoryBytes ?? flags.batchSize ?? intProp(p, 'batch.size') ?? 16_384),
    retries: flags.messageSendMaxRetries ?? settings.retries,
    retryBackoffMs: flags.retryBackoffMs ?? settings.retryBackoffMs,
    requestTimeoutMs: flags.requestTimeoutMs ?? settings.requestTimeoutMs,
    maxBlockMs: flags.maxBlockMs ?? intProp(p, 'max.block.ms') ?? 10_000,
    bufferMemory: Math.max(1, flags.maxMemoryBytes ?? intProp(p, 'buffer.memory') ?? 32 * 1024 * 1024),
    maxRequestSize: Math.max(1, intProp(p, 'max.request.size') ?? 1_048_576),
    maxInFlight: Math.max(1, intProp(p, 'max.in.flight.requests.per.connection') ?? 5),
    autoCreate: (p['allow.auto.create.topics'] ?? 'true').trim().toLowerCase() !== 'false',
  };
}

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
  const settings = await resolveConnection(flags, io, { clientId: 'console-producer', toolKeys: PRODUCER_KEYS });
  const ps = producerSettings(flags, settings);
  const topic: string = flags.topic;

  let reported = 0;
  const onFailure = (f: ProduceFailure): void => {
    reported++;
    if (reported <= MAX_REPORTED_FAILURES) io.stderr.write(`${failureMessage(topic, f)}\n`);
    else if (reported === MAX_REPORTED_FAILURES + 1) io.stderr.write('(further send errors are not shown)\n');
  };

  let sink: RecordSink;
  let close: () => Promise<void>;
  try {
    if (settings.sasl === undefined) {
      const opened = await openNative(settings, topic, ps, onFailure);
      sink = opened.sink;
      close = opened.close;
    } else {
      // The native client has no SASL yet: kafkajs does it (slower).
      const { KafkajsRecordSink } = await import('../../../client/kafkajs/producer-sink.js');
      const kafka = await createKafka(settings);
      const k = await KafkajsRecordSink.create(kafka, { topic, acks: ps.acks, compression: ps.compression, batchRecords: 1000, lingerMs: ps.lingerMs, maxInFlight: ps.maxInFlight, requestTimeoutMs: ps.requestTimeoutMs }, onFailure);
      sink = k;
      close = () => k.close();
    }
  } catch (err) {
    if (err instanceof KafkaProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
      throw new TkafkaError(ERROR_CODES.NOT_FOUND, `Topic ${topic} not present in metadata after ${ps.maxBlockMs} ms.`, { hint: `Create it with 'tkafka topics --create --topic ${topic}'.` });
    }
    if (isConnectionError(err)) throw connectionError(err, settings);
    if (err instanceof KafkaProtocolError) throw kafkaError(err);
    throw err;
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
