// Builds v2 record batches byte by byte for log tests (independent of the records module under test
// elsewhere), plus temp-dir helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';

function zigzagVarint(n: number): number[] {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export interface TestRecord {
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  timestamp?: number;
  /** Defaults to the record's index (gaps allowed, as after compaction). */
  offsetDelta?: number;
}

export interface BatchOptions {
  attributes?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** Overrides the computed maxTimestamp. */
  maxTimestamp?: number;
}

function toBuf(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v) : v;
}

export function encodeRecord(offsetDelta: number, timestampDelta: number, key: Buffer | null, value: Buffer | null): Buffer {
  const body: number[] = [0, ...zigzagVarint(timestampDelta), ...zigzagVarint(offsetDelta)];
  const parts: Buffer[] = [];
  body.push(...zigzagVarint(key === null ? -1 : key.length));
  parts.push(Buffer.from(body));
  if (key !== null) parts.push(key);
  parts.push(Buffer.from(zigzagVarint(value === null ? -1 : value.length)));
  if (value !== null) parts.push(value);
  parts.push(Buffer.from(zigzagVarint(0)));
  const rest = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(zigzagVarint(rest.length)), rest]);
}

/** A producer-style batch: baseOffset 0, leader epoch -1, valid CRC. */
export function buildBatch(records: TestRecord[], opts: BatchOptions = {}): Buffer {
  const now = 1_700_000_000_000;
  const stamps = records.map((r) => r.timestamp ?? now);
  const baseTimestamp = stamps.length > 0 ? (stamps[0] as number) : -1;
  const maxTimestamp = opts.maxTimestamp ?? (stamps.length > 0 ? Math.max(...stamps) : -1);
  const deltas = records.map((r, i) => r.offsetDelta ?? i);
  const encoded = records.map((r, i) => encodeRecord(deltas[i] as number, (stamps[i] as number) - baseTimestamp, toBuf(r.key), toBuf(r.value)));
  const body = Buffer.concat(encoded);
  const batch = Buffer.alloc(61 + body.length);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(-1, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(opts.attributes ?? 0, 21);
  batch.writeInt32BE(deltas.length > 0 ? Math.max(...deltas) : 0, 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(maxTimestamp), 35);
  batch.writeBigInt64BE(BigInt(opts.producerId ?? -1), 43);
  batch.writeInt16BE(opts.producerEpoch ?? -1, 51);
  batch.writeInt32BE(opts.baseSequence ?? -1, 53);
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, 61);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
}

/** A batch of `count` records whose values are `size` bytes of a fill derived from `seed`. */
export function valueBatch(count: number, size: number, seed: number, timestamp = 1_700_000_000_000): Buffer {
  const records: TestRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push({ key: `k${seed}-${i}`, value: Buffer.alloc(size, (seed + i) % 251), timestamp });
  }
  return buildBatch(records);
}

export function crcValid(batch: Buffer): boolean {
  return crc32c(batch.subarray(21)) === batch.readUInt32BE(17);
}

export function baseOffsetOf(batch: Buffer): number {
  return Number(batch.readBigInt64BE(0));
}

/** Splits stored bytes into batches. */
export function splitBatches(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos + 12 <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8);
    if (pos + size > buf.length) break;
    out.push(buf.subarray(pos, pos + size));
    pos += size;
  }
  return out;
}

export function tempDir(prefix = 'tkafka-log-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
