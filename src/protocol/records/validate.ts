import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  BATCH_LENGTH,
  COMPRESSION_MASK,
  CONTROL_BIT,
  CRC,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
} from './batch-header.js';
import { CompressionCodec, isCompressionCodec } from './compression.js';
import { crc32c } from './crc32c.js';
import { RecordsErrorCode } from './errors.js';

/**
 * The broker's produce-path check of one partition's records, on the raw bytes: it reads the batch
 * header and checks the CRC, but never decodes a record. The checks and the error code each one
 * gives follow Kafka, in Kafka's order:
 *
 * 1. ProduceRequest.validateRecords: the batch stream must yield a complete first batch
 *    (INVALID_RECORD), of magic 2 (magic 0/1: INVALID_RECORD; a batch length below 14 bytes or a
 *    magic outside 0..2 makes the stream itself corrupt: CORRUPT_MESSAGE), no zstd before produce v7
 *    (UNSUPPORTED_COMPRESSION_TYPE), and no second complete batch (INVALID_RECORD). Trailing bytes too
 *    short to be a batch are ignored (UnifiedLog trims them).
 * 2. UnifiedLog.analyzeAndValidateRecords: baseOffset must be 0 (INVALID_RECORD), size at most
 *    max.message.bytes (MESSAGE_TOO_LARGE), size >= 61 and CRC valid (CORRUPT_MESSAGE), and a known
 *    codec (an unknown one makes Kafka throw a non-API error: UNKNOWN_SERVER_ERROR).
 * 3. LogValidator.validateBatch for client appends: lastOffsetDelta + 1 > 0, recordsCount > 0 and
 *    equal to it, no control batch, baseSequence >= 0 when producerId >= 0 (all INVALID_RECORD).
 *
 * Record-level checks (keys on compacted topics, timestamp bounds) need the records decoded and are
 * left to the caller.
 */

export interface ValidateProducedOptions {
  /** The topic's max.message.bytes: a batch larger than this is MESSAGE_TOO_LARGE. */
  maxMessageBytes: number;
  /** Produce request version; zstd batches are refused below v7 (Kafka rule). Omit to skip the check. */
  produceVersion?: number;
}

export interface ValidatedBatch {
  ok: true;
  /** The batch itself: `records` without trailing partial bytes. Mutable in place (offset/epoch/time stamping). */
  batch: Buffer;
  sizeBytes: number;
  count: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  isTransactional: boolean;
  /** Attribute bit 3 as the producer sent it. */
  isLogAppendTime: boolean;
  compression: CompressionCodec;
}

export interface ValidationFailure {
  ok: false;
  errorCode: number;
  message: string;
}

export type ValidationResult = ValidatedBatch | ValidationFailure;

/** Batch length below this makes Kafka's batch iterator throw (LegacyRecord.RECORD_OVERHEAD_V0). */
const MIN_BATCH_LENGTH = 14;

function failure(errorCode: number, message: string): ValidationFailure {
  return { ok: false, errorCode, message };
}

type Probe = { kind: 'none' } | { kind: 'corrupt'; message: string } | { kind: 'batch'; size: number; magic: number };

/** What Kafka's ByteBufferLogInputStream finds at `pos`: nothing (end or partial), a corrupt header, or a batch. */
function probe(buf: Buffer, pos: number): Probe {
  const remaining = buf.length - pos;
  if (remaining < LOG_OVERHEAD) return { kind: 'none' };
  const batchLength = buf.readInt32BE(pos + BATCH_LENGTH);
  if (batchLength < MIN_BATCH_LENGTH) return { kind: 'corrupt', message: `Record size ${batchLength} is less than the minimum record overhead (${MIN_BATCH_LENGTH})` };
  if (remaining <= MAGIC) return { kind: 'none' };
  const magic = buf.readInt8(pos + MAGIC);
  if (magic < 0 || magic > 2) return { kind: 'corrupt', message: `Invalid magic found in record: ${magic}` };
  const size = LOG_OVERHEAD + batchLength;
  if (remaining < size) return { kind: 'none' };
  return { kind: 'batch', size, magic };
}

