import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';
import type { OutputBuffer } from './output.js';

/**
 * Kafka's DefaultMessageFormatter, byte for byte: fields in a fixed order (timestamp, partition,
 * offset, delivery, epoch, headers, key, value), each followed by key.separator when another
 * field follows and by line.separator after the last one.
 */
export interface FormatterConfig {
  printTimestamp: boolean;
  printKey: boolean;
  printValue: boolean;
  printPartition: boolean;
  printOffset: boolean;
  printDelivery: boolean;
  printEpoch: boolean;
  printHeaders: boolean;
  keySeparator: Buffer;
  lineSeparator: Buffer;
  headersSeparator: Buffer;
  nullLiteral: Buffer;
  keyDeserializer: Deserializer | null;
  valueDeserializer: Deserializer | null;
  headersDeserializer: Deserializer | null;
  /** Only the value with the default separators: the fast path. */
  valueOnly: boolean;
}

/** Bytes → the bytes to print (Java: deserialize(...).toString() as UTF-8); a string is written as UTF-8. */
export type Deserializer = (bytes: Buffer) => Buffer | string;

export const FORMATTER_KEYS = [
  'print.timestamp',
  'print.key',
  'print.value',
  'print.partition',
  'print.offset',
  'print.delivery',
  'print.epoch',
  'print.headers',
  'key.separator',
  'line.separator',
  'headers.separator',
  'null.literal',
  'key.deserializer',
  'value.deserializer',
  'headers.deserializer',
] as const;

function bool(v: string | undefined, dflt: boolean): boolean {
  return v === undefined ? dflt : v.trim().toLowerCase() === 'true';
}

