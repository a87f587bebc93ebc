// Old client generations on the wire: Produce v0–2 with magic 0/1 message sets (plain and compressed
// wrappers) up-converted to v2 batches, ListOffsets v0, JoinGroup/SyncGroup v0, legacy topic configs
// and DescribeConfigs' null message. Message sets are built by kafkajs's own legacy encoder (a second
// implementation) where it has one; records are read back as v2 batches through Fetch v4 and kafkajs.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ApiVersionsRequestVersions, encodeApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { encodeConsumerProtocolSubscription } from '../../src/protocol/generated/messages/consumer-protocol-subscription.js';
import { DescribeConfigsRequestVersions, encodeDescribeConfigsRequest } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { decodeDescribeConfigsResponse } from '../../src/protocol/generated/messages/describe-configs-response.js';
import { defaultFetchPartition, defaultFetchRequest, encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeJoinGroupRequest, JoinGroupRequestVersions } from '../../src/protocol/generated/messages/join-group-request.js';
import { decodeJoinGroupResponse } from '../../src/protocol/generated/messages/join-group-response.js';
import { encodeListOffsetsRequest, ListOffsetsRequestVersions, type ListOffsetsRequest } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse } from '../../src/protocol/generated/messages/list-offsets-response.js';
import { encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse, type PartitionProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeSyncGroupRequest, SyncGroupRequestVersions } from '../../src/protocol/generated/messages/sync-group-request.js';
import { decodeSyncGroupResponse } from '../../src/protocol/generated/messages/sync-group-response.js';
import { decodeRecordBatches, type RecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec, compress } from '../../src/protocol/records/compression.js';
import { crc32, encodeEntry, encodeMessageSet, withLz4HeaderChecksum } from '../../src/protocol/records/legacy.js';
import { registerKafkajsCodecs } from '../helpers/kafkajs-codecs.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const require = createRequire(import.meta.url);

interface KjsEncoder {
  buffer: Buffer;
}
interface KjsEntry {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  timestamp?: number;
  compression?: number;
}
const KjsMessageSet = require('kafkajs/src/protocol/messageSet') as (o: { messageVersion: 0 | 1; compression?: number; entries: KjsEntry[] }) => KjsEncoder;

const ApiVersions = api(ApiVersionsRequestVersions, encodeApiVersionsRequest, decodeApiVersionsResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);
const Fetch = api(FetchRequestVersions, encodeFetchRequest, decodeFetchResponse);
const ListOffsets = api(ListOffsetsRequestVersions, encodeListOffsetsRequest, decodeListOffsetsResponse);
const JoinGroup = api(JoinGroupRequestVersions, encodeJoinGroupRequest, decodeJoinGroupResponse);
const SyncGroup = api(SyncGroupRequestVersions, encodeSyncGroupRequest, decodeSyncGroupResponse);
const DescribeConfigs = api(DescribeConfigsRequestVersions, encodeDescribeConfigsRequest, decodeDescribeConfigsResponse);

/** A plain kafkajs message set (uncompressed entries, offsets -1 as kafkajs sends them). */
function kjsPlain(magic: 0 | 1, entries: KjsEntry[]): Buffer {
  return KjsMessageSet({ messageVersion: magic, compression: 0, entries }).buffer;
}

/** A kafkajs-built wrapper: the inner set (offsets 0..n-1) compressed by `pack`, in one entry of `codec`. */
function kjsWrapped(magic: 0 | 1, codec: number, entries: KjsEntry[], pack: (inner: Buffer) => Buffer, timestamp = 1_600_000_000_000): Buffer {
  const inner = KjsMessageSet({ messageVersion: magic, compression: codec, entries }).buffer;
  return KjsMessageSet({ messageVersion: magic, compression: 0, entries: [{ compression: codec, timestamp, value: pack(inner) }] }).buffer;
}

const gzip = (b: Buffer): Buffer => gzipSync(b);
const rawSnappy = (b: Buffer): Buffer => (require('snappy') as { compressSync(b: Buffer): Buffer }).compressSync(b);
const lz4Frame = (b: Buffer): Buffer => compress(CompressionCodec.LZ4, b);