export function validateProducedBatches(records: Buffer, opts: ValidateProducedOptions): ValidationResult {
  const first = probe(records, 0);
  if (first.kind === 'corrupt') return failure(RecordsErrorCode.CORRUPT_MESSAGE, first.message);
  if (first.kind === 'none') return failure(RecordsErrorCode.INVALID_RECORD, 'Produce requests must have at least one complete record batch per partition');
  if (first.magic !== 2) return failure(RecordsErrorCode.INVALID_RECORD, 'Produce requests are only allowed to contain record batches with magic version 2');
  const size = first.size;
  const attributes = records.readInt16BE(ATTRIBUTES);
  const codec = attributes & COMPRESSION_MASK;
  if (opts.produceVersion !== undefined && opts.produceVersion < 7) {
    if (!isCompressionCodec(codec)) return failure(RecordsErrorCode.UNKNOWN_SERVER_ERROR, `Unknown compression type id: ${codec}`);
    if (codec === CompressionCodec.ZSTD) return failure(RecordsErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `Produce requests with version ${opts.produceVersion} are not allowed to use ZStandard compression`);
  }
  const second = probe(records, size);
  if (second.kind === 'corrupt') return failure(RecordsErrorCode.CORRUPT_MESSAGE, second.message);
  if (second.kind === 'batch') return failure(RecordsErrorCode.INVALID_RECORD, 'Produce requests are only allowed to contain exactly one record batch per partition');

  const baseOffset = records.readBigInt64BE(BASE_OFFSET);
  if (baseOffset !== 0n) return failure(RecordsErrorCode.INVALID_RECORD, `The baseOffset of the record batch should be 0, but it is ${baseOffset}`);
  if (size > opts.maxMessageBytes) return failure(RecordsErrorCode.MESSAGE_TOO_LARGE, `The record batch size is ${size} bytes which exceeds the maximum configured value of ${opts.maxMessageBytes}`);
  if (size < RECORD_BATCH_OVERHEAD) return failure(RecordsErrorCode.CORRUPT_MESSAGE, `Record batch is corrupt (the size ${size} is smaller than the minimum allowed overhead ${RECORD_BATCH_OVERHEAD})`);
  const stored = records.readUInt32BE(CRC);
  const computed = crc32c(records.subarray(ATTRIBUTES, size));
  if (stored !== computed) return failure(RecordsErrorCode.CORRUPT_MESSAGE, `Record is corrupt (stored crc = ${stored}, computed crc = ${computed})`);
  if (!isCompressionCodec(codec)) return failure(RecordsErrorCode.UNKNOWN_SERVER_ERROR, `Unknown compression type id: ${codec}`);

  const lastOffsetDelta = records.readInt32BE(LAST_OFFSET_DELTA);
  const count = records.readInt32BE(RECORDS_COUNT);
  if (lastOffsetDelta + 1 <= 0) return failure(RecordsErrorCode.INVALID_RECORD, `Batch has an invalid offset range: [0, ${lastOffsetDelta}]`);
  if (count <= 0) return failure(RecordsErrorCode.INVALID_RECORD, `Invalid reported count for record batch: ${count}`);
  if (lastOffsetDelta + 1 !== count) return failure(RecordsErrorCode.INVALID_RECORD, `Inconsistent batch offset range [0, ${lastOffsetDelta}] and count of records ${count}`);
  if ((attributes & CONTROL_BIT) !== 0) return failure(RecordsErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
  const producerId = records.readBigInt64BE(PRODUCER_ID);
  const baseSequence = records.readInt32BE(BASE_SEQUENCE);
  if (producerId >= 0n && baseSequence < 0) return failure(RecordsErrorCode.INVALID_RECORD, `Invalid sequence number ${baseSequence} in record batch with producerId ${producerId}`);

  return {
    ok: true,
    batch: size === records.length ? records : records.subarray(0, size),
    sizeBytes: size,
    count,
    lastOffsetDelta,
    baseTimestamp: records.readBigInt64BE(BASE_TIMESTAMP),
    maxTimestamp: records.readBigInt64BE(MAX_TIMESTAMP),
    producerId,
    producerEpoch: records.readInt16BE(PRODUCER_EPOCH),
    baseSequence,
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isLogAppendTime: (attributes & TIMESTAMP_TYPE_BIT) !== 0,
    compression: codec,
  };
}

/**
 * Stamps LogAppendTime on a stored batch in place: sets attribute bit 3, writes `timestamp` as
 * maxTimestamp and recomputes the CRC (both fields are inside the CRC range). Record timestamp
 * deltas stay as they are; readers take maxTimestamp for every record.
 */
export function stampLogAppendTime(batch: Buffer, timestamp: bigint | number): void {
  if (batch.length < RECORD_BATCH_OVERHEAD) throw new RangeError(`not a record batch: ${batch.length} bytes`);
  batch.writeInt16BE(batch.readInt16BE(ATTRIBUTES) | TIMESTAMP_TYPE_BIT, ATTRIBUTES);
  batch.writeBigInt64BE(typeof timestamp === 'bigint' ? timestamp : BigInt(timestamp), MAX_TIMESTAMP);
  recomputeCrc(batch);
}

/** Rewrites the CRC of the batch after an in-place change inside the CRC range. */
export function recomputeCrc(batch: Buffer): void {
  const size = LOG_OVERHEAD + batch.readInt32BE(BATCH_LENGTH);
  if (size < RECORD_BATCH_OVERHEAD || size > batch.length) throw new RangeError(`batch length field (${size} bytes) does not fit the ${batch.length}-byte buffer`);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES, size)), CRC);
}
