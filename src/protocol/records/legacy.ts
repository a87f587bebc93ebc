import { CompressionCodec, compress, decompress, isCompressionCodec } from './compression.js';
import { decodeRecordBatch, decodeRecordBatchHeader, encodeRecordBatch, splitRecordBatches } from './batch.js';
import { RecordsError, RecordsErrorCode } from './errors.js';

/**
 * Message format v0 and v1 (magic 0 and 1), the "message sets" of Kafka before 0.11. A message set
 * is a sequence of entries `offset int64, messageSize int32, message`, where a message is
 * `crc uint32 (CRC-32 of everything after it), magic int8, attributes int8, [timestamp int64 (v1)],
 * key bytes, value bytes` (bytes = int32 length, -1 for null). Attribute bits 0-2 hold the
 * compression codec and bit 3 (v1) the timestamp type. A compressed entry is a wrapper whose value
 * is the compressed inner message set; in v1 the inner offsets are relative (0..n-1) and the
 * wrapper's offset is the absolute offset of the last inner message; in v0 inner offsets are
 * absolute. Kafka reads these in AbstractLegacyRecordBatch / LegacyRecord; this is our own code.
 */

export const MAGIC_V0 = 0;
export const MAGIC_V1 = 1;
/** offset + messageSize. */
export const LEGACY_LOG_OVERHEAD = 12;
/** crc, magic, attributes, key length, value length: LegacyRecord.RECORD_OVERHEAD_V0. */
export const RECORD_OVERHEAD_V0 = 14;
/** RECORD_OVERHEAD_V0 plus the timestamp. */
export const RECORD_OVERHEAD_V1 = 22;
const TIMESTAMP_TYPE_BIT = 0x08;
const COMPRESSION_MASK = 0x07;

