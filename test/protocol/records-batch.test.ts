import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../src/protocol/codec/errors.js';
import {
  MAGIC_V2,
  TimestampType,
  decodeRecordBatch,
  decodeRecordBatchHeader,
  decodeRecordBatches,
  encodeControlBatch,
  encodeRecordBatch,
  encodeRecordBatchAsync,
  splitRecordBatches,
  type RecordBatch,
} from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { crc32c } from '../../src/protocol/records/crc32c.js';
import { RecordsError } from '../../src/protocol/records/errors.js';
import { ControlRecordType, decodeControlRecord, type RecordInput } from '../../src/protocol/records/record.js';
import { recomputeCrc, stampLogAppendTime } from '../../src/protocol/records/validate.js';

const CODECS = [CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD] as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bytesOf(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function expectMatches(decoded: RecordBatch, inputs: readonly RecordInput[], defaultTs: bigint): void {
  expect(decoded.recordCount).toBe(inputs.length);
  expect(decoded.records).toHaveLength(inputs.length);
  inputs.forEach((input, i) => {
    const r = decoded.records[i];
    if (r === undefined) throw new Error('missing record');
    expect(r.offsetDelta).toBe(i);
    expect(r.offset).toBe(decoded.baseOffset + BigInt(i));
    const ts = input.timestamp === undefined ? defaultTs : BigInt(input.timestamp);
    expect(r.timestamp).toBe(ts);
    expect(r.key).toEqual(bytesOf(input.key));
    expect(r.value).toEqual(bytesOf(input.value));
    expect(r.headers).toEqual((input.headers ?? []).map((h) => ({ key: h.key, value: bytesOf(h.value) })));
  });
}

/** A v2 batch around hand-made record bytes, with a valid CRC. */
function batchAround(payload: Buffer, count: number, attributes = 0): Buffer {
  const b = Buffer.alloc(61 + payload.length);
  b.writeBigInt64BE(0n, 0);
  b.writeInt32BE(b.length - 12, 8);
  b.writeInt32BE(-1, 12);
  b[16] = 2;
  b.writeInt16BE(attributes, 21);
  b.writeInt32BE(count - 1, 23);
  b.writeBigInt64BE(1000n, 27);
  b.writeBigInt64BE(1000n, 35);
  b.writeBigInt64BE(-1n, 43);
  b.writeInt16BE(-1, 51);
  b.writeInt32BE(-1, 53);
  b.writeInt32BE(count, 57);
  payload.copy(b, 61);
  recomputeCrc(b);
  return b;
}

/** zig-zag varint bytes of a small int. */
function vi(n: number): number[] {
  let u = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (u >= 0x80) {
    out.push((u & 0x7f) | 0x80);
    u = Math.floor(u / 128);
  }
  out.push(u);
  return out;
}

/** One record: attributes, tsDelta, offsetDelta, key, value, headers given as raw field bytes. */
function rec(fields: number[]): number[] {
  return [...vi(fields.length), ...fields];
}

function expectRecordsError(fn: () => unknown, code: number, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(RecordsError);
  expect(caught).toBeInstanceOf(ProtocolDecodeError);
  expect((caught as RecordsError).code).toBe(code);
  expect((caught as RecordsError).message).toMatch(pattern);
}

describe('encodeRecordBatch / decodeRecordBatch', () => {
  const inputs: RecordInput[] = [
    { key: 'k1', value: 'v1', headers: [{ key: 'h1', value: 'x' }, { key: 'h1', value: null }, { key: 'ünï', value: Buffer.alloc(0) }] },
    { key: null, value: Buffer.alloc(0), timestamp: 1_699_999_999_000 },
    { key: Buffer.alloc(0), value: null, timestamp: 1_700_000_000_500n },
    { value: 'no key given', timestamp: -5 },
  ];

  it.each(CODECS)('round-trips nulls vs empties, headers and negative deltas (codec %i)', async (codec) => {
    const opts = { records: inputs, compression: codec, timestamp: 1_700_000_000_000n, producerId: 42n, producerEpoch: 3, baseSequence: 7 };
    for (const buf of [encodeRecordBatch(opts), await encodeRecordBatchAsync(opts)]) {
      const d = decodeRecordBatch(buf);
      expect(d).toMatchObject({
        baseOffset: 0n,
        sizeInBytes: buf.length,
        batchLength: buf.length - 12,
        partitionLeaderEpoch: -1,
        magic: 2,
        compression: codec,
        attributes: codec,
        timestampType: TimestampType.CREATE_TIME,
        isTransactional: false,
        isControl: false,
        hasDeleteHorizon: false,
        lastOffsetDelta: 3,
        baseTimestamp: 1_700_000_000_000n,
        maxTimestamp: 1_700_000_000_500n,
        producerId: 42n,
        producerEpoch: 3,
        baseSequence: 7,
        recordCount: 4,
      });
      expect(d.crc).toBe(crc32c(buf.subarray(21)));
      expectMatches(d, inputs, 1_700_000_000_000n);
    }
  });

  it('writes the exact v2 layout for a known record', () => {
    const buf = encodeRecordBatch({ records: [{ key: 'a', value: 'bc', timestamp: 10n }], timestamp: 0, baseOffset: 5n, partitionLeaderEpoch: 9 });
    // record: length 9 (zig-zag 18), attributes 0, tsDelta 0, offsetDelta 0, key len 1 'a', value len 2 'bc', 0 headers
    expect(buf.subarray(61).toString('hex')).toBe('12' + '00' + '00' + '00' + '02' + '61' + '04' + '6263' + '00');
    expect(buf.readBigInt64BE(0)).toBe(5n);
    expect(buf.readInt32BE(8)).toBe(buf.length - 12);
    expect(buf.readInt32BE(12)).toBe(9);
    expect(buf[16]).toBe(MAGIC_V2);
    expect(buf.readBigInt64BE(27)).toBe(10n);
    expect(buf.readBigInt64BE(35)).toBe(10n);
    expect(buf.readUInt32BE(17)).toBe(crc32c(buf.subarray(21)));
  });

  it('handles timestamps across the whole int64 range (varlong deltas past 2^53)', () => {
    const records: RecordInput[] = [{ timestamp: INT64_MIN, value: 'a' }, { timestamp: INT64_MAX, value: 'b' }, { timestamp: 0n, value: 'c' }, { timestamp: -1n, value: 'd' }];
    const d = decodeRecordBatch(encodeRecordBatch({ records }));
    expect(d.baseTimestamp).toBe(INT64_MIN);
    expect(d.maxTimestamp).toBe(INT64_MAX);
    expect(d.records.map((r) => r.timestamp)).toEqual([INT64_MIN, INT64_MAX, 0n, -1n]);
  });

  it('LogAppendTime batches report maxTimestamp for every record', () => {
    const buf = encodeRecordBatch({ records: inputs, timestamp: 5, timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: 777n });
    const d = decodeRecordBatch(buf);
    expect(d.timestampType).toBe(TimestampType.LOG_APPEND_TIME);
    expect(d.records.map((r) => r.timestamp)).toEqual([777n, 777n, 777n, 777n]);
  });

  it('stampLogAppendTime sets bit 3 and maxTimestamp and keeps the CRC valid', () => {
    const buf = encodeRecordBatch({ records: inputs, timestamp: 5, compression: CompressionCodec.LZ4 });
    stampLogAppendTime(buf, 1_234_567n);
    const d = decodeRecordBatch(buf);
    expect(d.attributes).toBe(CompressionCodec.LZ4 | 0x08);
    expect(d.maxTimestamp).toBe(1_234_567n);
    expect(d.records.every((r) => r.timestamp === 1_234_567n)).toBe(true);
  });

  it('sets transactional / control / delete-horizon bits', () => {
    const d = decodeRecordBatch(encodeRecordBatch({ records: [{ value: 'x' }], isTransactional: true, hasDeleteHorizon: true }));
    expect(d.attributes).toBe(0x10 | 0x40);
    expect(d.isTransactional).toBe(true);
    expect(d.hasDeleteHorizon).toBe(true);
    expect(d.isControl).toBe(false);
  });

  it('encodes an empty batch with -1 timestamps and lastOffsetDelta', () => {
    const d = decodeRecordBatch(encodeRecordBatch({ records: [] }));
    expect(d.recordCount).toBe(0);
    expect(d.records).toEqual([]);
    expect(d.baseTimestamp).toBe(-1n);
    expect(d.maxTimestamp).toBe(-1n);
    expect(d.lastOffsetDelta).toBe(-1);
  });

  it('fast-check: any records round-trip with every codec', () => {
    const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
    const keyOrValue = fc.option(fc.oneof(bytes, fc.string({ unit: 'binary', maxLength: 20 })), { nil: null });
    const record: fc.Arbitrary<RecordInput> = fc.record(
      {
        key: keyOrValue,
        value: keyOrValue,
        headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 10 }), value: fc.option(bytes, { nil: null }) }), { maxLength: 4 }),
        timestamp: fc.oneof(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 })),
      },
      { requiredKeys: ['key', 'value', 'headers'] },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.constantFrom(...CODECS), fc.bigInt({ min: 0n, max: INT64_MAX - 100n }), (records, codec, baseOffset) => {
        const buf = encodeRecordBatch({ records, compression: codec, baseOffset, timestamp: 1_700_000_000_000 });
        const d = decodeRecordBatch(buf);
        expect(d.baseOffset).toBe(baseOffset);
        expectMatches(d, records, 1_700_000_000_000n);
        const ts = records.map((r) => (r.timestamp === undefined ? 1_700_000_000_000n : BigInt(r.timestamp)));
        expect(d.maxTimestamp).toBe(ts.length === 0 ? -1n : ts.reduce((a, b) => (b > a ? b : a)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('control batches', () => {
  it.each([ControlRecordType.COMMIT, ControlRecordType.ABORT])('encodes and decodes a %i marker', (type) => {
    const buf = encodeControlBatch({ producerId: 1234n, producerEpoch: 5, type, coordinatorEpoch: 17, timestamp: 99n, baseOffset: 10n, partitionLeaderEpoch: 2 });
    const d = decodeRecordBatch(buf);
    expect(d).toMatchObject({ isControl: true, isTransactional: true, producerId: 1234n, producerEpoch: 5, baseSequence: -1, recordCount: 1, lastOffsetDelta: 0, baseOffset: 10n, partitionLeaderEpoch: 2, maxTimestamp: 99n });
    const r = d.records[0];
    if (r === undefined) throw new Error('no record');
    expect(r.key?.toString('hex')).toBe('0000000' + type);
    expect(r.value?.toString('hex')).toBe('0000' + '00000011');
    expect(decodeControlRecord(r)).toEqual({ type, keyVersion: 0, valueVersion: 0, coordinatorEpoch: 17 });
  });

  it('reports other control types without reading the value, and rejects short keys', () => {
    expect(decodeControlRecord({ key: Buffer.from('00000002', 'hex'), value: Buffer.from('ff', 'hex') })).toEqual({ type: 2, keyVersion: 0 });
    expect(() => decodeControlRecord({ key: Buffer.from('0000', 'hex'), value: null })).toThrow(RecordsError);
    expect(() => decodeControlRecord({ key: Buffer.from('00000001', 'hex'), value: Buffer.from('0000', 'hex') })).toThrow(RecordsError);
  });
});

describe('decodeRecordBatches / splitRecordBatches', () => {
  const batches = [0n, 3n, 10n].map((baseOffset, i) =>
    encodeRecordBatch({ baseOffset, records: Array.from({ length: i + 1 }, (_, j) => ({ value: `b${i}r${j}` })), compression: i === 1 ? CompressionCodec.SNAPPY : CompressionCodec.NONE }),
  );
  const blob = Buffer.concat(batches);

  it('decodes every batch of a blob', () => {
    const d = decodeRecordBatches(blob);
    expect(d.map((b) => b.records.map((r) => [r.offset, r.value?.toString()]))).toEqual([
      [[0n, 'b0r0']],
      [
        [3n, 'b1r0'],
        [4n, 'b1r1'],
      ],
      [
        [10n, 'b2r0'],
        [11n, 'b2r1'],
        [12n, 'b2r2'],
      ],
    ]);
  });

  it('ignores a trailing partial batch cut at any byte', () => {
    const whole = (batches[0] as Buffer).length + (batches[1] as Buffer).length;
    for (let cut = whole; cut < blob.length; cut++) {
      const part = blob.subarray(0, cut);
      const split = splitRecordBatches(part);
      expect(split.batches).toHaveLength(2);
      expect(split.trailingBytes).toBe(cut - whole);
      expect(decodeRecordBatches(part)).toHaveLength(2);
    }
    expect(splitRecordBatches(Buffer.alloc(0))).toEqual({ batches: [], trailingBytes: 0 });
  });

  it('rejects a batch length below the header size and magic other than 2', () => {
    const shortLen = Buffer.from(blob);
    shortLen.writeInt32BE(48, 8);
    expectRecordsError(() => splitRecordBatches(shortLen), 2, /smaller than the 61-byte header/);
    const negative = Buffer.from(blob);
    negative.writeInt32BE(-1, 8);
    expectRecordsError(() => splitRecordBatches(negative), 2, /smaller than/);
    const legacy = Buffer.from(blob);
    legacy[16] = 1;
    expectRecordsError(() => splitRecordBatches(legacy), 43, /magic 1/);
  });
});

describe('malformed input', () => {
  const good = encodeRecordBatch({ records: [{ key: 'key', value: 'value', headers: [{ key: 'h', value: 'v' }] }, { value: null }], timestamp: 1000 });
  const goodGzip = encodeRecordBatch({ records: [{ key: 'key', value: 'value' }], compression: CompressionCodec.GZIP, timestamp: 1000 });

  it('truncation at every byte gives RecordsError', () => {
    for (const buf of [good, goodGzip]) {
      for (let cut = 0; cut < buf.length; cut++) {
        expect(() => decodeRecordBatch(buf.subarray(0, cut))).toThrow(RecordsError);
      }
    }
  });

  it('a wrong CRC is CORRUPT_MESSAGE unless verification is off', () => {
    const bad = Buffer.from(good);
    const at = bad.indexOf('value');
    bad[at] = (bad[at] as number) ^ 1;
    expectRecordsError(() => decodeRecordBatch(bad), 2, /CRC mismatch/);
    expectRecordsError(() => decodeRecordBatchHeader(bad), 2, /CRC mismatch/);
    expect(() => decodeRecordBatch(bad, { verifyCrc: false })).not.toThrow();
  });

  it('rejects magic other than 2 and unknown codecs', () => {
    const legacy = Buffer.from(good);
    legacy[16] = 0;
    expectRecordsError(() => decodeRecordBatch(legacy), 43, /magic 0/);
    const codec6 = Buffer.from(good);
    codec6.writeInt16BE(6, 21);
    recomputeCrc(codec6);
    expectRecordsError(() => decodeRecordBatch(codec6), 2, /compression codec id 6/);
  });

  it('rejects a huge record count before allocating', () => {
    for (const count of [0x7fffffff, 1000, 3]) {
      const b = Buffer.from(good);
      b.writeInt32BE(count, 57);
      recomputeCrc(b);
      expectRecordsError(() => decodeRecordBatch(b), 87, /record count \d+ cannot fit|truncated varint|invalid record length/);
    }
    const negative = Buffer.from(good);
    negative.writeInt32BE(-1, 57);
    recomputeCrc(negative);
    expectRecordsError(() => decodeRecordBatch(negative), 87, /invalid record count -1/);
  });

  it('rejects leftover bytes after the declared records', () => {
    const b = Buffer.from(good);
    b.writeInt32BE(1, 57);
    recomputeCrc(b);
    expectRecordsError(() => decodeRecordBatch(b), 87, /bytes left after the batch's 1 records/);
  });

  // Minimal valid record fields: attributes 0, tsDelta 0, offsetDelta 0, key null, value null, 0 headers.
  const ok = [0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-1), ...vi(0)];

  it('accepts a hand-made minimal record (sanity for the cases below)', () => {
    const d = decodeRecordBatch(batchAround(Buffer.from(rec(ok)), 1));
    expect(d.records[0]).toMatchObject({ key: null, value: null, timestamp: 1000n, headers: [] });
  });

  it.each([
    ['record length negative', [...vi(-3), ...ok], /invalid record length -3/],
    ['record length too large', [...vi(1000), ...ok], /invalid record length 1000/],
    ['offsetDelta varint of 6 bytes', rec([0, ...vi(0), 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, ...vi(-1), ...vi(-1), ...vi(0)]), /varint overflows 32 bits/],
    ['offsetDelta varint overflowing 32 bits', rec([0, ...vi(0), 0xff, 0xff, 0xff, 0xff, 0x7f, ...vi(-1), ...vi(-1), ...vi(0)]), /varint overflows 32 bits/],
    ['varlong over 10 bytes', rec([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, ...vi(0), ...vi(-1), ...vi(-1), ...vi(0)]), /varlong/],
    ['key length -2', rec([0, ...vi(0), ...vi(0), ...vi(-2), ...vi(-1), ...vi(0)]), /invalid key length -2/],
    ['key longer than the record', rec([0, ...vi(0), ...vi(0), ...vi(50), ...vi(-1), ...vi(0)]), /key length 50 exceeds/],
    ['value length -7', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-7), ...vi(0)]), /invalid value length -7/],
    ['value longer than the record', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(9), ...vi(0)]), /value length 9 exceeds/],
    ['negative header count', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-1), ...vi(-1)]), /invalid header count -1/],
    ['huge header count', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-1), ...vi(0x3fffffff)]), /header count 1073741823 cannot fit/],
    ['null header key', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-1), ...vi(1), ...vi(-1), ...vi(-1)]), /invalid header key length -1/],
    ['header value too long', rec([0, ...vi(0), ...vi(0), ...vi(-1), ...vi(-1), ...vi(1), ...vi(1), 0x61, ...vi(5)]), /header value length 5 exceeds/],
    ['record longer than its fields', rec([...ok, 0, 0]), /fields end 2 bytes early/],
    ['truncated inside a varint at the record end', [...vi(6), 0, 0x80, 0x80, 0x80, 0x80, 0x80], /truncated varlong/],
  ] as const)('%s → INVALID_RECORD', (_name, bytes, pattern) => {
    expectRecordsError(() => decodeRecordBatch(batchAround(Buffer.from(bytes), 1)), 87, pattern);
  });

  it('fast-check: random corruption of a valid batch (CRC fixed up) never escapes as another error type', () => {
    const base = encodeRecordBatch({ records: [{ key: 'k', value: 'hello', headers: [{ key: 'a', value: 'b' }] }, { key: null, value: 'x'.repeat(40) }, { value: null, timestamp: 5 }], timestamp: 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: base.length - 62 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const b = Buffer.from(base);
        for (const [at, v] of edits) b[61 + at] = v;
        recomputeCrc(b);
        try {
          decodeRecordBatch(b);
        } catch (err) {
          expect(err).toBeInstanceOf(RecordsError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