/** The formatter settings from `--formatter-property`/`--formatter-config`; Kafka's defaults. */
export function formatterConfig(props: Readonly<Record<string, string>>): FormatterConfig {
  for (const k of Object.keys(props)) {
    if ((FORMATTER_KEYS as readonly string[]).includes(k)) continue;
    // Deserializer sub-configs (key.deserializer.encoding=...) are accepted as Kafka passes them on.
    if (/^(key|value|headers)\.deserializer\./.test(k)) continue;
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Unknown formatter property '${k}'; DefaultMessageFormatter understands ${FORMATTER_KEYS.join(', ')}.`, { exitCode: 2 });
  }
  const cfg: FormatterConfig = {
    printTimestamp: bool(props['print.timestamp'], false),
    printKey: bool(props['print.key'], false),
    printValue: bool(props['print.value'], true),
    printPartition: bool(props['print.partition'], false),
    printOffset: bool(props['print.offset'], false),
    printDelivery: bool(props['print.delivery'], false),
    printEpoch: bool(props['print.epoch'], false),
    printHeaders: bool(props['print.headers'], false),
    keySeparator: Buffer.from(props['key.separator'] ?? '\t', 'utf8'),
    lineSeparator: Buffer.from(props['line.separator'] ?? '\n', 'utf8'),
    headersSeparator: Buffer.from(props['headers.separator'] ?? ',', 'utf8'),
    nullLiteral: Buffer.from(props['null.literal'] ?? 'null', 'utf8'),
    keyDeserializer: deserializerFor(props['key.deserializer'], 'key.deserializer'),
    valueDeserializer: deserializerFor(props['value.deserializer'], 'value.deserializer'),
    headersDeserializer: deserializerFor(props['headers.deserializer'], 'headers.deserializer'),
    valueOnly: false,
  };
  cfg.valueOnly =
    cfg.printValue && !cfg.printTimestamp && !cfg.printKey && !cfg.printPartition && !cfg.printOffset && !cfg.printDelivery && !cfg.printEpoch && !cfg.printHeaders && cfg.valueDeserializer === null;
  return cfg;
}

/** What the formatter needs of one record (a decoded KafkaRecord fits as is). */
export interface FormattableRecord {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: ReadonlyArray<{ key: string; value: Buffer | null }>;
}

/** What the formatter needs of the record's batch: shared by its records, so allocated once. */
export interface BatchContext {
  topic: string;
  partition: number;
  /** 0 CreateTime, 1 LogAppendTime, -1 no timestamp. */
  timestampType: number;
  leaderEpoch: number;
}

function field(out: OutputBuffer, bytes: Buffer | null, d: Deserializer | null, cfg: FormatterConfig): void {
  if (bytes === null) return out.bytes(cfg.nullLiteral);
  const v = d === null ? bytes : d(bytes);
  if (typeof v === 'string') out.utf8(v);
  else out.bytes(v);
}

/** Appends one record in DefaultMessageFormatter layout. Throws what a deserializer throws. */
export function formatRecord(out: OutputBuffer, b: BatchContext, r: FormattableRecord, cfg: FormatterConfig): void {
  if (cfg.valueOnly) {
    out.bytes(r.value === null ? cfg.nullLiteral : r.value);
    out.bytes(cfg.lineSeparator);
    return;
  }
  const sep = (more: boolean): void => out.bytes(more ? cfg.keySeparator : cfg.lineSeparator);
  if (cfg.printTimestamp) {
    out.ascii(b.timestampType === 0 ? `CreateTime:${r.timestamp}` : b.timestampType === 1 ? `LogAppendTime:${r.timestamp}` : 'NO_TIMESTAMP');
    sep(cfg.printPartition || cfg.printOffset || cfg.printDelivery || cfg.printEpoch || cfg.printHeaders || cfg.printKey || cfg.printValue);
  }
  if (cfg.printPartition) {
    out.ascii(`Partition:${b.partition}`);
    sep(cfg.printOffset || cfg.printDelivery || cfg.printEpoch || cfg.printHeaders || cfg.printKey || cfg.printValue);
  }
  if (cfg.printOffset) {
    out.ascii(`Offset:${r.offset}`);
    sep(cfg.printDelivery || cfg.printEpoch || cfg.printHeaders || cfg.printKey || cfg.printValue);
  }
  if (cfg.printDelivery) {
    // Delivery counts exist only for share groups; a plain consumer has none.
    out.ascii('Delivery:NONE');
    sep(cfg.printEpoch || cfg.printHeaders || cfg.printKey || cfg.printValue);
  }
  if (cfg.printEpoch) {
    out.ascii(b.leaderEpoch >= 0 ? `Epoch:${b.leaderEpoch}` : 'Epoch:NOT_PRESENT');
    sep(cfg.printHeaders || cfg.printKey || cfg.printValue);
  }
  if (cfg.printHeaders) {
    if (r.headers.length === 0) out.ascii('NO_HEADERS');
    else {
      for (let i = 0; i < r.headers.length; i++) {
        const h = r.headers[i] as { key: string; value: Buffer | null };
        out.utf8(`${h.key}:`);
        field(out, h.value, cfg.headersDeserializer, cfg);
        if (i < r.headers.length - 1) out.bytes(cfg.headersSeparator);
      }
    }
    sep(cfg.printKey || cfg.printValue);
  }
  if (cfg.printKey) {
    field(out, r.key, cfg.keyDeserializer, cfg);
    sep(cfg.printValue);
  }
  if (cfg.printValue) {
    field(out, r.value, cfg.valueDeserializer, cfg);
    out.bytes(cfg.lineSeparator);
  }
}

// ---------------------------------------------------------------------------------------------
// Deserializers: Kafka's built-in classes, printed as their Java toString() would.

class DeserializeError extends TkafkaError {
  constructor(message: string) {
    super('DESERIALIZE_FAILED', message);
  }
}

function sized(name: string, size: number, read: (b: Buffer) => string): Deserializer {
  return (b) => {
    if (b.length !== size) throw new DeserializeError(`Size of data received by ${name} is not ${size}`);
    return Buffer.from(read(b), 'utf8');
  };
}

/** Java's Double.toString / Float.toString for the common cases. */
function javaDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0.0';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) {
    const [mant, exp] = v.toExponential().split('e') as [string, string];
    return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
  }
  const s = String(v);
  return s.includes('.') ? s : `${s}.0`;
}

/** Kafka's Bytes.toString: printable ASCII as is, everything else as \xNN. */
function bytesToString(b: Buffer): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  return s;
}

const DESERIALIZERS: Readonly<Record<string, Deserializer | null>> = {
  StringDeserializer: (b) => Buffer.from(b.toString('utf8'), 'utf8'),
  ByteArrayDeserializer: null,
  ByteBufferDeserializer: null,
  BytesDeserializer: (b) => Buffer.from(bytesToString(b), 'latin1'),
  LongDeserializer: sized('LongDeserializer', 8, (b) => b.readBigInt64BE(0).toString()),
  IntegerDeserializer: sized('IntegerDeserializer', 4, (b) => String(b.readInt32BE(0))),
  ShortDeserializer: sized('ShortDeserializer', 2, (b) => String(b.readInt16BE(0))),
  DoubleDeserializer: sized('DoubleDeserializer', 8, (b) => javaDouble(b.readDoubleBE(0))),
  FloatDeserializer: sized('FloatDeserializer', 4, (b) => javaDouble(Math.fround(b.readFloatBE(0)))),
  BooleanDeserializer: sized('BooleanDeserializer', 1, (b) => (b[0] === 0 ? 'false' : 'true')),
  UUIDDeserializer: (b) => {
    const s = b.toString('utf8');
    if (!/^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/.test(s)) throw new DeserializeError(`Error parsing data into UUID: '${s}'`);
    return Buffer.from(s.toLowerCase(), 'utf8');
  },
  VoidDeserializer: (b) => {
    if (b.length !== 0) throw new DeserializeError('Data should be null for a VoidDeserializer.');
    return Buffer.from('null');
  },
};

/**
 * A Java deserializer class name (`org.apache.kafka.common.serialization.LongDeserializer` or just
 * `LongDeserializer`) → our implementation; null means "print the bytes". Unknown → exit 2.
 */
export function deserializerFor(className: string | undefined, option: string): Deserializer | null {
  if (className === undefined || className.trim() === '') return null;
  const short = className.trim().replace(/^org\.apache\.kafka\.common\.serialization\./, '');
  if (!(short in DESERIALIZERS)) {
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Unsupported ${option} '${className}'.`, {
      exitCode: 2,
      hint: `Built in: ${Object.keys(DESERIALIZERS).join(', ')}.`,
    });
  }
  return DESERIALIZERS[short] ?? null;
}
