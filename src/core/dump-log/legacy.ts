// kafka-dump-log on message format v0/v1 entries (magic 0 and 1), as Kafka 4.4 reads them: a
// FileLogInputStream entry with magic < 2 is a LegacyFileChannelRecordBatch, its shallow line starts
// "offset: <entry offset>", and deep iteration walks AbstractLegacyRecordBatch's records (the entry
// itself, or the inner messages of a compressed wrapper with v1's relative offsets resolved). Each
// record line ends " isValid: .. crc: ..". The wire layout, CRC-32, lz4 checksum repair and the
// entry decoder are the broker's legacy codec (protocol/records/legacy.ts); what is Kafka's reader's
// own (no CRC check while iterating, no magic check of inner messages, librdkafka's zero wrapper
// offset, errors raised as the iterator reaches them) is here.
import { CompressionCodec, decompress, isCompressionCodec } from '../../protocol/records/compression.js';
import { crc32, decodeEntry, LEGACY_LOG_OVERHEAD, MAGIC_V0, MAGIC_V1, RECORD_OVERHEAD_V0, withLz4HeaderChecksum } from '../../protocol/records/legacy.js';
import type { KafkaRecord } from '../../protocol/records/record.js';
import { DumpLogError } from './files.js';
import { batchLineRest } from './render.js';

const MAGIC_AT = 16;
const ATTRIBUTES_AT = 17;
const CRC_AT = 12;
const TIMESTAMP_AT = 18;
const TIMESTAMP_TYPE_BIT = 0x08;
const COMPRESSION_MASK = 0x07;
/** Kafka dies with these exceptions; the CLI prints their line (class and message) without the stack trace. */
const INVALID_RECORD = 'org.apache.kafka.common.InvalidRecordException: ';
const CORRUPT_RECORD = 'org.apache.kafka.common.errors.CorruptRecordException: ';

/** One shallow v0/v1 entry as Kafka's LegacyFileChannelRecordBatch reports it. */
export interface LegacyView {
  slice: Buffer;
  /** The entry's offset: lastOffset (a wrapper carries its last inner message's). */
  offset: bigint;
  magic: number;
  codec: number;
  /** TimestampType's toString: NoTimestampType (magic 0), CreateTime or LogAppendTime. */
  timestampType: string;
  /** maxTimestamp: the entry's own timestamp, -1 for magic 0. */
  timestamp: bigint;
  crc: number;
  valid: boolean;
}

/** One record of a legacy entry (the entry itself or an inner message) with what its line prints. */
export interface LegacyRecord {
  record: KafkaRecord;
  keySize: number;
  valueSize: number;
  crc: number;
  valid: boolean;
}

function timestampTypeOf(magic: number, attributes: number): string {
  if (magic === MAGIC_V0) return 'NoTimestampType';
  return (attributes & TIMESTAMP_TYPE_BIT) !== 0 ? 'LogAppendTime' : 'CreateTime';
}

/** LegacyRecord.isValid: the stored CRC-32 matches the one over magic..end. */
function isValid(entry: Buffer): boolean {
  return entry.length - LEGACY_LOG_OVERHEAD >= RECORD_OVERHEAD_V0 && entry.readUInt32BE(CRC_AT) === crc32(entry, MAGIC_AT, entry.length);
}

export function viewLegacy(slice: Buffer): LegacyView {
  const magic = slice.readInt8(MAGIC_AT);
  const attributes = slice.readInt8(ATTRIBUTES_AT);
  return {
    slice,
    offset: slice.readBigInt64BE(0),
    magic,
    codec: attributes & COMPRESSION_MASK,
    timestampType: timestampTypeOf(magic, attributes),
    timestamp: magic === MAGIC_V0 ? -1n : slice.readBigInt64BE(TIMESTAMP_AT),
    crc: slice.readUInt32BE(CRC_AT),
    valid: isValid(slice),
  };
}

/** printBatchLevel for magic < 2. */
export function legacyBatchLine(b: LegacyView, position: number): string {
  return batchLineRest(`offset: ${b.offset}`, position, b.timestampType, b.timestamp, b.slice.length, b.magic, b.codec, b.crc, () => b.valid);
}

/** printRecordMetadata for a legacy record: the batch's timestamp type, then isValid and crc. */
export function legacyRecordMetadata(b: LegacyView, r: LegacyRecord): string {
  return `| offset: ${r.record.offset} ${b.timestampType}: ${r.record.timestamp} keySize: ${r.keySize} valueSize: ${r.valueSize} isValid: ${r.valid} crc: ${r.crc}`;
}

/**
 * A legacy message at `offset` (its own or the resolved absolute one); a v1 message inside a
 * LogAppendTime wrapper takes the wrapper's timestamp.
 */
