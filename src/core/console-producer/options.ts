// kafka-console-producer's producer settings (ConsoleProducer's option merge and ProducerConfig's
// checks, with Kafka's messages), and the producer properties the tool interprets.
import { CompressionCodec, compressionCodecFromName } from '../../protocol/records/compression.js';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

/** The flags that decide how records are produced (the connection's are the CLI's). */
export interface ProducerFlags {
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

export interface ProducerSettings {
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
export function producerSettings(
  flags: ProducerFlags,
  settings: { toolProperties: Record<string, string>; retries: number; retryBackoffMs: number; requestTimeoutMs: number },
): ProducerSettings {
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
