// Interop with kafkajs's own record batch code (CJS internals, loaded with createRequire): batches it
// encodes decode with ours to the exact values, and ours decode with its fetch-path decoders.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerKafkajsCodecs, type KafkajsCompressionApi } from '../helpers/kafkajs-codecs.js';
import { TimestampType, decodeRecordBatch, encodeControlBatch, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import type { RecordInput } from '../../src/protocol/records/record.js';
import { stampLogAppendTime } from '../../src/protocol/records/validate.js';

const require = createRequire(import.meta.url);

interface KjsEncoder {
  buffer: Buffer;
}
type KjsHeaders = Record<string, Buffer | string | (Buffer | string)[]>;
interface KjsRecordInput {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: KjsHeaders;
}
interface KjsLong {
  toString(): string;
}
interface KjsRecordBatchOptions {
  compression: number;
  firstOffset?: KjsLong;
  firstTimestamp: number;
  maxTimestamp: number;
  partitionLeaderEpoch?: number;
  lastOffsetDelta: number;
  transactional?: boolean;
  producerId?: KjsLong;
  producerEpoch?: number;
  firstSequence?: number;
  records: KjsEncoder[];
}
interface KjsDecodedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
  isControlRecord: boolean;
}
interface KjsDecodedBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  timestampType: number;
  records: KjsDecodedRecord[];
}

const kafkajs = require('kafkajs') as KafkajsCompressionApi;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: string | number): KjsLong };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: KjsRecordInput) => KjsEncoder;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: KjsRecordBatchOptions) => Promise<KjsEncoder> };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buf: Buffer) => object;
const decodeKjsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: object) => Promise<KjsDecodedBatch>;
const decodeKjsMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (d: object) => Promise<KjsDecodedRecord[]>;

const CODECS = [CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD] as const;

beforeAll(() => {
  registerKafkajsCodecs(kafkajs);
});

describe('kafkajs encodes, we decode', () => {
  const FIRST_TS = 1_700_000_000_000;
  const kjsRecords: KjsRecordInput[] = [
    { offsetDelta: 0, timestampDelta: 0, key: 'key-0', value: Buffer.from('value-0'), headers: { a: 'x', b: ['1', '2'] } },
    { offsetDelta: 1, timestampDelta: -250, key: null, value: 'tombstone-next' },
    { offsetDelta: 2, timestampDelta: 40_000, key: Buffer.alloc(0), value: null },
    { offsetDelta: 3, timestampDelta: 1, key: 'k', value: Buffer.alloc(0), headers: { empty: Buffer.alloc(0) } },
  ];

  it.each(CODECS)('codec %i', async (codec) => {
    const encoded = await RecordBatch({
      compression: codec,
      firstOffset: Long.fromValue('12345678901'),
      firstTimestamp: FIRST_TS,
      maxTimestamp: FIRST_TS + 40_000,
      partitionLeaderEpoch: 4,
      lastOffsetDelta: 3,
      transactional: true,
      producerId: Long.fromValue(77),
      producerEpoch: 2,
      firstSequence: 5,
      records: kjsRecords.map((r) => Record(r)),
    });
    const d = decodeRecordBatch(encoded.buffer); // also verifies kafkajs's CRC
    expect(d).toMatchObject({
      baseOffset: 12345678901n,
      partitionLeaderEpoch: 4,
      compression: codec,
      isTransactional: true,
      isControl: false,
      lastOffsetDelta: 3,
      baseTimestamp: BigInt(FIRST_TS),
      maxTimestamp: BigInt(FIRST_TS + 40_000),
      producerId: 77n,
      producerEpoch: 2,
      baseSequence: 5,
      recordCount: 4,
      sizeInBytes: encoded.buffer.length,
    });
    expect(
      d.records.map((r) => ({
        offset: r.offset,
        timestamp: r.timestamp,
        key: r.key?.toString() ?? null,
        value: r.value?.toString() ?? null,
        headers: r.headers.map((h) => [h.key, h.value?.toString() ?? null]),
      })),
    ).toEqual([
      { offset: 12345678901n, timestamp: BigInt(FIRST_TS), key: 'key-0', value: 'value-0', headers: [['a', 'x'], ['b', '1'], ['b', '2']] },
      { offset: 12345678902n, timestamp: BigInt(FIRST_TS - 250), key: null, value: 'tombstone-next', headers: [] },
      { offset: 12345678903n, timestamp: BigInt(FIRST_TS + 40_000), key: '', value: null, headers: [] },
      { offset: 12345678904n, timestamp: BigInt(FIRST_TS + 1), key: 'k', value: '', headers: [['empty', '']] },
    ]);
  });
});

