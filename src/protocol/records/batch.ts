import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  BATCH_LENGTH,
  COMPRESSION_MASK,
  CONTROL_BIT,
  CRC,
  DELETE_HORIZON_BIT,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
} from './batch-header.js';
import { CompressionCodec, compress, compressAsync, decompress, isCompressionCodec, type CompressOptions } from './compression.js';
import { crc32c } from './crc32c.js';
import { RecordsError, RecordsErrorCode } from './errors.js';
import {
  ControlRecordType,
  decodeRecords,
  encodeControlRecordKey,
  encodeEndTxnMarkerValue,
  planRecords,
  type KafkaRecord,
  type RecordInput,
  type RecordsPlan,
} from './record.js';

export const MAGIC_V2 = 2;

export const TimestampType = {
  CREATE_TIME: 0,
  LOG_APPEND_TIME: 1,
} as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** Header fields of a v2 batch, decoded. */
export interface RecordBatchHeader {
  baseOffset: bigint;
  /** Bytes after the batchLength field: sizeInBytes - 12. */
  batchLength: number;
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  /** As stored (unsigned). */
  crc: number;
  attributes: number;
  compression: CompressionCodec;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  hasDeleteHorizon: boolean;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface RecordBatch extends RecordBatchHeader {
  records: KafkaRecord[];
}

export interface EncodeRecordBatchOptions {
  records: readonly RecordInput[];
  /** Default 0 (what producers send; the broker assigns the real offset). */
  baseOffset?: bigint;
  /** Default -1, as the Java producer. */
  partitionLeaderEpoch?: number;
  compression?: CompressionCodec;
  compressionLevel?: number;
  /** Default CREATE_TIME. */
  timestampType?: TimestampType;
  isTransactional?: boolean;
  isControl?: boolean;
  /** Sets attribute bit 6; baseTimestamp then carries the delete horizon. */
  hasDeleteHorizon?: boolean;
  /** Default -1 (not idempotent). */
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  /** Timestamp of records that have none. Default Date.now(). */
  timestamp?: bigint | number;
  /** Default: the first record's timestamp (-1 for an empty batch). */
  baseTimestamp?: bigint;
  /** Default: the largest record timestamp (-1 for an empty batch). */
  maxTimestamp?: bigint;
  /** Default: the last record's offsetDelta (-1 for an empty batch). */
  lastOffsetDelta?: number;
}

interface PreparedBatch {
  plan: RecordsPlan;
  attributes: number;
}

function prepare(opts: EncodeRecordBatchOptions): PreparedBatch {
  const codec = opts.compression ?? CompressionCodec.NONE;
  if (!isCompressionCodec(codec)) throw new RangeError(`unknown compression codec ${String(codec)}`);
  const plan = planRecords(opts.records, opts.timestamp ?? Date.now(), opts.baseTimestamp);
  let attributes = codec;
  if (opts.timestampType === TimestampType.LOG_APPEND_TIME) attributes |= TIMESTAMP_TYPE_BIT;
  if (opts.isTransactional === true) attributes |= TRANSACTIONAL_BIT;
  if (opts.isControl === true) attributes |= CONTROL_BIT;
  if (opts.hasDeleteHorizon === true) attributes |= DELETE_HORIZON_BIT;
  return { plan, attributes };
}

/** Writes the 61-byte header into out[0..61) and the CRC over out[21..). */
function finishBatch(out: Buffer, opts: EncodeRecordBatchOptions, p: PreparedBatch): Buffer {
  const { plan } = p;
  out.writeBigInt64BE(opts.baseOffset ?? 0n, BASE_OFFSET);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH);
  out.writeInt32BE(opts.partitionLeaderEpoch ?? -1, PARTITION_LEADER_EPOCH);
  out[MAGIC] = MAGIC_V2;
  out.writeInt16BE(p.attributes, ATTRIBUTES);
  out.writeInt32BE(opts.lastOffsetDelta ?? plan.lastOffsetDelta, LAST_OFFSET_DELTA);
  out.writeBigInt64BE(plan.baseTimestamp, BASE_TIMESTAMP);
  out.writeBigInt64BE(opts.maxTimestamp ?? plan.maxTimestamp, MAX_TIMESTAMP);
  out.writeBigInt64BE(opts.producerId ?? -1n, PRODUCER_ID);
  out.writeInt16BE(opts.producerEpoch ?? -1, PRODUCER_EPOCH);
  out.writeInt32BE(opts.baseSequence ?? -1, BASE_SEQUENCE);
  out.writeInt32BE(plan.count, RECORDS_COUNT);
  out.writeUInt32BE(crc32c(out.subarray(ATTRIBUTES)), CRC);
  return out;
}

