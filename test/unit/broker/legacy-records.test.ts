// Message format v0/v1 primitives the broker's Produce v0–2 and Fetch v0–3 paths rest on: the
// checksums, offsets inside compressed wrappers, and the up-/down-conversion round trip.
import { describe, expect, it } from 'vitest';
import { decodeRecordBatch, encodeRecordBatch } from '../../../src/protocol/records/batch.js';
import { CompressionCodec, compress } from '../../../src/protocol/records/compression.js';
import {
  crc32,
  decodeMessageSet,
  downConvertBatches,
  encodeEntry,
  encodeMessageSet,
  upConvertMessageSet,
  withLz4HeaderChecksum,
  xxh32,
} from '../../../src/protocol/records/legacy.js';

describe('legacy message format', () => {
  it('CRC-32 and xxHash32 give the reference values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(xxh32(Buffer.alloc(0), 0, 0)).toBe(0x02cc5d05);
    const s = Buffer.from('Nobody inspects the spammish repetition');
    expect(xxh32(s, 0, s.length)).toBe(0xe2293b2f);
  });

  it('rewrites the lz4 frame header checksum to Kafka\'s broken form and back', () => {
    const frame = compress(CompressionCodec.LZ4, Buffer.from('hello hello hello'));
    const broken = withLz4HeaderChecksum(frame, true);
    expect(broken.equals(frame)).toBe(false);
    expect(withLz4HeaderChecksum(broken, false).equals(frame)).toBe(true);
    expect(withLz4HeaderChecksum(Buffer.from('not lz4'), false).toString()).toBe('not lz4');
  });

  it('resolves relative inner offsets of a v1 wrapper from its own offset, and keeps absolute v0 ones', () => {
    const msgs = [10n, 11n, 12n].map((offset) => ({ offset, timestamp: 100n + offset, key: null, value: Buffer.from(String(offset)) }));
    const v1 = decodeMessageSet(encodeMessageSet({ magic: 1, compression: CompressionCodec.GZIP, messages: msgs }));
    expect(v1.entries.map((e) => e.offset)).toEqual([12n]);
    expect(v1.messages.map((m) => [m.offset, m.timestamp])).toEqual([[10n, 110n], [11n, 111n], [12n, 112n]]);
    const v0 = decodeMessageSet(encodeMessageSet({ magic: 0, compression: CompressionCodec.LZ4, messages: msgs }));
    expect(v0.messages.map((m) => [m.offset, m.timestamp])).toEqual([[10n, -1n], [11n, -1n], [12n, -1n]]);
  });

  it('leaves a trailing partial entry out and reports it', () => {
    const whole = encodeEntry(1, 0n, 0, 5n, Buffer.from('k'), Buffer.from('v'));
    const set = decodeMessageSet(Buffer.concat([whole, whole.subarray(0, 20)]));
    expect(set.messages).toHaveLength(1);
    expect(set.trailingBytes).toBe(20);
  });

  it('up-converts to one v2 batch and down-converts back to the same messages', () => {
    const set = encodeMessageSet({ magic: 1, compression: CompressionCodec.SNAPPY, messages: [
      { offset: 0n, timestamp: 7n, key: Buffer.from('a'), value: Buffer.from('x') },
      { offset: 1n, timestamp: 9n, key: null, value: null },
    ] });
    const up = upConvertMessageSet(set, { maxMessageBytes: 1 << 20 });
    if (!up.ok || up.batch === null) throw new Error('up-conversion failed');
    const batch = decodeRecordBatch(up.batch);
    expect([batch.compression, batch.baseTimestamp, batch.maxTimestamp, batch.recordCount, batch.producerId]).toEqual([CompressionCodec.SNAPPY, 7n, 9n, 2, -1n]);
    const down = downConvertBatches(up.batch, 1, 0n);
    if (!down.ok) throw new Error(down.message);
    expect(down.records.equals(set)).toBe(true);
    const zstd = downConvertBatches(encodeRecordBatch({ records: [{ value: 'z' }], compression: CompressionCodec.ZSTD }), 1, 0n);
    expect(zstd).toMatchObject({ ok: false, errorCode: 76 });
  });
});