describe('we encode, kafkajs decodes', () => {
  const records: RecordInput[] = [
    { key: 'user-1', value: '{"n":1}', headers: [{ key: 'trace', value: 'abc' }, { key: 'nullh', value: null }], timestamp: 1_700_000_000_000n },
    { key: null, value: Buffer.from([0, 1, 2, 255]), timestamp: 1_699_999_999_000n },
    { key: Buffer.alloc(0), value: null, timestamp: 1_700_000_000_777n },
  ];

  it.each(CODECS)('codec %i through recordBatch/v0/decoder', async (codec) => {
    const buf = encodeRecordBatch({ records, compression: codec, baseOffset: 500n, producerId: 9n, producerEpoch: 1, baseSequence: 3, isTransactional: true, partitionLeaderEpoch: 6 });
    const b = await decodeKjsBatch(new Decoder(buf));
    expect(b).toMatchObject({
      firstOffset: '500',
      firstTimestamp: '1700000000000',
      maxTimestamp: '1700000000777',
      lastOffsetDelta: 2,
      producerId: '9',
      producerEpoch: 1,
      firstSequence: 3,
      inTransaction: true,
      isControlBatch: false,
    });
    expect(b.records.map((r) => [r.offset, r.timestamp, r.key, r.value, r.headers])).toEqual([
      ['500', '1700000000000', Buffer.from('user-1'), Buffer.from('{"n":1}'), { trace: Buffer.from('abc'), nullh: null }],
      ['501', '1699999999000', null, Buffer.from([0, 1, 2, 255]), {}],
      ['502', '1700000000777', Buffer.alloc(0), null, {}],
    ]);
  });

  it('a fetch blob with a trailing partial batch through fetch v4 decodeMessages', async () => {
    const batches = [0n, 3n, 6n].map((baseOffset, i) =>
      encodeRecordBatch({ baseOffset, records: [{ value: `a${i}` }, { value: `b${i}` }, { value: `c${i}` }], compression: i === 1 ? CompressionCodec.ZSTD : CompressionCodec.NONE, timestamp: 1000 }),
    );
    const blob = Buffer.concat(batches);
    const partial = blob.subarray(0, blob.length - 10);
    const framed = Buffer.alloc(4 + partial.length);
    framed.writeInt32BE(partial.length, 0);
    partial.copy(framed, 4);
    const recs = await decodeKjsMessages(new Decoder(framed));
    expect(recs.map((r) => [r.offset, r.value?.toString()])).toEqual([
      ['0', 'a0'],
      ['1', 'b0'],
      ['2', 'c0'],
      ['3', 'a1'],
      ['4', 'b1'],
      ['5', 'c1'],
    ]);
  });

  it('LogAppendTime stamped by the broker is what kafkajs reports', async () => {
    const buf = encodeRecordBatch({ records, compression: CompressionCodec.GZIP });
    stampLogAppendTime(buf, 1_800_000_000_000n);
    const b = await decodeKjsBatch(new Decoder(buf));
    expect(b.timestampType).toBe(TimestampType.LOG_APPEND_TIME);
    expect(b.records.map((r) => r.timestamp)).toEqual(['1800000000000', '1800000000000', '1800000000000']);
  });

  it('a transaction marker is a control batch to kafkajs', async () => {
    const b = await decodeKjsBatch(new Decoder(encodeControlBatch({ producerId: 4n, producerEpoch: 0, type: 1, coordinatorEpoch: 2, timestamp: 5n, baseOffset: 9n })));
    expect(b.isControlBatch).toBe(true);
    expect(b.inTransaction).toBe(true);
    expect(b.records).toHaveLength(1);
    expect(b.records[0]?.isControlRecord).toBe(true);
    expect(b.records[0]?.key?.toString('hex')).toBe('00000001');
  });
});