describe('old clients: Produce v0–2 message sets, ListOffsets v0, group v0, legacy configs', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    registerKafkajsCodecs({ CompressionCodecs, CompressionTypes });
    b = await startTestBroker();
    const topics = b.running.broker.topics;
    for (const t of ['m0', 'm0z', 'm1', 'm1z', 'errs', 'lat', 'mixed']) topics.create(t, 1, {});
    topics.create('compact', 1, { 'cleanup.policy': 'compact' });
    topics.create('appendtime', 1, { 'message.timestamp.type': 'LogAppendTime' });
    c = await RawClient.connect(b.running.port);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  const produce = async (version: number, topic: string, records: Buffer, acks = -1): Promise<PartitionProduceResponse> => {
    const r = await c.call(Produce, version, { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
    return r.responses[0]?.partitionResponses[0] as PartitionProduceResponse;
  };
  const fetchBatches = async (topic: string, offset = 0n): Promise<RecordBatch[]> => {
    const r = await c.call(Fetch, 4, {
      ...defaultFetchRequest(),
      maxWaitMs: 0,
      topics: [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ ...defaultFetchPartition(), fetchOffset: offset, partitionMaxBytes: 1 << 20 }] }],
    });
    const p = r.responses[0]?.partitions[0];
    expect(p?.errorCode).toBe(0);
    return decodeRecordBatches(p?.records ?? Buffer.alloc(0));
  };
  const flat = (batches: RecordBatch[]): { offset: bigint; timestamp: bigint; key: string | null; value: string | null }[] =>
    batches.flatMap((bt) => bt.records.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null })));

  it('Produce v0/v1 with magic-0 message sets: offsets assigned, keys and values kept, NO_TIMESTAMP', async () => {
    const r0 = await produce(0, 'm0', kjsPlain(0, [{ key: 'k0', value: 'v0' }, { key: null, value: 'no-key' }, { key: 'tomb', value: null }]));
    expect(r0).toMatchObject({ errorCode: 0, baseOffset: 0n, errorMessage: null });
    const r1 = await produce(1, 'm0', kjsWrapped(0, CompressionCodec.GZIP, [{ key: 'g0', value: 'gz-zero' }, { key: 'g1', value: 'gz-one' }], gzip));
    expect(r1).toMatchObject({ errorCode: 0, baseOffset: 3n });
    const batches = await fetchBatches('m0');
    expect(batches.map((bt) => [bt.baseOffset, bt.magic, bt.compression, bt.recordCount, bt.producerId, bt.baseTimestamp, bt.maxTimestamp])).toEqual([
      [0n, 2, CompressionCodec.NONE, 3, -1n, -1n, -1n],
      [3n, 2, CompressionCodec.GZIP, 2, -1n, -1n, -1n],
    ]);
    expect(flat(batches)).toEqual([
      { offset: 0n, timestamp: -1n, key: 'k0', value: 'v0' },
      { offset: 1n, timestamp: -1n, key: null, value: 'no-key' },
      { offset: 2n, timestamp: -1n, key: 'tomb', value: null },
      { offset: 3n, timestamp: -1n, key: 'g0', value: 'gz-zero' },
      { offset: 4n, timestamp: -1n, key: 'g1', value: 'gz-one' },
    ]);
  });

  it('magic-0 wrappers in snappy (xerial and raw) and lz4 (Kafka\'s broken header checksum, and the correct one)', async () => {
    const sets: [CompressionCodec, (b: Buffer) => Buffer][] = [
      [CompressionCodec.SNAPPY, (i) => compress(CompressionCodec.SNAPPY, i)],
      [CompressionCodec.SNAPPY, rawSnappy],
      [CompressionCodec.LZ4, (i) => withLz4HeaderChecksum(lz4Frame(i), true)],
      [CompressionCodec.LZ4, lz4Frame],
    ];
    let expected = 0n;
    for (const [i, [codec, pack]] of sets.entries()) {
      const r = await produce(2, 'm0z', kjsWrapped(0, codec, [{ key: `a${i}`, value: `x${i}` }, { key: `b${i}`, value: `y${i}` }], pack));
      expect(r).toMatchObject({ errorCode: 0, baseOffset: expected, logAppendTimeMs: -1n });
      expected += 2n;
    }
    // The broken checksum really is broken: a standard lz4 reader refuses it.
    const broken = withLz4HeaderChecksum(lz4Frame(Buffer.from('x')), true);
    expect(broken.equals(lz4Frame(Buffer.from('x')))).toBe(false);
    const batches = await fetchBatches('m0z');
    expect(batches.map((bt) => bt.compression)).toEqual([CompressionCodec.SNAPPY, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.LZ4]);
    expect(flat(batches).map((r) => `${r.offset}:${r.key}=${r.value}@${r.timestamp}`)).toEqual([
      '0:a0=x0@-1', '1:b0=y0@-1', '2:a1=x1@-1', '3:b1=y1@-1', '4:a2=x2@-1', '5:b2=y2@-1', '6:a3=x3@-1', '7:b3=y3@-1',
    ]);
  });

  /** 11 magic-1 records (2 plain, then 3 in each of a gzip, snappy and lz4 wrapper) at offsets 0-10 of `topic`, each acknowledged at its offset. */
  const produceMagicOne = async (topic: string): Promise<void> => {
    const r = await produce(2, topic, kjsPlain(1, [{ key: 'a', value: 'one', timestamp: 1_500_000_000_001 }, { key: 'b', value: 'two', timestamp: 1_500_000_000_000 }]));
    expect(r).toMatchObject({ errorCode: 0, baseOffset: 0n, logAppendTimeMs: -1n });
    const inner = [{ key: 'c', value: 'three', timestamp: 1_600_000_000_005 }, { key: null, value: 'four', timestamp: 1_600_000_000_007 }, { key: 'e', value: 'five', timestamp: 1_600_000_000_006 }];
    const packs: [CompressionCodec, (b: Buffer) => Buffer][] = [
      [CompressionCodec.GZIP, gzip],
      [CompressionCodec.SNAPPY, rawSnappy],
      [CompressionCodec.LZ4, lz4Frame],
    ];
    let base = 2n;
    for (const [codec, pack] of packs) {
      expect(await produce(2, topic, kjsWrapped(1, codec, inner, pack))).toMatchObject({ errorCode: 0, baseOffset: base });
      base += 3n;
    }
  };

  it('Produce v2 with magic-1 message sets keeps the producer timestamps, plain and in gzip/snappy/lz4 wrappers', async () => {
    await produceMagicOne('m1');
    const batches = await fetchBatches('m1');
    expect(batches.map((bt) => [bt.baseOffset, bt.compression, bt.timestampType, bt.baseTimestamp, bt.maxTimestamp, bt.lastOffsetDelta])).toEqual([
      [0n, CompressionCodec.NONE, 0, 1_500_000_000_001n, 1_500_000_000_001n, 1],
      [2n, CompressionCodec.GZIP, 0, 1_600_000_000_005n, 1_600_000_000_007n, 2],
      [5n, CompressionCodec.SNAPPY, 0, 1_600_000_000_005n, 1_600_000_000_007n, 2],
      [8n, CompressionCodec.LZ4, 0, 1_600_000_000_005n, 1_600_000_000_007n, 2],
    ]);
    const records = flat(batches);
    expect(records.slice(0, 5)).toEqual([
      { offset: 0n, timestamp: 1_500_000_000_001n, key: 'a', value: 'one' },
      { offset: 1n, timestamp: 1_500_000_000_000n, key: 'b', value: 'two' },
      { offset: 2n, timestamp: 1_600_000_000_005n, key: 'c', value: 'three' },
      { offset: 3n, timestamp: 1_600_000_000_007n, key: null, value: 'four' },
      { offset: 4n, timestamp: 1_600_000_000_006n, key: 'e', value: 'five' },
    ]);
    expect(records.map((x) => x.offset)).toEqual([...Array(11).keys()].map(BigInt));
  });

  it('a magic-1 wrapper with relative inner offsets and several entries in one request become one batch', async () => {
    // Two plain entries and a wrapper whose own offset is the last inner one (as a 0.10 producer writes it).
    const set = Buffer.concat([
      encodeEntry(1, 7n, 0, 1_700_000_000_000n, Buffer.from('p'), Buffer.from('plain')),
      encodeMessageSet({ magic: 1, compression: CompressionCodec.GZIP, messages: [
        { offset: 40n, timestamp: 1_700_000_000_001n, key: Buffer.from('w1'), value: Buffer.from('inner-1') },
        { offset: 41n, timestamp: 1_700_000_000_002n, key: Buffer.from('w2'), value: Buffer.from('inner-2') },
      ] }),
      encodeEntry(1, 9n, 0, 1_700_000_000_003n, null, Buffer.from('tail')),
    ]);
    expect(await produce(2, 'mixed', set)).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const batches = await fetchBatches('mixed');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.compression).toBe(CompressionCodec.GZIP);
    expect(flat(batches).map((r) => `${r.offset}:${r.key}=${r.value}@${r.timestamp}`)).toEqual([
      '0:p=plain@1700000000000', '1:w1=inner-1@1700000000001', '2:w2=inner-2@1700000000002', '3:null=tail@1700000000003',
    ]);
  });

  it('LogAppendTime topics stamp up-converted batches and answer the append time', async () => {
    const before = Date.now();
    const r = await produce(2, 'appendtime', kjsPlain(1, [{ key: 'k', value: 'v', timestamp: 1000 }]));
    expect(r.errorCode).toBe(0);
    expect(Number(r.logAppendTimeMs)).toBeGreaterThanOrEqual(before);
    const [batch] = await fetchBatches('appendtime');
    expect(batch?.timestampType).toBe(1);
    expect(batch?.records[0]?.timestamp).toBe(r.logAppendTimeMs);
  });

  it('refuses what Kafka refuses: bad CRC, keyless records on compacted topics, zstd, nested compression, mismatched inner magic', async () => {
    const good = kjsPlain(1, [{ key: 'k', value: 'v', timestamp: 1 }]);
    const badCrc = Buffer.from(good);
    badCrc.writeUInt8(badCrc.readUInt8(badCrc.length - 1) ^ 0xff, badCrc.length - 1);
    const crcFail = await produce(2, 'errs', badCrc);
    expect(crcFail.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect((await produce(2, 'compact', kjsPlain(1, [{ key: null, value: 'v', timestamp: 1 }]))).errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect(await produce(2, 'compact', kjsPlain(1, [{ key: 'k', value: 'v', timestamp: 1 }]))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const zstdWrapper = encodeEntry(1, 0n, CompressionCodec.ZSTD, 1n, null, Buffer.from('whatever'));
    expect((await produce(2, 'errs', zstdWrapper)).errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    const nested = kjsWrapped(1, CompressionCodec.GZIP, [{ value: 'x', compression: CompressionCodec.GZIP, timestamp: 1 }], gzip);
    expect((await produce(2, 'errs', nested)).errorCode).toBe(ErrorCode.INVALID_RECORD);
    const mismatched = kjsWrapped(1, CompressionCodec.GZIP, [], () => gzip(kjsPlain(0, [{ value: 'v0 inside v1' }])));
    expect((await produce(2, 'errs', mismatched)).errorCode).toBe(ErrorCode.INVALID_RECORD);
    // max.message.bytes applies to each entry as sent.
    b.running.broker.topics.create('small', 1, { 'max.message.bytes': '100' });
    expect((await produce(2, 'small', kjsPlain(1, [{ value: 'x'.repeat(200), timestamp: 1 }]))).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    // Nothing of the refused requests was appended.
    expect(await fetchBatches('errs')).toEqual([]);
    // An empty message set appends nothing and is not an error (offset -1).
    expect(await produce(0, 'errs', Buffer.alloc(0))).toMatchObject({ errorCode: 0, baseOffset: -1n });
    // Our CRC-32 is java.util.zip.CRC32's.
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('Produce v2 still takes a v2 batch (librdkafka with an old api.version.request) and acks=0 message sets', async () => {
    const { encodeRecordBatch } = await import('../../src/protocol/records/batch.js');
    const batch = encodeRecordBatch({ records: [{ key: 'v2', value: 'batch', timestamp: 42 }] });
    expect(await produce(2, 'lat', batch)).toMatchObject({ errorCode: 0, baseOffset: 0n });
    // acks=0: no response comes; the next request on the connection is answered after it.
    void c.call(Produce, 0, { transactionalId: null, acks: 0, timeoutMs: 0, topicData: [{ name: 'lat', partitionData: [{ index: 0, records: kjsPlain(0, [{ value: 'fire-and-forget' }]) }] }] });
    expect(await produce(1, 'lat', kjsPlain(0, [{ value: 'after' }]))).toMatchObject({ errorCode: 0, baseOffset: 2n });
    expect(flat(await fetchBatches('lat')).map((r) => r.value)).toEqual(['batch', 'fire-and-forget', 'after']);
  }, 10_000);

  it('kafkajs consumes what magic 0/1 producers wrote, as v2 records', async () => {
    const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'old-clients', logLevel: logLevel.NOTHING });
    b.running.broker.topics.create('m1-read', 1, {});
    await produceMagicOne('m1-read');
    const consumer = kafka.consumer({ groupId: 'old-clients-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'm1-read', fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: ({ message }) => {
            seen.push(`${message.offset}:${message.key?.toString() ?? 'null'}=${message.value?.toString() ?? 'null'}@${message.timestamp}`);
            if (seen.length === 11) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    const wrapped = (from: number): string[] => [`${from}:c=three@1600000000005`, `${from + 1}:null=four@1600000000007`, `${from + 2}:e=five@1600000000006`];
    expect(seen).toEqual(['0:a=one@1500000000001', '1:b=two@1500000000000', ...wrapped(2), ...wrapped(5), ...wrapped(8)]);
  }, 30_000);

  it('ListOffsets v0 answers old-style offset arrays: latest, earliest, by time, capped by max_num_offsets', async () => {
    const topics = b.running.broker.topics;
    topics.create('lo0', 1, {});
    topics.create('lo0-empty', 1, {});
    for (let i = 0; i < 3; i++) await produce(0, 'lo0', kjsPlain(0, [{ value: `m${i}` }, { value: `n${i}` }]));
    const req = (topic: string, timestamp: bigint, maxNumOffsets: number): ListOffsetsRequest => ({
      replicaId: -1,
      isolationLevel: 0,
      timeoutMs: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets }] }],
    });
    const offsets = async (topic: string, timestamp: bigint, max: number): Promise<unknown> => {
      const r = await c.call(ListOffsets, 0, req(topic, timestamp, max));
      const p = r.topics[0]?.partitions[0];
      return { errorCode: p?.errorCode, offsets: p?.oldStyleOffsets };
    };
    expect(await offsets('lo0', -1n, 1)).toEqual({ errorCode: 0, offsets: [6n] });
    expect(await offsets('lo0', -1n, 10)).toEqual({ errorCode: 0, offsets: [6n, 0n] });
    expect(await offsets('lo0', -2n, 1)).toEqual({ errorCode: 0, offsets: [0n] });
    expect(await offsets('lo0', -1n, 0)).toEqual({ errorCode: 0, offsets: [] });
    expect(await offsets('lo0', BigInt(Date.now() + 60_000), 5)).toEqual({ errorCode: 0, offsets: [6n, 0n] });
    expect(await offsets('lo0', 1n, 5)).toEqual({ errorCode: 0, offsets: [] });
    expect(await offsets('lo0-empty', -1n, 5)).toEqual({ errorCode: 0, offsets: [0n] });
    expect(await offsets('no-such-topic', -1n, 1)).toEqual({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, offsets: [] });
    // After a roll the older segment's base offset is a candidate too.
    topics.get('lo0')?.partitions[0]?.log.roll();
    await produce(0, 'lo0', kjsPlain(0, [{ value: 'later' }]));
    expect(await offsets('lo0', -1n, 10)).toEqual({ errorCode: 0, offsets: [7n, 6n, 0n] });
  });

  it('kafkajs lists offsets, and ApiVersions advertises Produce and ListOffsets from v0', async () => {
    const admin = new Kafka({ brokers: [b.bootstrap], clientId: 'old-clients', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    b.running.broker.topics.create('lo-kjs', 1, {});
    expect(await produce(0, 'lo-kjs', kjsPlain(0, Array.from({ length: 7 }, (_, i) => ({ value: `r${i}` }))))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(await admin.fetchTopicOffsets('lo-kjs')).toEqual([{ partition: 0, offset: '7', high: '7', low: '0' }]);
    await admin.disconnect();
    const versions = await c.call(ApiVersions, 0, { clientSoftwareName: '', clientSoftwareVersion: '' });
    const range = (key: number): [number, number] | undefined => {
      const k = versions.apiKeys.find((a) => a.apiKey === key);
      return k === undefined ? undefined : [k.minVersion, k.maxVersion];
    };
    expect(range(0)).toEqual([0, 11]);
    expect(range(2)).toEqual([0, 10]);
  });

  it('kafkajs\'s Broker.listOffsets at v0 (its own suite\'s case) answers the offset', async () => {
    const Broker = require('kafkajs/src/broker') as new (o: object) => {
      connect(): Promise<void>;
      disconnect(): Promise<void>;
      versions: Record<number, { minVersion: number; maxVersion: number }>;
      listOffsets(o: object): Promise<unknown>;
    };
    const ConnectionPool = require('kafkajs/src/network/connectionPool') as new (o: object) => object;
    const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
    const { createLogger, LEVELS } = require('kafkajs/src/loggers') as { createLogger: (o: object) => object; LEVELS: { NOTHING: number } };
    const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });
    b.running.broker.topics.create('m1-lo', 1, {});
    await produceMagicOne('m1-lo');
    const pool = new ConnectionPool({ host: '127.0.0.1', port: b.running.port, logger, clientId: 'kjs-lo0', connectionTimeout: 1000, requestTimeout: 30_000, socketFactory });
    const broker = new Broker({ connectionPool: pool, logger });
    await broker.connect();
    try {
      const range = broker.versions[2] as { minVersion: number; maxVersion: number };
      range.minVersion = 0;
      range.maxVersion = 0;
      const response = await broker.listOffsets({ topics: [{ topic: 'm1-lo', partitions: [{ partition: 0 }] }] });
      expect(response).toEqual({ responses: [{ topic: 'm1-lo', partitions: [{ errorCode: 0, offset: '11', partition: 0 }] }] });
    } finally {
      await broker.disconnect();
    }
  });

  it('JoinGroup v0 then SyncGroup v0 (and v1+ joins that send rebalance timeout 0, as kafkajs\'s Broker.joinGroup does)', async () => {
    const w = new Writer(64).int16(0);
    encodeConsumerProtocolSubscription(w, { topics: ['m1'], userData: null, ownedPartitions: [], generationId: -1, rackId: null }, 0);
    const metadata = w.toBuffer();
    const join = { groupId: 'g-v0', sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 0, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata }], reason: null };
    const j = await c.call(JoinGroup, 0, join);
    expect(j).toMatchObject({ errorCode: 0, generationId: 1, leader: j.memberId });
    const assignment = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const s = await c.call(SyncGroup, 0, { groupId: 'g-v0', generationId: 1, memberId: j.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [{ memberId: j.memberId, assignment }] });
    expect(s).toMatchObject({ errorCode: 0, assignment });
    // JoinGroup v5 with a rebalance timeout of 0: the member must survive until its SyncGroup.
    const first = await c.call(JoinGroup, 5, { ...join, groupId: 'g-zero' });
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const j5 = await c.call(JoinGroup, 5, { ...join, groupId: 'g-zero', memberId: first.memberId });
    expect(j5.errorCode).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    const s5 = await c.call(SyncGroup, 3, { groupId: 'g-zero', generationId: j5.generationId, memberId: j5.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [{ memberId: j5.memberId, assignment }] });
    expect(s5).toMatchObject({ errorCode: 0, assignment });
  });

  it('kafkajs\'s Broker.joinGroup + syncGroup (no rebalance timeout) keeps the member', async () => {
    const Broker = require('kafkajs/src/broker') as new (o: object) => {
      connect(): Promise<void>;
      disconnect(): Promise<void>;
      joinGroup(o: object): Promise<{ generationId: number; memberId: string }>;
      syncGroup(o: object): Promise<{ errorCode: number; memberAssignment: Buffer }>;
    };
    const ConnectionPool = require('kafkajs/src/network/connectionPool') as new (o: object) => object;
    const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
    const { createLogger, LEVELS } = require('kafkajs/src/loggers') as { createLogger: (o: object) => object; LEVELS: { NOTHING: number } };
    const { MemberMetadata, MemberAssignment } = require('kafkajs/src/consumer/assignerProtocol') as { MemberMetadata: { encode(o: object): Buffer }; MemberAssignment: { encode(o: object): Buffer } };
    const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });
    const pool = new ConnectionPool({ host: '127.0.0.1', port: b.running.port, logger, clientId: 'kjs-broker', connectionTimeout: 1000, requestTimeout: 30_000, socketFactory });
    const broker = new Broker({ connectionPool: pool, logger });
    await broker.connect();
    try {
      const { generationId, memberId } = await broker.joinGroup({ groupId: 'kjs-sync', sessionTimeout: 30_000, groupProtocols: [{ name: 'AssignerName', metadata: MemberMetadata.encode({ version: 1, topics: ['m1'] }) }] });
      const memberAssignment = MemberAssignment.encode({ version: 1, assignment: { m1: [0] } });
      const res = await broker.syncGroup({ groupId: 'kjs-sync', generationId, memberId, groupAssignment: [{ memberId, memberAssignment }] });
      expect(res).toMatchObject({ errorCode: 0, memberAssignment });
    } finally {
      await broker.disconnect();
    }
  });

  it('accepts the Kafka 3.x topic configs 4.0 removed, lists them only when set, and DescribeConfigs answers Kafka 4.4\'s "" message on success', async () => {
    const admin = new Kafka({ brokers: [b.bootstrap], clientId: 'old-clients', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'legacy-cfg', configEntries: [{ name: 'message.timestamp.difference.max.ms', value: '86400000' }, { name: 'message.format.version', value: '2.8' }] }] });
      const res = await c.call(DescribeConfigs, 1, { resources: [{ resourceType: 2, resourceName: 'legacy-cfg', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
      expect(res.results[0]).toMatchObject({ errorCode: 0, errorMessage: '' });
      const byName = new Map(res.results[0]?.configs.map((e) => [e.name, e.value]));
      expect(byName.get('message.timestamp.difference.max.ms')).toBe('86400000');
      expect(byName.get('message.format.version')).toBe('2.8');
      expect(byName.has('message.downconversion.enable')).toBe(false);
      const plain = await c.call(DescribeConfigs, 4, { resources: [{ resourceType: 2, resourceName: 'm1', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
      expect(plain.results[0]?.errorMessage).toBe('');
      expect(plain.results[0]?.configs.some((e) => e.name === 'message.timestamp.difference.max.ms')).toBe(false);
      const asked = await c.call(DescribeConfigs, 4, { resources: [{ resourceType: 2, resourceName: 'm1', configurationKeys: ['message.downconversion.enable'] }], includeSynonyms: false, includeDocumentation: false });
      expect(asked.results[0]?.configs.map((e) => [e.name, e.value])).toEqual([['message.downconversion.enable', 'true']]);
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'legacy-cfg', configEntries: [{ name: 'message.downconversion.enable', value: 'false' }] }] });
      expect(b.running.broker.topics.get('legacy-cfg')?.configs['message.downconversion.enable']).toBe('false');
      await expect(admin.createTopics({ topics: [{ topic: 'legacy-bad', configEntries: [{ name: 'message.timestamp.difference.max.ms', value: '-5' }] }] })).rejects.toMatchObject({
        errors: [{ type: 'INVALID_CONFIG', code: 40, topic: 'legacy-bad' }],
      });
    } finally {
      await admin.disconnect();
    }
  });
});
