import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { decodeRecordBatch, encodeControlBatch, encodeRecordBatch, type EncodeRecordBatchOptions } from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { recomputeCrc, stampLogAppendTime, validateProducedBatches, type ValidationResult } from '../../src/protocol/records/validate.js';

const MAX = 1_048_588;

function batch(extra: Partial<EncodeRecordBatchOptions> = {}): Buffer {
  return encodeRecordBatch({
    records: [{ key: 'a', value: 'one', timestamp: 1000n }, { value: 'two', timestamp: 1500n }, { value: 'three', timestamp: 1200n }],
    timestamp: 0,
    ...extra,
  });
}

/** Applies a header edit and fixes the CRC, so only the edited field is wrong. */
function edited(edit: (b: Buffer) => void, from = batch()): Buffer {
  const b = Buffer.from(from);
  edit(b);
  recomputeCrc(b);
  return b;
}

function expectError(result: ValidationResult, code: number, pattern?: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errorCode).toBe(code);
  if (pattern) expect(result.message).toMatch(pattern);
}

describe('validateProducedBatches', () => {
  it('summarises a valid batch from its header', () => {
    const b = batch({ compression: CompressionCodec.LZ4, producerId: 9n, producerEpoch: 2, baseSequence: 40, isTransactional: true });
    const r = validateProducedBatches(b, { maxMessageBytes: MAX });
    expect(r).toEqual({
      ok: true,
      batch: b,
      sizeBytes: b.length,
      count: 3,
      lastOffsetDelta: 2,
      baseTimestamp: 1000n,
      maxTimestamp: 1500n,
      producerId: 9n,
      producerEpoch: 2,
      baseSequence: 40,
      isTransactional: true,
      isLogAppendTime: false,
      compression: CompressionCodec.LZ4,
    });
  });

  it('accepts a non-idempotent batch (producerId -1, baseSequence -1)', () => {
    expect(validateProducedBatches(batch(), { maxMessageBytes: MAX }).ok).toBe(true);
  });

  it('drops trailing bytes too short to be a batch, returning the batch slice', () => {
    const b = batch();
    const r = validateProducedBatches(Buffer.concat([b, Buffer.alloc(11, 0xff)]), { maxMessageBytes: MAX });
    expect(r.ok && r.batch.equals(b)).toBe(true);
    // A second, partial batch is also ignored (Kafka's iterator stops at it).
    const partial = Buffer.concat([b, b.subarray(0, 40)]);
    const r2 = validateProducedBatches(partial, { maxMessageBytes: MAX });
    expect(r2.ok && r2.sizeBytes).toBe(b.length);
  });

  describe('INVALID_RECORD (87)', () => {
    it('no complete batch: empty, short, or truncated at any byte', () => {
      const b = batch();
      expectError(validateProducedBatches(Buffer.alloc(0), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /at least one/);
      for (let cut = 0; cut < b.length; cut++) {
        const r = validateProducedBatches(b.subarray(0, cut), { maxMessageBytes: MAX });
        expectError(r, ErrorCode.INVALID_RECORD, /at least one complete record batch/);
      }
    });

    it('magic 0 or 1', () => {
      for (const magic of [0, 1]) expectError(validateProducedBatches(edited((b) => (b[16] = magic)), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /magic version 2/);
    });

    it('more than one batch', () => {
      const b = batch();
      expectError(validateProducedBatches(Buffer.concat([b, b]), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /exactly one record batch/);
    });

    it('baseOffset other than 0', () => {
      expectError(validateProducedBatches(batch({ baseOffset: 7n }), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /baseOffset .* should be 0, but it is 7/);
    });

    it('lastOffsetDelta + 1 <= 0', () => {
      expectError(validateProducedBatches(edited((b) => b.writeInt32BE(-1, 23)), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /invalid offset range/);
    });

    it('count <= 0', () => {
      const r = validateProducedBatches(
        edited((b) => {
          b.writeInt32BE(0, 23);
          b.writeInt32BE(0, 57);
        }),
        { maxMessageBytes: MAX },
      );
      expectError(r, ErrorCode.INVALID_RECORD, /Invalid reported count for record batch: 0/);
    });

    it('lastOffsetDelta + 1 != count', () => {
      expectError(validateProducedBatches(edited((b) => b.writeInt32BE(5, 23)), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /Inconsistent batch offset range \[0, 5\] and count of records 3/);
    });

    it('a control batch from a client', () => {
      const marker = encodeControlBatch({ producerId: 1n, producerEpoch: 0, type: 1, coordinatorEpoch: 0, timestamp: 1 });
      expectError(validateProducedBatches(marker, { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /control records/);
    });

    it('producerId >= 0 with baseSequence < 0', () => {
      expectError(validateProducedBatches(batch({ producerId: 0n, producerEpoch: 0, baseSequence: -1 }), { maxMessageBytes: MAX }), ErrorCode.INVALID_RECORD, /Invalid sequence number -1/);
    });
  });

  describe('CORRUPT_MESSAGE (2)', () => {
    it('a CRC mismatch', () => {
      const b = Buffer.from(batch());
      b[b.length - 2] = (b[b.length - 2] as number) ^ 0xff;
      expectError(validateProducedBatches(b, { maxMessageBytes: MAX }), ErrorCode.CORRUPT_MESSAGE, /Record is corrupt \(stored crc/);
    });

    it('a batch length below 14 (negative included)', () => {
      for (const len of [13, 0, -1, -2147483648]) {
        const b = Buffer.from(batch());
        b.writeInt32BE(len, 8);
        expectError(validateProducedBatches(b, { maxMessageBytes: MAX }), ErrorCode.CORRUPT_MESSAGE, /less than the minimum record overhead/);
      }
    });

    it('a complete batch smaller than the 61-byte header', () => {
      const b = Buffer.from(batch().subarray(0, 40));
      b.writeInt32BE(28, 8);
      expectError(validateProducedBatches(b, { maxMessageBytes: MAX }), ErrorCode.CORRUPT_MESSAGE, /smaller than the minimum allowed overhead 61/);
    });

    it('a magic outside 0..2, in the first batch or after it', () => {
      expectError(validateProducedBatches(edited((b) => (b[16] = 3)), { maxMessageBytes: MAX }), ErrorCode.CORRUPT_MESSAGE, /Invalid magic found in record: 3/);
      const second = Buffer.from(batch());
      second[16] = 0xff;
      expectError(validateProducedBatches(Buffer.concat([batch(), second]), { maxMessageBytes: MAX }), ErrorCode.CORRUPT_MESSAGE, /Invalid magic found in record: -1/);
    });
  });

  it('MESSAGE_TOO_LARGE (10) above max.message.bytes, checked before the CRC', () => {
    const b = batch();
    expect(validateProducedBatches(b, { maxMessageBytes: b.length }).ok).toBe(true);
    expectError(validateProducedBatches(b, { maxMessageBytes: b.length - 1 }), ErrorCode.MESSAGE_TOO_LARGE, new RegExp(`${b.length} bytes which exceeds`));
    const badCrc = Buffer.from(b);
    badCrc.writeUInt32BE(0, 17);
    expectError(validateProducedBatches(badCrc, { maxMessageBytes: 10 }), ErrorCode.MESSAGE_TOO_LARGE);
  });

  it('UNSUPPORTED_COMPRESSION_TYPE (76) for zstd before produce v7', () => {
    const z = batch({ compression: CompressionCodec.ZSTD });
    expectError(validateProducedBatches(z, { maxMessageBytes: MAX, produceVersion: 6 }), ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, /ZStandard/);
    expect(validateProducedBatches(z, { maxMessageBytes: MAX, produceVersion: 7 }).ok).toBe(true);
  });

  it('UNKNOWN_SERVER_ERROR (-1) for a codec id Kafka does not know, as Kafka answers', () => {
    expectError(validateProducedBatches(edited((b) => b.writeInt16BE(5, 21)), { maxMessageBytes: MAX }), ErrorCode.UNKNOWN_SERVER_ERROR, /Unknown compression type id: 5/);
  });

  it('checks in Kafka order: baseOffset before size before CRC', () => {
    const b = Buffer.from(batch({ baseOffset: 3n }));
    b.writeUInt32BE(0, 17);
    expectError(validateProducedBatches(b, { maxMessageBytes: 10 }), ErrorCode.INVALID_RECORD, /baseOffset/);
  });
});

describe('stampLogAppendTime', () => {
  it('sets bit 3 and maxTimestamp in place; the CRC stays valid', () => {
    const b = batch({ compression: CompressionCodec.SNAPPY });
    stampLogAppendTime(b, 9_999n);
    const v = validateProducedBatches(b, { maxMessageBytes: MAX });
    expect(v.ok && v.isLogAppendTime).toBe(true);
    expect(v.ok && v.maxTimestamp).toBe(9_999n);
    const d = decodeRecordBatch(b);
    expect(d.attributes).toBe(CompressionCodec.SNAPPY | 0x08);
    expect(d.records.map((r) => r.timestamp)).toEqual([9_999n, 9_999n, 9_999n]);
  });
});