function withPayload(payload: Buffer, opts: EncodeRecordBatchOptions, p: PreparedBatch): Buffer {
  const out = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + payload.length);
  payload.copy(out, RECORD_BATCH_OVERHEAD);
  return finishBatch(out, opts, p);
}

/**
 * Encodes one v2 batch: sizes are measured in one pass, records are written straight into a single
 * buffer (or into one scratch buffer that is then compressed), and the CRC is computed at the end.
 */
export function encodeRecordBatch(opts: EncodeRecordBatchOptions): Buffer {
  const p = prepare(opts);
  const codec = opts.compression ?? CompressionCodec.NONE;
  if (codec === CompressionCodec.NONE) {
    const out = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + p.plan.size);
    p.plan.write(out, RECORD_BATCH_OVERHEAD);
    return finishBatch(out, opts, p);
  }
  const raw = Buffer.allocUnsafe(p.plan.size);
  p.plan.write(raw, 0);
  const copts: CompressOptions = opts.compressionLevel === undefined ? {} : { level: opts.compressionLevel };
  return withPayload(compress(codec, raw, copts), opts, p);
}

/** As encodeRecordBatch, with gzip/snappy/lz4 compression off the main thread. */
export async function encodeRecordBatchAsync(opts: EncodeRecordBatchOptions): Promise<Buffer> {
  const codec = opts.compression ?? CompressionCodec.NONE;
  if (codec === CompressionCodec.NONE) return encodeRecordBatch(opts);
  const p = prepare(opts);
  const raw = Buffer.allocUnsafe(p.plan.size);
  p.plan.write(raw, 0);
  const copts: CompressOptions = opts.compressionLevel === undefined ? {} : { level: opts.compressionLevel };
  return withPayload(await compressAsync(codec, raw, copts), opts, p);
}

export interface EncodeControlBatchOptions {
  producerId: bigint;
  producerEpoch: number;
  type: typeof ControlRecordType.ABORT | typeof ControlRecordType.COMMIT;
  coordinatorEpoch: number;
  /** The marker's timestamp (the broker's clock). */
  timestamp: bigint | number;
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
}