/** One message as a reader sees it: a wrapper's inner messages are expanded, offsets absolute. */
export interface LegacyMessage {
  offset: bigint;
  magic: 0 | 1;
  /** 0 CreateTime, 1 LogAppendTime (always 0 for magic 0). */
  timestampType: 0 | 1;
  /** -1 (NO_TIMESTAMP) for magic 0. */
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

/** One entry of a message set as stored (a plain message or a compressed wrapper). */
export interface LegacyEntry {
  offset: bigint;
  /** Whole entry: 12 + messageSize. */
  sizeInBytes: number;
  magic: 0 | 1;
  attributes: number;
  compression: number;
  timestampType: 0 | 1;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  storedCrc: number;
  computedCrc: number;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (IEEE, as java.util.zip.CRC32) and xxHash32 (for the lz4 frame header checksum).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;
const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const round = (acc: number, lane: number): number => Math.imul(rotl((acc + Math.imul(lane, P2)) >>> 0, 13), P1) >>> 0;

/** xxHash32 with seed 0 of buf[start, end). */
export function xxh32(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  let pos = start;
  let h: number;
  if (len >= 16) {
    let v1 = (P1 + P2) >>> 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = (0 - P1) >>> 0;
    while (end - pos >= 16) {
      v1 = round(v1, buf.readUInt32LE(pos));
      v2 = round(v2, buf.readUInt32LE(pos + 4));
      v3 = round(v3, buf.readUInt32LE(pos + 8));
      v4 = round(v4, buf.readUInt32LE(pos + 12));
      pos += 16;
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = P5;
  }
  h = (h + len) >>> 0;
  while (end - pos >= 4) {
    h = Math.imul(rotl((h + Math.imul(buf.readUInt32LE(pos), P3)) >>> 0, 17), P4) >>> 0;
    pos += 4;
  }
  while (pos < end) {
    h = Math.imul(rotl((h + Math.imul(buf[pos] as number, P5)) >>> 0, 11), P1) >>> 0;
    pos++;
  }
  h = Math.imul(h ^ (h >>> 15), P2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const LZ4_MAGIC = 0x184d2204;

/** End of the lz4 frame descriptor (index of the header checksum byte), or -1 when `data` is not a frame. */
function lz4HeaderChecksumAt(data: Buffer): number {
  if (data.length < 7 || data.readUInt32LE(0) !== LZ4_MAGIC) return -1;
  const flg = data[4] as number;
  const at = 6 + ((flg & 0x08) !== 0 ? 8 : 0) + ((flg & 0x01) !== 0 ? 4 : 0);
  return at < data.length ? at : -1;
}

/**
 * Kafka before 0.10 computed the lz4 frame header checksum over the magic number too (KAFKA-3160),
 * and magic-0 messages keep that: readers ignore the checksum, writers write the broken one.
 * `broken` false gives a copy with the standard checksum, true one with Kafka's broken checksum.
 */
export function withLz4HeaderChecksum(data: Buffer, broken: boolean): Buffer {
  const at = lz4HeaderChecksumAt(data);
  if (at < 0) return data;
  const out = Buffer.from(data);
  out[at] = (xxh32(out, broken ? 0 : 4, at) >>> 8) & 0xff;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function corrupt(message: string, pos: number, code: number = RecordsErrorCode.CORRUPT_MESSAGE): never {
  throw new RecordsError(message, pos, code);
}

function readBytes(buf: Buffer, pos: number, end: number, what: string): { value: Buffer | null; next: number } {
  if (end - pos < 4) corrupt(`legacy message truncated in its ${what} length`, pos);
  const len = buf.readInt32BE(pos);
  pos += 4;
  if (len < 0) return { value: null, next: pos };
  if (len > end - pos) corrupt(`legacy message ${what} of ${len} bytes overruns the message`, pos);
  return { value: buf.subarray(pos, pos + len), next: pos + len };
}

export type LegacyProbe = { kind: 'none' } | { kind: 'corrupt'; message: string } | { kind: 'entry'; size: number; magic: number };

/** What sits at buf[pos]: nothing complete, a corrupt size/magic, or an entry of `size` bytes. */
export function probeEntry(buf: Buffer, pos: number): LegacyProbe {
  const remaining = buf.length - pos;
  if (remaining < LEGACY_LOG_OVERHEAD) return { kind: 'none' };
  const messageSize = buf.readInt32BE(pos + 8);
  if (messageSize < RECORD_OVERHEAD_V0) return { kind: 'corrupt', message: `Record size ${messageSize} is less than the minimum record overhead (${RECORD_OVERHEAD_V0})` };
  if (remaining <= 16) return { kind: 'none' };
  const magic = buf.readInt8(pos + 16);
  if (magic < 0 || magic > 2) return { kind: 'corrupt', message: `Invalid magic found in record: ${magic}` };
  const size = LEGACY_LOG_OVERHEAD + messageSize;
  if (remaining < size) return { kind: 'none' };
  return { kind: 'entry', size, magic };
}

/** Decodes the magic 0/1 entry at buf[pos] (which probeEntry found complete). Does not check the CRC. */
export function decodeEntry(buf: Buffer, pos: number): LegacyEntry {
  const offset = buf.readBigInt64BE(pos);
  const size = LEGACY_LOG_OVERHEAD + buf.readInt32BE(pos + 8);
  const end = pos + size;
  const magic = buf.readInt8(pos + 16);
  if (magic !== MAGIC_V0 && magic !== MAGIC_V1) corrupt(`not a legacy message: magic ${magic}`, pos + 16, RecordsErrorCode.INVALID_RECORD);
  if (magic === MAGIC_V1 && size - LEGACY_LOG_OVERHEAD < RECORD_OVERHEAD_V1) corrupt(`Record size ${size - LEGACY_LOG_OVERHEAD} is less than the minimum record overhead (${RECORD_OVERHEAD_V1})`, pos + 8);
  const attributes = buf.readInt8(pos + 17);
  let p = pos + 18;
  let timestamp = -1n;
  if (magic === MAGIC_V1) {
    timestamp = buf.readBigInt64BE(p);
    p += 8;
  }
  const key = readBytes(buf, p, end, 'key');
  const value = readBytes(buf, key.next, end, 'value');
  if (value.next !== end) corrupt(`legacy message has ${end - value.next} bytes after its value`, value.next);
  return {
    offset,
    sizeInBytes: size,
    magic,
    attributes,
    compression: attributes & COMPRESSION_MASK,
    timestampType: magic === MAGIC_V1 && (attributes & TIMESTAMP_TYPE_BIT) !== 0 ? 1 : 0,
    timestamp,
    key: key.value,
    value: value.value,
    storedCrc: buf.readUInt32BE(pos + 12),
    computedCrc: crc32(buf, pos + 16, end),
  };
}

export interface ExpandOptions {
  /** Zip-bomb guard for a wrapper's payload. */
  maxDecompressedBytes?: number;
  /** Check every CRC (default true). */
  verifyCrc?: boolean;
}

function checkCrc(e: LegacyEntry, pos: number): void {
  if (e.storedCrc !== e.computedCrc) corrupt(`Record is corrupt (stored crc = ${e.storedCrc}, computed crc = ${e.computedCrc})`, pos);
}

/**
 * The messages an entry stands for: itself when uncompressed, else its inner messages with absolute
 * offsets (and, for a v1 LogAppendTime wrapper, the wrapper's timestamp). Inner messages must share
 * the wrapper's magic and be uncompressed (INVALID_RECORD otherwise, as Kafka).
 */
export function expandEntry(e: LegacyEntry, opts: ExpandOptions = {}): LegacyMessage[] {
  if (e.compression === CompressionCodec.NONE) {
    return [{ offset: e.offset, magic: e.magic, timestampType: e.timestampType, timestamp: e.timestamp, key: e.key, value: e.value }];
  }
  if (!isCompressionCodec(e.compression)) corrupt(`Unknown compression type id: ${e.compression}`, 0, RecordsErrorCode.UNKNOWN_SERVER_ERROR);
  if (e.compression === CompressionCodec.ZSTD) corrupt('ZStandard compression is not supported for message format v0 and v1', 0, RecordsErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  if (e.value === null) corrupt('compressed legacy message has a null value', 0, RecordsErrorCode.INVALID_RECORD);
  let payload = e.value;
  if (e.compression === CompressionCodec.LZ4 && e.magic === MAGIC_V0) payload = withLz4HeaderChecksum(payload, false);
  const dopts = opts.maxDecompressedBytes === undefined ? {} : { maxOutputBytes: opts.maxDecompressedBytes };
  const raw = decompress(e.compression, payload, dopts);
  const inner: LegacyEntry[] = [];
  let pos = 0;
  for (;;) {
    const pr = probeEntry(raw, pos);
    if (pr.kind === 'none') {
      if (pos !== raw.length) corrupt('compressed legacy message set ends with a partial message', pos);
      break;
    }
    if (pr.kind === 'corrupt') corrupt(pr.message, pos);
    const ie = decodeEntry(raw, pos);
    if (opts.verifyCrc !== false) checkCrc(ie, pos);
    if (ie.magic !== e.magic) corrupt(`Log record magic does not match outer magic ${e.magic}`, pos, RecordsErrorCode.INVALID_RECORD);
    if (ie.compression !== CompressionCodec.NONE) corrupt('Compressed outer record should not have an inner record with a compression attribute set', pos, RecordsErrorCode.INVALID_RECORD);
    inner.push(ie);
    pos += pr.size;
  }
  if (inner.length === 0) corrupt('compressed legacy message has no inner messages', 0, RecordsErrorCode.INVALID_RECORD);
  const lastRelative = (inner[inner.length - 1] as LegacyEntry).offset;
  const logAppend = e.magic === MAGIC_V1 && e.timestampType === 1;
  return inner.map((ie) => ({
    offset: e.magic === MAGIC_V1 ? e.offset - lastRelative + ie.offset : ie.offset,
    magic: e.magic,
    timestampType: logAppend ? 1 : ie.timestampType,
    timestamp: logAppend ? e.timestamp : ie.timestamp,
    key: ie.key,
    value: ie.value,
  }));
}

export interface DecodedMessageSet {
  entries: LegacyEntry[];
  messages: LegacyMessage[];
  /** Bytes at the end that are not a complete entry. */
  trailingBytes: number;
}

/** Decodes a whole magic 0/1 message set (a trailing partial entry is left out, as readers do). */
export function decodeMessageSet(buf: Buffer, opts: ExpandOptions = {}): DecodedMessageSet {
  const entries: LegacyEntry[] = [];
  const messages: LegacyMessage[] = [];
  let pos = 0;
  for (;;) {
    const pr = probeEntry(buf, pos);
    if (pr.kind === 'none') break;
    if (pr.kind === 'corrupt') corrupt(pr.message, pos);
    const e = decodeEntry(buf, pos);
    if (opts.verifyCrc !== false) checkCrc(e, pos);
    entries.push(e);
    for (const m of expandEntry(e, opts)) messages.push(m);
    pos += pr.size;
  }
  return { entries, messages, trailingBytes: buf.length - pos };
}

// ---------------------------------------------------------------------------------------------
// Encoding

export interface LegacyMessageInput {
  /** Absolute offset. */
  offset: bigint;
  /** Ignored for magic 0. */
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

function sizeOfBytes(b: Buffer | null): number {
  return 4 + (b === null ? 0 : b.length);
}

/** One entry (offset, size, message). */
export function encodeEntry(magic: 0 | 1, offset: bigint, attributes: number, timestamp: bigint, key: Buffer | null, value: Buffer | null): Buffer {
  const messageSize = (magic === MAGIC_V1 ? RECORD_OVERHEAD_V1 : RECORD_OVERHEAD_V0) - 8 + sizeOfBytes(key) + sizeOfBytes(value);
  const out = Buffer.allocUnsafe(LEGACY_LOG_OVERHEAD + messageSize);
  out.writeBigInt64BE(offset, 0);
  out.writeInt32BE(messageSize, 8);
  out.writeInt8(magic, 16);
  out.writeInt8(magic === MAGIC_V0 ? attributes & COMPRESSION_MASK : attributes, 17);
  let p = 18;
  if (magic === MAGIC_V1) {
    out.writeBigInt64BE(timestamp, p);
    p += 8;
  }
  for (const b of [key, value]) {
    if (b === null) {
      out.writeInt32BE(-1, p);
      p += 4;
    } else {
      out.writeInt32BE(b.length, p);
      b.copy(out, p + 4);
      p += 4 + b.length;
    }
  }
  out.writeUInt32BE(crc32(out, 16, out.length), 12);
  return out;
}

export interface EncodeMessageSetOptions {
  magic: 0 | 1;
  messages: readonly LegacyMessageInput[];
  compression?: CompressionCodec;
  /** LogAppendTime (magic 1 only): messages carry attribute bit 3; `logAppendTime` is their timestamp. */
  logAppendTime?: bigint;
}

/**
 * Encodes messages as a magic 0/1 message set: one entry per message when uncompressed, else one
 * wrapper (offset = last message's, v1 timestamp = the largest inner one or the append time) whose
 * inner offsets are relative in v1 and absolute in v0, as Kafka's MemoryRecordsBuilder writes them.
 * Magic-0 lz4 wrappers get Kafka's broken header checksum.
 */
export function encodeMessageSet(opts: EncodeMessageSetOptions): Buffer {
  const { magic, messages } = opts;
  const codec = opts.compression ?? CompressionCodec.NONE;
  const tsAttr = magic === MAGIC_V1 && opts.logAppendTime !== undefined ? TIMESTAMP_TYPE_BIT : 0;
  const tsOf = (m: LegacyMessageInput): bigint => (magic === MAGIC_V0 ? -1n : (opts.logAppendTime ?? m.timestamp));
  if (codec === CompressionCodec.NONE) {
    return Buffer.concat(messages.map((m) => encodeEntry(magic, m.offset, tsAttr, tsOf(m), m.key, m.value)));
  }
  if (codec === CompressionCodec.ZSTD) throw new RangeError('zstd cannot be used with message format v0/v1');
  if (messages.length === 0) return Buffer.alloc(0);
  const first = (messages[0] as LegacyMessageInput).offset;
  const last = (messages[messages.length - 1] as LegacyMessageInput).offset;
  const inner = Buffer.concat(messages.map((m) => encodeEntry(magic, magic === MAGIC_V1 ? m.offset - first : m.offset, 0, tsOf(m), m.key, m.value)));
  let payload = compress(codec, inner);
  if (codec === CompressionCodec.LZ4 && magic === MAGIC_V0) payload = withLz4HeaderChecksum(payload, true);
  let wrapperTs = -1n;
  if (magic === MAGIC_V1) {
    if (opts.logAppendTime !== undefined) wrapperTs = opts.logAppendTime;
    else for (const m of messages) if (m.timestamp > wrapperTs) wrapperTs = m.timestamp;
  }
  return encodeEntry(magic, last, codec | tsAttr, wrapperTs, null, payload);
}

// ---------------------------------------------------------------------------------------------
// Produce: up-conversion to a v2 batch

export interface UpConvertOptions {
  /** The topic's max.message.bytes, checked against every entry (a wrapper counts as one). */
  maxMessageBytes: number;
  /** Compacted topics refuse messages without a key. */
  requireKeys?: boolean;
  maxDecompressedBytes?: number;
}

export type UpConvertResult =
  | { ok: true; batch: Buffer; count: number }
  | { ok: true; batch: null; count: 0 }
  | { ok: false; errorCode: number; message: string };

/**
 * Kafka's produce path for magic 0/1 message sets (UnifiedLog.analyzeAndValidateRecords, then
 * LogValidator's up-conversion): every entry at most max.message.bytes (MESSAGE_TOO_LARGE), CRC valid
 * (CORRUPT_MESSAGE), known codec, no zstd (UNSUPPORTED_COMPRESSION_TYPE); inner messages of a wrapper
 * share its magic and are uncompressed (INVALID_RECORD); keys on compacted topics (INVALID_RECORD).
 * The messages of all entries become ONE v2 batch at base offset 0 with offset deltas 0..n-1, keys and
 * values as sent, no headers, timestamps kept for magic 1 and -1 (NO_TIMESTAMP) for magic 0, no
 * producer id, compressed with the codec of the last compressed entry (compression.type=producer).
 * Trailing bytes too short to be an entry are ignored; no complete entry gives `batch: null`.
 */
export function upConvertMessageSet(records: Buffer, opts: UpConvertOptions): UpConvertResult {
  const fail = (errorCode: number, message: string): UpConvertResult => ({ ok: false, errorCode, message });
  const messages: LegacyMessage[] = [];
  let codec: CompressionCodec = CompressionCodec.NONE;
  let pos = 0;
  try {
    for (;;) {
      const pr = probeEntry(records, pos);
      if (pr.kind === 'none') break;
      if (pr.kind === 'corrupt') return fail(RecordsErrorCode.CORRUPT_MESSAGE, pr.message);
      if (pr.magic === 2) return fail(RecordsErrorCode.INVALID_RECORD, 'A magic 0/1 message set must not contain a magic 2 record batch');
      if (pr.size > opts.maxMessageBytes) {
        return fail(RecordsErrorCode.MESSAGE_TOO_LARGE, `The record batch size is ${pr.size} bytes which exceeds the maximum configured value of ${opts.maxMessageBytes}`);
      }
      const e = decodeEntry(records, pos);
      checkCrc(e, pos);
      if (!isCompressionCodec(e.compression)) return fail(RecordsErrorCode.UNKNOWN_SERVER_ERROR, `Unknown compression type id: ${e.compression}`);
      if (e.compression !== CompressionCodec.NONE) codec = e.compression;
      const expandOpts = opts.maxDecompressedBytes === undefined ? {} : { maxDecompressedBytes: opts.maxDecompressedBytes };
      for (const m of expandEntry(e, expandOpts)) {
        if (opts.requireKeys === true && m.key === null) return fail(RecordsErrorCode.INVALID_RECORD, 'Compacted topic cannot accept message without key in topic partition');
        messages.push(m);
      }
      pos += pr.size;
    }
  } catch (err) {
    if (err instanceof RecordsError) return fail(err.code, err.message);
    throw err;
  }
  if (messages.length === 0) return { ok: true, batch: null, count: 0 };
  const batch = encodeRecordBatch({
    records: messages.map((m, i) => ({ key: m.key, value: m.value, timestamp: m.timestamp, offsetDelta: i })),
    compression: codec,
    timestamp: -1n,
  });
  return { ok: true, batch, count: messages.length };
}

// ---------------------------------------------------------------------------------------------
// Fetch: down-conversion of stored v2 batches for readers of magic 0/1

export type DownConvertResult = { ok: true; records: Buffer } | { ok: false; errorCode: number; message: string };

/**
 * Kafka's RecordsUtil.downConvert for a fetcher that reads `toMagic` (Fetch v0–1: 0, v2–3: 1):
 * control batches are dropped; each compressed v2 batch becomes one wrapper of the same codec
 * holding all its records (the reader skips those below its fetch offset); an uncompressed batch
 * becomes one message per record at or after `firstOffset`. Keys, values and offsets are kept;
 * headers, producer ids and sequence numbers have no place in the old formats. Magic 1 keeps the
 * record timestamps (a LogAppendTime batch marks its messages so and gives them its append time);
 * magic 0 has none. zstd cannot be written in magic 0/1: UNSUPPORTED_COMPRESSION_TYPE, as Kafka
 * answers any fetch below v10 that would carry zstd.
 */
export function downConvertBatches(records: Buffer, toMagic: 0 | 1, firstOffset: bigint, opts: ExpandOptions = {}): DownConvertResult {
  const parts: Buffer[] = [];
  try {
    const dopts = { verifyCrc: false, ...(opts.maxDecompressedBytes === undefined ? {} : { maxDecompressedBytes: opts.maxDecompressedBytes }) };
    for (const slice of splitRecordBatches(records).batches) {
      const header = decodeRecordBatchHeader(slice, 0, false);
      if (header.isControl) continue;
      if (header.compression === CompressionCodec.ZSTD) {
        return { ok: false, errorCode: RecordsErrorCode.UNSUPPORTED_COMPRESSION_TYPE, message: 'zstd-compressed data cannot be down-converted for fetch versions below 10' };
      }
      const batch = decodeRecordBatch(slice, dopts);
      const logAppendTime = toMagic === MAGIC_V1 && batch.timestampType === 1 ? batch.maxTimestamp : undefined;
      const kept = batch.compression === CompressionCodec.NONE ? batch.records.filter((r) => r.offset >= firstOffset) : batch.records;
      if (kept.length === 0) continue;
      const messages = kept.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value }));
      parts.push(encodeMessageSet({ magic: toMagic, messages, compression: batch.compression, ...(logAppendTime === undefined ? {} : { logAppendTime }) }));
    }
  } catch (err) {
    if (err instanceof RecordsError) return { ok: false, errorCode: RecordsErrorCode.CORRUPT_MESSAGE, message: err.message };
    throw err;
  }
  return { ok: true, records: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts) };
}