function legacyRecord(entry: Buffer, offset: bigint, wrapperAppendTime: bigint | null): LegacyRecord {
  let e;
  try {
    e = decodeEntry(entry, 0);
  } catch (err) {
    throw new DumpLogError(`Found invalid legacy message at offset ${entry.readBigInt64BE(0)}: ${(err as Error).message}`);
  }
  const timestamp = e.magic === MAGIC_V0 ? -1n : (wrapperAppendTime ?? e.timestamp);
  return {
    record: { offset, offsetDelta: 0, timestamp, key: e.key, value: e.value, headers: [] },
    keySize: e.key === null ? -1 : e.key.length,
    valueSize: e.value === null ? -1 : e.value.length,
    crc: e.storedCrc,
    valid: e.storedCrc === e.computedCrc,
  };
}

/** The inner entries of a wrapper's decompressed message set, read as DataLogInputStream reads them. */
function innerEntries(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (raw.length - pos >= LEGACY_LOG_OVERHEAD) {
    const size = raw.readInt32BE(pos + 8);
    if (size < RECORD_OVERHEAD_V0) throw new DumpLogError(`${CORRUPT_RECORD}Record size is less than the minimum record overhead (${RECORD_OVERHEAD_V0})`);
    if (raw.length - pos - LEGACY_LOG_OVERHEAD < size) break;
    out.push(raw.subarray(pos, pos + LEGACY_LOG_OVERHEAD + size));
    pos += LEGACY_LOG_OVERHEAD + size;
  }
  return out;
}

/**
 * AbstractLegacyRecordBatch's records: an uncompressed entry is its own one record; a wrapper's
 * inner messages are all read first (the errors Kafka's DeepRecordsIterator raises while reading),
 * then handed out one by one (a compressed inner message fails when it is reached).
 */
export function* legacyRecords(b: LegacyView): Generator<LegacyRecord> {
  if (b.codec === CompressionCodec.NONE) {
    yield legacyRecord(b.slice, b.offset, null);
    return;
  }
  if (b.magic !== MAGIC_V0 && b.magic !== MAGIC_V1) throw new DumpLogError(`${INVALID_RECORD}Invalid wrapper magic found in legacy deep record iterator ${b.magic}`);
  if (!isCompressionCodec(b.codec)) throw new DumpLogError(`java.lang.IllegalArgumentException: Unknown compression type id: ${b.codec}`);
  if (b.codec === CompressionCodec.ZSTD) throw new DumpLogError(`${INVALID_RECORD}Invalid wrapper compressionType found in legacy deep record iterator ${b.magic}`);
  const wrapper = legacyRecord(b.slice, b.offset, null);
  const payload = wrapper.record.value;
  if (payload === null) throw new DumpLogError(`${INVALID_RECORD}Found invalid compressed record set with null value (magic = ${b.magic})`);
  let raw: Buffer;
  try {
    // Magic 0 lz4 frames carry Kafka's old header checksum, which its reader ignores.
    raw = decompress(b.codec, b.codec === CompressionCodec.LZ4 && b.magic === MAGIC_V0 ? withLz4HeaderChecksum(payload, false) : payload);
  } catch (err) {
    // GZIPInputStream's first check; other codecs' stream errors are worded by our decoders.
    const notGzip = b.codec === CompressionCodec.GZIP && (payload.length < 2 || payload.readUInt16BE(0) !== 0x1f8b);
    throw new DumpLogError(`org.apache.kafka.common.KafkaException: ${notGzip ? 'java.util.zip.ZipException: Not in GZIP format' : (err as Error).message}`);
  }
  const inner = innerEntries(raw);
  if (inner.length === 0) throw new DumpLogError(`${INVALID_RECORD}Found invalid compressed record set with no inner records`);
  const appendTime = b.magic === MAGIC_V1 && b.timestampType === 'LogAppendTime' ? b.timestamp : null;
  let base = 0n;
  if (b.magic === MAGIC_V1 && b.offset !== 0n) {
    const lastInner = (inner[inner.length - 1] as Buffer).readBigInt64BE(0);
    if (b.offset < lastInner) {
      throw new DumpLogError(`${INVALID_RECORD}Found invalid wrapper offset in compressed v1 message set, wrapper offset '${b.offset}' is less than the last inner message offset '${lastInner}' and it is not zero.`);
    }
    base = b.offset - lastInner;
  }
  for (const entry of inner) {
    const magic = entry.readInt8(MAGIC_AT);
    const own = entry.readBigInt64BE(0);
    const r = legacyRecord(entry, b.magic === MAGIC_V1 ? base + own : own, magic === MAGIC_V1 ? appendTime : null);
    if ((entry.readInt8(ATTRIBUTES_AT) & COMPRESSION_MASK) !== CompressionCodec.NONE) throw new DumpLogError(`${INVALID_RECORD}Inner messages must not be compressed`);
    yield r;
  }
}