/** A transaction marker batch: transactional + control, one record, baseSequence -1. */
export function encodeControlBatch(opts: EncodeControlBatchOptions): Buffer {
  return encodeRecordBatch({
    records: [{ key: encodeControlRecordKey(opts.type), value: encodeEndTxnMarkerValue(opts.coordinatorEpoch), timestamp: opts.timestamp }],
    baseOffset: opts.baseOffset ?? 0n,
    partitionLeaderEpoch: opts.partitionLeaderEpoch ?? -1,
    isTransactional: true,
    isControl: true,
    producerId: opts.producerId,
    producerEpoch: opts.producerEpoch,
    baseSequence: -1,
  });
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface DecodeRecordBatchOptions {
  /** Default true. The broker's fetch path and clients other than Java usually skip it. */
  verifyCrc?: boolean;
  /** Zip-bomb guard for the decompressed records; default DEFAULT_MAX_DECOMPRESSED_BYTES. */
  maxDecompressedBytes?: number;
}

function corrupt(message: string, offset: number, code: number = RecordsErrorCode.CORRUPT_MESSAGE): never {
  throw new RecordsError(message, offset, code);
}

/**
 * Reads and checks the header of the batch starting at buf[offset]: complete, at least 61 bytes,
 * magic 2, a known codec, and (unless told not to) a matching CRC.
 */
export function decodeRecordBatchHeader(buf: Buffer, offset = 0, verifyCrc = true): RecordBatchHeader {
  const avail = buf.length - offset;
  if (avail < LOG_OVERHEAD) corrupt(`record batch truncated: ${avail} bytes, need at least ${LOG_OVERHEAD} for its size`, offset);
  const batchLength = buf.readInt32BE(offset + BATCH_LENGTH);
  const size = LOG_OVERHEAD + batchLength;
  if (batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) corrupt(`record batch size ${size} is smaller than the ${RECORD_BATCH_OVERHEAD}-byte header`, offset + BATCH_LENGTH);
  if (size > avail) corrupt(`record batch truncated: declares ${size} bytes, ${avail} present`, offset);
  const magic = buf.readInt8(offset + MAGIC);
  if (magic !== MAGIC_V2) corrupt(`unsupported record batch magic ${magic} (only v2 is supported)`, offset + MAGIC, RecordsErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  const crc = buf.readUInt32BE(offset + CRC);
  if (verifyCrc) {
    const actual = crc32c(buf.subarray(offset + ATTRIBUTES, offset + size));
    if (actual !== crc) corrupt(`record batch CRC mismatch: stored 0x${crc.toString(16)}, computed 0x${actual.toString(16)}`, offset + CRC);
  }
  const attributes = buf.readInt16BE(offset + ATTRIBUTES);
  const codec = attributes & COMPRESSION_MASK;
  if (!isCompressionCodec(codec)) corrupt(`unknown compression codec id ${codec}`, offset + ATTRIBUTES);
  return {
    baseOffset: buf.readBigInt64BE(offset + BASE_OFFSET),
    batchLength,
    sizeInBytes: size,
    partitionLeaderEpoch: buf.readInt32BE(offset + PARTITION_LEADER_EPOCH),
    magic,
    crc,
    attributes,
    compression: codec,
    timestampType: (attributes & TIMESTAMP_TYPE_BIT) !== 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isControl: (attributes & CONTROL_BIT) !== 0,
    hasDeleteHorizon: (attributes & DELETE_HORIZON_BIT) !== 0,
    lastOffsetDelta: buf.readInt32BE(offset + LAST_OFFSET_DELTA),
    baseTimestamp: buf.readBigInt64BE(offset + BASE_TIMESTAMP),
    maxTimestamp: buf.readBigInt64BE(offset + MAX_TIMESTAMP),
    producerId: buf.readBigInt64BE(offset + PRODUCER_ID),
    producerEpoch: buf.readInt16BE(offset + PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(offset + BASE_SEQUENCE),
    recordCount: buf.readInt32BE(offset + RECORDS_COUNT),
  };
}

/**
 * Fully decodes the batch at buf[offset] (bytes after it are ignored; see `sizeInBytes`).
 * Throws RecordsError on any malformed input; never reads outside the batch.
 */
export function decodeRecordBatch(buf: Buffer, opts?: DecodeRecordBatchOptions, offset = 0): RecordBatch {
  const header = decodeRecordBatchHeader(buf, offset, opts?.verifyCrc ?? true);
  const start = offset + RECORD_BATCH_OVERHEAD;
  const end = offset + header.sizeInBytes;
  if (header.recordCount < 0) corrupt(`invalid record count ${header.recordCount}`, offset + RECORDS_COUNT, RecordsErrorCode.INVALID_RECORD);
  const ctx = {
    baseOffset: header.baseOffset,
    baseTimestamp: header.baseTimestamp,
    logAppendTime: header.timestampType === TimestampType.LOG_APPEND_TIME ? header.maxTimestamp : null,
  };
  let records: KafkaRecord[];
  if (header.compression === CompressionCodec.NONE) {
    records = decodeRecords(buf, start, end, header.recordCount, ctx);
  } else {
    const dopts = opts?.maxDecompressedBytes === undefined ? {} : { maxOutputBytes: opts.maxDecompressedBytes };
    const raw = decompress(header.compression, buf.subarray(start, end), dopts);
    records = decodeRecords(raw, 0, raw.length, header.recordCount, ctx);
  }
  return { ...header, records };
}

export interface SplitBatches {
  /** Complete batches, as slices of the input. */
  batches: Buffer[];
  /** Bytes at the end that do not form a complete batch (a fetch response may cut the last one). */
  trailingBytes: number;
}

/**
 * Splits a records blob into batch slices by their length fields, without decoding them. A trailing
 * partial batch is left out, as clients do. A length below the header size or a magic other than 2
 * is an error, not a partial batch.
 */
export function splitRecordBatches(buf: Buffer): SplitBatches {
  const batches: Buffer[] = [];
  let pos = 0;
  while (buf.length - pos >= LOG_OVERHEAD) {
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH);
    if (batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) corrupt(`record batch size ${LOG_OVERHEAD + batchLength} is smaller than the ${RECORD_BATCH_OVERHEAD}-byte header`, pos + BATCH_LENGTH);
    if (buf.length - pos > MAGIC) {
      const magic = buf.readInt8(pos + MAGIC);
      if (magic !== MAGIC_V2) corrupt(`unsupported record batch magic ${magic} (only v2 is supported)`, pos + MAGIC, RecordsErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
    }
    const size = LOG_OVERHEAD + batchLength;
    if (size > buf.length - pos) break;
    batches.push(buf.subarray(pos, pos + size));
    pos += size;
  }
  return { batches, trailingBytes: buf.length - pos };
}

/** Decodes every complete batch of a records blob (Fetch response); a trailing partial batch is ignored. */
export function decodeRecordBatches(buf: Buffer, opts?: DecodeRecordBatchOptions): RecordBatch[] {
  return splitRecordBatches(buf).batches.map((b) => decodeRecordBatch(b, opts));
}
