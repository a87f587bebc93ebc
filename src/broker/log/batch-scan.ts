// Walking the batch headers of a segment file: used by recovery (with CRC checks), index rebuilds and
// lookups. Reads go through a window buffer so scanning many small batches is a few large reads.
import fs from 'node:fs';
import { crc32c } from '@node-rs/crc32';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BATCH_LENGTH,
  CRC,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  RECORD_BATCH_OVERHEAD,
} from '../../protocol/records/batch-header.js';

export interface BatchInfo {
  /** File position of the batch. */
  position: number;
  /** Total bytes, header included. */
  size: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  leaderEpoch: number;
  attributes: number;
}

/** int64 as a JS number (exact below 2^53, which offsets and ms timestamps are). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
}

export function writeInt64(buf: Buffer, value: number, pos: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * 0x1_0000_0000, pos + 4);
}

/** Decodes the header fields the log needs; `buf[at..]` must hold at least the 61-byte header. */
export function batchInfoAt(buf: Buffer, at: number, position: number): BatchInfo {
  const baseOffset = readInt64(buf, at + BASE_OFFSET);
  return {
    position,
    size: LOG_OVERHEAD + buf.readInt32BE(at + BATCH_LENGTH),
    baseOffset,
    lastOffset: baseOffset + buf.readInt32BE(at + LAST_OFFSET_DELTA),
    maxTimestamp: readInt64(buf, at + MAX_TIMESTAMP),
    leaderEpoch: buf.readInt32BE(at + PARTITION_LEADER_EPOCH),
    attributes: buf.readInt16BE(at + ATTRIBUTES),
  };
}

export function batchCrcValid(buf: Buffer, at: number, size: number): boolean {
  return crc32c(buf.subarray(at + ATTRIBUTES, at + size)) === buf.readUInt32BE(at + CRC);
}

/** Reads exactly `length` bytes at `position` (fewer only at end of file). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

const WINDOW_BYTES = 64 * 1024;

/** A sliding read buffer over [0, end) of a file. */
export class FileWindow {
  private readonly fd: number;
  private readonly end: number;
  private readonly minWindow: number;
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;

  constructor(fd: number, end: number, minWindow = WINDOW_BYTES) {
    this.fd = fd;
    this.end = end;
    this.minWindow = minWindow;
  }

  /**
   * Makes bytes [pos, pos+n) available and returns the buffer plus the index of `pos` in it, or null
   * when the range runs past `end`.
   */
  view(pos: number, n: number): { buf: Buffer; at: number } | null {
    if (pos + n > this.end) return null;
    if (pos < this.start || pos + n > this.start + this.buf.length) {
      const len = Math.min(Math.max(n, this.minWindow), this.end - pos);
      this.buf = readAt(this.fd, pos, len);
      this.start = pos;
      if (this.buf.length < n) return null;
    }
    return { buf: this.buf, at: pos - this.start };
  }
}

export interface ScanOptions {
  verifyCrc: boolean;
  /** Batches must start at or above this offset (offsets only grow within a log). */
  minBaseOffset: number;
  /** Window size; recovery uses a large one since it reads every byte anyway. */
  windowBytes?: number;
}

export interface ScanResult {
  /** Position just past the last valid batch. */
  validEnd: number;
  /** Why the scan stopped before `end`, if it did. */
  stopReason: string | null;
}

/**
 * Calls `onBatch` for each valid batch in [from, end); stops at the first torn or corrupt one (short
 * header, bad length, wrong magic, offsets going backwards, bad CRC when asked) or when `onBatch`
 * returns false.
 */
export function scanBatches(
  fd: number,
  from: number,
  end: number,
  opts: ScanOptions,
  onBatch: (info: BatchInfo, buf: Buffer, at: number) => boolean | void,
): ScanResult {
  const window = new FileWindow(fd, end, opts.windowBytes ?? WINDOW_BYTES);
  let pos = from;
  let minBase = opts.minBaseOffset;
  while (pos < end) {
    const head = window.view(pos, RECORD_BATCH_OVERHEAD);
    if (head === null) return { validEnd: pos, stopReason: 'truncated batch header' };
    const batchLength = head.buf.readInt32BE(head.at + BATCH_LENGTH);
    const size = LOG_OVERHEAD + batchLength;
    if (size < RECORD_BATCH_OVERHEAD) return { validEnd: pos, stopReason: `invalid batch length ${batchLength}` };
    if (pos + size > end) return { validEnd: pos, stopReason: 'truncated batch' };
    if (head.buf.readInt8(head.at + MAGIC) !== 2) return { validEnd: pos, stopReason: 'unsupported magic' };
    const info = batchInfoAt(head.buf, head.at, pos);
    if (info.lastOffset < info.baseOffset || info.baseOffset < minBase) {
      return { validEnd: pos, stopReason: `invalid offsets ${info.baseOffset}..${info.lastOffset}` };
    }
    let full = head;
    if (opts.verifyCrc) {
      const whole = window.view(pos, size);
      if (whole === null) return { validEnd: pos, stopReason: 'truncated batch' };
      if (!batchCrcValid(whole.buf, whole.at, size)) return { validEnd: pos, stopReason: 'CRC mismatch' };
      full = whole;
    }
    if (onBatch(info, full.buf, full.at) === false) return { validEnd: pos + size, stopReason: null };
    minBase = info.lastOffset + 1;
    pos += size;
  }
  return { validEnd: pos, stopReason: null };
}
