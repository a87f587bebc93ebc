// Just enough record decoding for timestamp lookups and key checks: walks each record's length,
// timestampDelta, offsetDelta and key length varints and skips the rest, without materializing keys,
// values or headers.
import { decompress, isCompressionCodec } from '../../protocol/records/compression.js';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_TIMESTAMP,
  COMPRESSION_MASK,
  MAX_TIMESTAMP,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT,
  TIMESTAMP_TYPE_BIT,
} from '../../protocol/records/batch-header.js';
import { readInt64 } from './batch-scan.js';

class Cursor {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, pos: number, end: number) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** Zig-zag varint/varlong as a JS number (exact within ±2^53). */
  varlong(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('record truncated');
      const b = this.buf[this.pos++] as number;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }
}

export interface RecordMeta {
  /** Position in the batch (Kafka's batchIndex). */
  index: number;
  offset: number;
  timestamp: number;
  /** The record has a null key (length -1). */
  nullKey: boolean;
}

/** The records region of a batch, decompressed if needed; null when it cannot be decompressed. */
function recordsOf(batch: Buffer): Buffer | null {
  const codec = batch.readInt16BE(ATTRIBUTES) & COMPRESSION_MASK;
  const payload = batch.subarray(RECORD_BATCH_OVERHEAD);
  if (codec === 0) return payload;
  if (!isCompressionCodec(codec)) return null;
  try {
    return decompress(codec, payload);
  } catch {
    return null;
  }
}

/**
 * Visits (offset, timestamp) of every record in a whole batch, stopping when `fn` returns true.
 * Returns false if the records could not be read (undecodable payload or malformed records).
 */
export function forEachRecordMeta(batch: Buffer, fn: (meta: RecordMeta) => boolean | void): boolean {
  const records = recordsOf(batch);
  if (records === null) return false;
  const baseOffset = readInt64(batch, BASE_OFFSET);
  const logAppendTime = (batch.readInt16BE(ATTRIBUTES) & TIMESTAMP_TYPE_BIT) !== 0;
  const baseTimestamp = readInt64(batch, BASE_TIMESTAMP);
  const maxTimestamp = readInt64(batch, MAX_TIMESTAMP);
  const count = batch.readInt32BE(RECORDS_COUNT);
  const cur = new Cursor(records, 0, records.length);
  try {
    for (let i = 0; i < count; i++) {
      const length = cur.varlong();
      const next = cur.pos + length;
      if (length < 0 || next > records.length) return false;
      cur.pos += 1; // attributes
      const tsDelta = cur.varlong();
      const offsetDelta = cur.varlong();
      const keyLength = cur.varlong();
      // With LogAppendTime every record carries the batch's append time.
      const meta = { index: i, offset: baseOffset + offsetDelta, timestamp: logAppendTime ? maxTimestamp : baseTimestamp + tsDelta, nullKey: keyLength < 0 };
      if (fn(meta) === true) return true;
      cur.pos = next;
    }
  } catch {
    return false;
  }
  return true;
}

/**
 * First record with timestamp >= `target` and offset >= `minOffset` in a whole batch. For a batch
 * whose records cannot be read (corrupt payload), answers at batch granularity with its maxTimestamp.
 */
export function findRecordByTimestamp(batch: Buffer, target: number, minOffset: number, lastOffset: number): Pick<RecordMeta, 'offset' | 'timestamp'> | null {
  const maxTimestamp = readInt64(batch, MAX_TIMESTAMP);
  if (maxTimestamp < target) return null;
  let found: Pick<RecordMeta, 'offset' | 'timestamp'> | null = null;
  const walked = forEachRecordMeta(batch, (m) => {
    if (m.timestamp >= target && m.offset >= minOffset) {
      found = m;
      return true;
    }
    return false;
  });
  if (walked) return found;
  const offset = Math.max(readInt64(batch, BASE_OFFSET), minOffset);
  return offset <= lastOffset ? { offset, timestamp: maxTimestamp } : null;
}

/** Offset of the first record carrying the batch's maxTimestamp (the batch's last offset if unknown). */
export function offsetOfMaxTimestamp(batch: Buffer, lastOffset: number): number {
  const maxTimestamp = readInt64(batch, MAX_TIMESTAMP);
  let offset = -1;
  const walked = forEachRecordMeta(batch, (m) => {
    if (m.timestamp === maxTimestamp) {
      offset = m.offset;
      return true;
    }
    return false;
  });
  return walked && offset >= 0 ? offset : lastOffset;
}
